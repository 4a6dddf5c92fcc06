// No look-alike characters (0/O, 1/l/I), so a password read aloud or copied by hand survives.
const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#$%&*?-_'];

/** Uniform integer in [0, n) from the browser's CSPRNG (rejection sampling avoids modulo bias). */
function randomInt(n: number): number {
  const buf = new Uint32Array(1);
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  do crypto.getRandomValues(buf);
  while ((buf[0] as number) >= limit);
  return (buf[0] as number) % n;
}

const pick = (set: string) => set.charAt(randomInt(set.length));

/** A 16-character password holding every character class. */
export function generatePassword(length = 16): string {
  const all = SETS.join('');
  const chars = SETS.map(pick);
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
