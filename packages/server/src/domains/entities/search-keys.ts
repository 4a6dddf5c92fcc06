/**
 * The directory search's keys (index `entities_search_idx`, migration 0047): every character and
 * every pair of neighbouring characters of the name, the legal representative and the address,
 * each field on its own, as integers. The app computes them for the rows it writes (the entity
 * import's 100,000 rows cost PostgreSQL half as much to index as the text grams of 0042 did, whose
 * sorting and merging were text comparisons); the SQL function `entity_search_keys` computes the
 * same set, and a trigger uses it for rows written without them and for renames.
 *
 * A character is a UTF-16 code unit (a character outside the BMP is its two surrogates), with A–Z
 * folded to a–z (only ASCII, the same in JavaScript and in the SQL of both databases; see
 * queryKeyGroups for the other cased letters). A key is
 * the unit u itself (0–65535) for one character, and the 32 bits `u1 << 16 | u2` read as a signed
 * integer for a pair: a pair's first unit is never 0, so a pair is either 65536 or more or
 * negative, never a single character. Small numbers keep the import's JSON short.
 */

const unit = (s: string, i: number): number => {
  const u = s.charCodeAt(i);
  return u >= 65 && u <= 90 ? u + 32 : u;
};

/** The keys of one entity's text: sorted, each once (GIN sorts them again, cheaply when sorted). */
export function searchKeys(...fields: (string | null | undefined)[]): number[] {
  let size = 0;
  for (const f of fields) size += f ? 2 * f.length : 0;
  const keys = scratch(size);
  let n = 0;
  for (const f of fields) {
    if (!f) continue;
    let prev = unit(f, 0);
    keys[n++] = prev;
    for (let i = 1; i < f.length; i++) {
      const u = unit(f, i);
      keys[n++] = u;
      keys[n++] = (prev << 16) | u;
      prev = u;
    }
  }
  return uniqueSorted(keys.subarray(0, n));
}

/**
 * The keys a text search needs, in groups: an entity holding the text (as ILIKE matches it) holds
 * at least one key of every group. One character is one group; longer text, a group per pair of
 * neighbours. A group has one key, except where a letter beyond ASCII has another case (É and é,
 * Ａ and ａ, Σ and σ): ILIKE folds it (lower() on both databases) and the keys do not, so its group
 * holds the key of each case. Characters that fold to another one outside these (the Kelvin sign
 * K and k) are not followed.
 */
export function queryKeyGroups(q: string): number[][] {
  const units: number[][] = [];
  for (const c of q) {
    const cases =
      c > '\x7f' ? [c, c.toLowerCase(), c.toUpperCase()].filter((v) => v.length === c.length) : [c];
    for (let i = 0; i < c.length; i++) units.push([...new Set(cases.map((v) => unit(v, i)))]);
  }
  if (units.length === 1) return [uniqueSorted(Int32Array.from(units[0] as number[]))];
  const groups = new Map<string, number[]>();
  for (let i = 1; i < units.length; i++) {
    const group: number[] = [];
    for (const a of units[i - 1] as number[]) for (const b of units[i] as number[]) group.push((a << 16) | b);
    const keys = uniqueSorted(Int32Array.from(group));
    groups.set(keys.join(), keys);
  }
  return [...groups.values()];
}

// One buffer reused for every call (the import computes keys for each of its rows).
let buffer = new Int32Array(256);
function scratch(size: number): Int32Array {
  if (buffer.length < size) buffer = new Int32Array(size * 2);
  return buffer;
}

function uniqueSorted(keys: Int32Array): number[] {
  keys.sort();
  const out: number[] = [];
  for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[i - 1]) out.push(keys[i] as number);
  return out;
}

/** An integer[] literal, the parameter form both drivers take. */
export const keysLiteral = (keys: number[]): string => `{${keys.join(',')}}`;
