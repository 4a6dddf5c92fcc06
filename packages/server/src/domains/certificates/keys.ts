import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Ed25519 keys that sign trace codes. They live in a directory outside the database
 * (NONGAN_KEYS_DIR, default <data dir>/keys), so a database dump alone cannot forge codes.
 * Rotation adds a key and makes it active; old keys stay to verify the codes they signed.
 */
export interface KeyRing {
  activeId: string;
  sign: KeyObject;
  /** Private keys by id: a compact code's short tag is checked by signing again (trace-code.ts). */
  signers: Map<string, KeyObject>;
  /** Public keys by id, for verification (and for publishing to offline checkers). */
  publicKeys: Map<string, KeyObject>;
}

const KEY_FILE = /^(k[0-9a-z]{6})\.pem$/;

function newKeyId(): string {
  return `k${randomBytes(4).toString('hex').slice(0, 6)}`;
}

function writeKey(dir: string): string {
  const id = newKeyId();
  const { privateKey } = generateKeyPairSync('ed25519');
  const file = join(dir, `${id}.pem`);
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  chmodSync(file, 0o600);
  writeFileSync(join(dir, 'active'), `${id}\n`, { mode: 0o600 });
  return id;
}

/** Loads the key ring, creating the directory and a first key on first start. */
export function loadKeyRing(dir: string): KeyRing {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(join(dir, 'active'))) writeKey(dir);
  const activeId = readFileSync(join(dir, 'active'), 'utf8').trim();
  const privates = new Map<string, KeyObject>();
  for (const f of readdirSync(dir)) {
    const m = f.match(KEY_FILE);
    if (m) privates.set(m[1] as string, createPrivateKey(readFileSync(join(dir, f))));
  }
  const sign = privates.get(activeId);
  if (!sign) throw new Error(`活动密钥 ${activeId} 不存在于 ${dir}`);
  const publicKeys = new Map([...privates].map(([id, k]) => [id, createPublicKey(k)]));
  return { activeId, sign, signers: privates, publicKeys };
}

/** Adds a new key and makes it active; returns its id. */
export function rotateKey(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return writeKey(dir);
}

/** A throw-away ring held in memory (tests, API-only tools): codes it signs die with the process. */
export function memoryKeyRing(): KeyRing {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const activeId = newKeyId();
  return {
    activeId,
    sign: privateKey,
    signers: new Map([[activeId, privateKey]]),
    publicKeys: new Map([[activeId, publicKey]]),
  };
}

/** Where the keys live: NONGAN_KEYS_DIR, else ./keys beside the data directory (not inside it, so
 * a PGlite data-directory backup does not carry them). */
export const keysDirFromEnv = (env = process.env) => env.NONGAN_KEYS_DIR || './keys';
