/**
 * The keyring: every key a deployment has sealed data with, each typed by the cipher it
 * serves, and per cipher the key that seals new data. Old keys stay so that data sealed
 * under them still opens; rotation adds a key and makes it active.
 *
 * File form (JSON):
 *
 *   { "active": { "AES256GCM": "k1", "SM4CTR-HMACSM3": "k-20261206-5f3a9c1e" },
 *     "keys": { "k1": "<base64 32 bytes>",
 *               "k-20261206-5f3a9c1e": { "cipher": "SM4CTR-HMACSM3", "key": "<base64>", "created": "2026-12-06T…Z" } } }
 *
 * Keyrings written before the suite existed (`"active": "k1"`, keys as bare base64
 * strings) are AES-256-GCM keyrings and load as they are.
 *
 * Where it comes from, in this order (client/config.ts): `CADREFLOW_CODEC_KEYRING` (the
 * keyring itself, JSON or base64 of the JSON, for a secret manager), `CADREFLOW_CODEC_KEYS`
 * (a file, e.g. outside the data folder), else `<dataDir>/codec-keys.json`, which is
 * created (mode 0600) on first use so a fresh clone encrypts from the start. Messages never
 * quote the keyring's text: it is key material.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isCipherId, KEY_BYTES, type CipherId } from './cipher';

export class CodecKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecKeyError';
  }
}

export interface CodecKey {
  cipher: CipherId;
  key: Buffer;
  /** ISO instant; absent on keys from keyrings written before it was recorded. */
  created?: string;
}

export interface Keyring {
  /** Per cipher, the id of the key new data is sealed with. */
  active: Partial<Record<CipherId, string>>;
  keys: ReadonlyMap<string, CodecKey>;
}

export const EMPTY_KEYRING: Keyring = { active: {}, keys: new Map() };

