// What a user must never read on a page: an id, a code word meant for machines, a raw division code.

export interface PageFinding {
  kind: 'uuid' | 'code' | 'division' | 'overflow';
  word: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
// Lower-case Latin words of three letters or more, snake_case included (`total_arsenic`, `pending`).
const CODE_WORD = /(?<![A-Za-z0-9./:@-])[a-z]{3,}(?:_[a-z0-9]+)*(?![A-Za-z0-9@])/g;
// Text a user types or reads as such: links, file names, e-mail addresses.
const QUOTED = /\bhttps?:\/\/\S+|\S+\.(?:xlsx|csv|pdf|docx|png|jpe?g)\b|\S+@\S+/gi;

/** Findings in a page's visible text; `allow` lists words that are the user's own (user names). */
export function findWords(text: string, divisionCodes: string[], allow: string[] = []): PageFinding[] {
  const found: PageFinding[] = [];
  for (const m of text.matchAll(UUID)) found.push({ kind: 'uuid', word: m[0] });
  const plain = text.replace(UUID, ' ').replace(QUOTED, ' ');
  const allowed = new Set(allow.map((w) => w.toLowerCase()));
  for (const m of plain.matchAll(CODE_WORD)) if (!allowed.has(m[0])) found.push({ kind: 'code', word: m[0] });
  const numbers = new Set(text.match(/\d+/g) ?? []);
  for (const code of divisionCodes) {
    if (!numbers.has(code)) continue;
    const at = text.search(new RegExp(`(?<!\\d)${code}(?!\\d)`));
    found.push({
      kind: 'division',
      word: `${code} in “${text.slice(Math.max(0, at - 12), at + code.length + 4)}”`,
    });
  }
  return dedupe(found);
}

function dedupe(list: PageFinding[]): PageFinding[] {
  const seen = new Set<string>();
  return list.filter((f) => !seen.has(`${f.kind}:${f.word}`) && seen.add(`${f.kind}:${f.word}`));
}
