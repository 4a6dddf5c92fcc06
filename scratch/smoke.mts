import ExcelJS from 'exceljs';
import { readUploadRows, holdUploadPool } from '/work/wt/uploads/packages/server/src/platform/upload.ts';
const release = holdUploadPool();
const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('a');
ws.addRow(['名称', '数量']);
ws.addRow(['低风险', 3]);
ws.addRow(['x\u0001y', 4]);
const buf = Buffer.from(await wb.xlsx.writeBuffer());
try { console.log(JSON.stringify(await readUploadRows(buf, { formats: ["xlsx"], maxRows: 10 }))); } catch (e) { console.log('ERR', (e as any).statusCode, (e as Error).message, (e as any).issues); }
console.log(await readUploadRows(Buffer.from('a,b\n1,2\n'), { formats: ['xlsx','csv'], maxRows: 10 }));
await release();
console.log('done');
