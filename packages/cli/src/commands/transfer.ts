// Wired to the import/export functions of the entities and regions domains.
export async function transfer(
  _cmd: 'import' | 'export',
  _what: string,
  _file: string,
  _o: Record<string, string | boolean | undefined>,
): Promise<void> {
  throw new Error('导入导出命令尚未接入');
}
