/**
 * Text that can reach the database or a spreadsheet safely. One place decides what is refused,
 * so the HTTP hook, the file readers and the forms all say the same thing.
 */

// C0 controls except tab, line feed and carriage return; DEL; C1 controls. NUL is among them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Characters that draw nothing: format characters (zero-width, bidi marks, BOM), separators and
// the Hangul fillers that some apps use as "blank" names.
const INVISIBLE = /[\p{Cf}\p{Z}\s\u115F\u1160\u3164\uFFA0\u2800]/gu;
const INVISIBLE_ONLY_NON_SPACE = /[\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/u;

/** Why a piece of text is refused, in the UI's language, or null when it is acceptable. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return '含有空字符（NUL）';
  if (CONTROL.test(s)) return '含有控制字符';
  if (LONE_SURROGATE.test(s)) return '含有无效的 Unicode 字符（孤立代理项）';
  // Plain spaces are left to each field's own trimming and minimum length; a value made only of
  // invisible characters that are not plain spaces looks filled in but shows nothing.
  // The test first: it copies nothing, and most text has no such character.
  if (s.length > 0 && INVISIBLE_ONLY_NON_SPACE.test(s) && s.replace(INVISIBLE, '') === '')
    return '只含不可见字符';
  return null;
}

/** The first problem found anywhere in a parsed JSON value, with its dotted path. */
export function findTextProblem(value: unknown, path = ''): { field: string; reason: string } | null {
  if (typeof value === 'string') {
    const reason = textProblem(value);
    return reason ? { field: path, reason } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findTextProblem(value[i], path ? `${path}.${i}` : String(i));
      if (p) return p;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyReason = textProblem(k);
      if (keyReason) return { field: path ? `${path}.${k}` : k, reason: `字段名${keyReason}` };
      const p = findTextProblem(v, path ? `${path}.${k}` : k);
      if (p) return p;
    }
  }
  return null;
}

const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * A cell value that a spreadsheet will not run as a formula: text starting with = + - @ (or a
 * tab or carriage return, which some programs skip before the sign) gets a leading apostrophe.
 * Text that already starts with apostrophes before such a sign gets one more, so unquoteCell can
 * always give back the original.
 */
export function safeCell(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** The text safeCell was given, from a cell it wrote (for imports of our own exports). */
export function unquoteCell(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}