/** Key ids are written into sealed data and column values: short, no separators or spaces. */
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A fresh, unguessable key id, `k-<UTC date>-<8 hex>`: two deployments never share one by accident. */
export function newKeyId(now: Date = new Date()): string {
  return `k-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
}

/** The keyring with a new random key for `cipher`, active for that cipher unless `activate` is false. */
export function withNewKey(
  keyring: Keyring,
  cipher: CipherId,
  opts: { activate?: boolean; now?: Date } = {},
): { keyring: Keyring; id: string } {
  const now = opts.now ?? new Date();
  let id = newKeyId(now);
  while (keyring.keys.has(id)) id = newKeyId(now);
  const keys = new Map(keyring.keys);
  keys.set(id, { cipher, key: randomBytes(KEY_BYTES), created: now.toISOString() });
  const active = opts.activate === false ? keyring.active : { ...keyring.active, [cipher]: id };
  return { keyring: { active, keys }, id };
}

/** The keyring with `id` as the active key of its cipher. */
export function withActiveKey(keyring: Keyring, id: string): Keyring {
  const key = keyring.keys.get(id);
  if (!key)
    throw new CodecKeyError(`no key "${id}" in the keyring (have: ${[...keyring.keys.keys()].join(', ') || 'none'}) / 密钥环中没有该密钥`);
  return { active: { ...keyring.active, [key.cipher]: id }, keys: keyring.keys };
}

// ── text form ───────────────────────────────────────────────────────────────

interface KeyEntryJson {
  cipher: string;
  key: string;
  created?: string;
}

interface KeyringJson {
  active: string | Record<string, string>;
  keys: Record<string, string | KeyEntryJson>;
}

/** Parses a keyring's JSON (either form above); `source` names it in messages. */
export function parseKeyring(json: string, source: string): Keyring {
  let raw: KeyringJson;
  try {
    raw = JSON.parse(json) as KeyringJson;
  } catch {
    throw new CodecKeyError(`${source}: not valid JSON`);
  }
  const shape = `expected { "active": { "<cipher>": "<key id>" }, "keys": { "<key id>": { "cipher": "<cipher>", "key": "<base64>" } } }`;
  if (typeof raw !== 'object' || raw === null || typeof raw.keys !== 'object' || raw.keys === null || Array.isArray(raw.keys)) {
    throw new CodecKeyError(`${source}: ${shape}`);
  }
  const keys = new Map<string, CodecKey>();
  for (const [id, entry] of Object.entries(raw.keys)) {
    if (!KEY_ID.test(id)) throw new CodecKeyError(`${source}: key id "${id.slice(0, 64)}" may hold only letters, digits, ".", "_" and "-"`);
    const cipher = typeof entry === 'string' ? 'AES256GCM' : entry?.cipher;
    if (!isCipherId(cipher))
      throw new CodecKeyError(`${source}: key "${id}" has cipher "${String(cipher)}"; expected AES256GCM or SM4CTR-HMACSM3`);
    const b64 = typeof entry === 'string' ? entry : entry.key;
    const key = typeof b64 === 'string' ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (key.length !== KEY_BYTES)
      throw new CodecKeyError(`${source}: key "${id}" must be ${KEY_BYTES} bytes of base64, got ${key.length} bytes`);
    const created = typeof entry === 'object' && typeof entry.created === 'string' ? entry.created : undefined;
    keys.set(id, { cipher, key, ...(created ? { created } : {}) });
  }
  const active: Partial<Record<CipherId, string>> = {};
  if (typeof raw.active === 'string') {
    // The old form: one active key, whatever its cipher.
    const key = keys.get(raw.active);
    if (!key) throw new CodecKeyError(`${source}: the active key "${raw.active}" is not among the keys`);
    active[key.cipher] = raw.active;
  } else if (typeof raw.active === 'object' && raw.active !== null && !Array.isArray(raw.active)) {
    for (const [cipher, id] of Object.entries(raw.active)) {
      if (!isCipherId(cipher))
        throw new CodecKeyError(`${source}: "active" names cipher "${cipher}"; expected AES256GCM or SM4CTR-HMACSM3`);
      const key = typeof id === 'string' ? keys.get(id) : undefined;
      if (!key) throw new CodecKeyError(`${source}: the active key "${String(id)}" is not among the keys`);
      if (key.cipher !== cipher) throw new CodecKeyError(`${source}: the active ${cipher} key "${id}" is a ${key.cipher} key`);
      active[cipher] = id as string;
    }
  } else {
    throw new CodecKeyError(`${source}: ${shape}`);
  }
  return { active, keys };
}

/** The keyring as a file holds it (always the current form). */
export function serializeKeyring(keyring: Keyring): string {
  const keys: Record<string, KeyEntryJson> = {};
  for (const [id, k] of keyring.keys)
    keys[id] = { cipher: k.cipher, key: k.key.toString('base64'), ...(k.created ? { created: k.created } : {}) };
  return JSON.stringify({ active: keyring.active, keys }, null, 2) + '\n';
}

/** `CADREFLOW_CODEC_KEYRING`'s value: the keyring's JSON, or that JSON in base64 (one line, easy to store as a secret). */
export function parseKeyringVariable(value: string): Keyring {
  const source = 'CADREFLOW_CODEC_KEYRING';
  const text = value.trim().startsWith('{') ? value : Buffer.from(value.trim(), 'base64').toString('utf8');
  return parseKeyring(text, source);
}

// ── where it lives ──────────────────────────────────────────────────────────

export type KeyringSource =
  | { kind: 'variable'; value: string }
  | { kind: 'file'; file: string; /** false: the data folder's own, created and extended as needed */ configured: boolean };

export interface KeyringSettings {
  dataDir: string;
  /** `CADREFLOW_CODEC_KEYS`: a keyring file. */
  codecKeysFile?: string;
  /** `CADREFLOW_CODEC_KEYRING`: the keyring itself. */
  codecKeyring?: string;
}

export function keyringSource(settings: KeyringSettings): KeyringSource {
  if (settings.codecKeyring && settings.codecKeysFile) {
    throw new CodecKeyError('set CADREFLOW_CODEC_KEYRING or CADREFLOW_CODEC_KEYS, not both / 两者只能设置其一');
  }
  if (settings.codecKeyring) return { kind: 'variable', value: settings.codecKeyring };
  if (settings.codecKeysFile) return { kind: 'file', file: settings.codecKeysFile, configured: true };
  return { kind: 'file', file: join(settings.dataDir, 'codec-keys.json'), configured: false };
}

export function describeSource(source: KeyringSource): string {
  return source.kind === 'variable' ? 'CADREFLOW_CODEC_KEYRING' : source.file;
}

/** Reads the keyring; undefined when it is the data folder's own and does not exist yet. */
export function readKeyring(source: KeyringSource): Keyring | undefined {
  if (source.kind === 'variable') return parseKeyringVariable(source.value);
  if (!existsSync(source.file)) {
    if (source.configured) throw new CodecKeyError(`${source.file}: keyring file not found (CADREFLOW_CODEC_KEYS) / 找不到密钥环文件`);
    return undefined;
  }
  return parseKeyring(readFileSync(source.file, 'utf8'), source.file);
}

/**
 * Writes a keyring file readable by its owner only, replacing the old one in one rename.
 * With `createOnly`, nothing is replaced: false when the file appeared meanwhile (two
 * processes starting on a fresh data folder must end up with one keyring, not two).
 */
export function writeKeyringFile(file: string, keyring: Keyring, opts: { createOnly?: boolean } = {}): boolean {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(tmp, serializeKeyring(keyring), { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    if (!opts.createOnly) {
      renameSync(tmp, file);
      return true;
    }
    try {
      linkSync(tmp, file);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * The keyring a process seals with under `cipher`. The data folder's own keyring is
 * created, or given a key for a cipher it has none for (a switch of suite), and written
 * back; a configured keyring (file or variable) is never changed behind its owner's
 * back: one without an active key for `cipher` is refused with what to do.
 */
export function loadKeyring(settings: KeyringSettings & { cipher?: CipherId; log?: (msg: string) => void }): Keyring {
  const cipher = settings.cipher ?? 'AES256GCM';
  const source = keyringSource(settings);
  const found = readKeyring(source);
  if (found?.active[cipher]) return found;
  if (source.kind === 'file' && !source.configured) {
    const { keyring, id } = withNewKey(found ?? EMPTY_KEYRING, cipher);
    // Another process created it first: use that one.
    if (!writeKeyringFile(source.file, keyring, { createOnly: !found })) return loadKeyring(settings);
    settings.log?.(
      found
        ? `added ${cipher} key ${id} to the keyring ${source.file} and made it active; payloads sealed under the older keys still open`
        : `created a payload encryption keyring at ${source.file} (${cipher} key ${id}); keep it safe and out of the data folder's backups: without it the case payloads in Temporal cannot be read`,
    );
    return keyring;
  }
  const fix =
    source.kind === 'file'
      ? `add one with \`cadreflow keys add --suite ${cipher === 'AES256GCM' ? 'aes' : 'sm'}\``
      : 'add one to the keyring (e.g. `cadreflow keys add` on a copy of it in a file, CADREFLOW_CODEC_KEYS) and update the secret';
  throw new CodecKeyError(`${describeSource(source)}: no active ${cipher} key; ${fix} / 密钥环中没有可用的 ${cipher} 密钥`);
}
