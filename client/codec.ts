/**
 * Personal data in Temporal is encrypted (design decision 7): every payload the worker
 * and the clients send is sealed with AES-256-GCM before it reaches the server, so the
 * server, its database and its Web UI hold names and decisions only as ciphertext.
 *
 * Each sealed payload names its key in its metadata, so keys can be added (and the
 * active one switched) without breaking payloads sealed under older ones.
 *
 * A payload that carries content but was never sealed did not come from a client of the
 * deployment: the worker's codec decodes it into a marker (workflows/kit/unsealed.ts)
 * that the workflows refuse, rather than throwing (a codec error would fail the workflow
 * task again and again). Only the audit reads unsealed payloads as they are
 * (`passingUnsealed()`), to read histories recorded before encryption and name them.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultPayloadConverter, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { unsealedMarker } from '../workflows/kit/unsealed';

export const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const CIPHER = 'AES256GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class CodecKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecKeyError';
  }
}

export interface Keyring {
  /** The key new payloads are sealed with. */
  active: string;
  keys: ReadonlyMap<string, Buffer>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The encoding of a payload that carries content but is not sealed; undefined for a
 * sealed payload and for one that carries nothing (`binary/null`, or no data at all),
 * which cannot smuggle a decision in.
 */
export function unsealedEncoding(payload: Payload): string | undefined {
  const raw = payload.metadata?.encoding;
  const encoding = raw ? decoder.decode(raw) : '';
  if (encoding === ENCODING || encoding === 'binary/null') return undefined;
  if (encoding === '' && (payload.data?.length ?? 0) === 0) return undefined;
  return encoding || '(none)';
}

export interface EncryptionCodecOptions {
  /** `refuse` (the default): an unsealed payload decodes to the refusal marker; `pass`: as it is (audit reading only). */
  unsealed?: 'refuse' | 'pass';
}

export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keyring: Keyring,
    private readonly options: EncryptionCodecOptions = {},
  ) {
    if (!keyring.keys.has(keyring.active)) throw new CodecKeyError(`the active key "${keyring.active}" is not in the keyring`);
  }

  /** The same keys, reading unsealed payloads as they are: for auditing old histories, never for a worker. */
  passingUnsealed(): EncryptionCodec {
    return new EncryptionCodec(this.keyring, { ...this.options, unsealed: 'pass' });
  }

  /** The same keys, decoding unsealed payloads to the refusal marker, as a worker does. */
  refusingUnsealed(): EncryptionCodec {
    return new EncryptionCodec(this.keyring, { ...this.options, unsealed: 'refuse' });
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keyring.keys.get(this.keyring.active)!;
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: encoder.encode(ENCODING),
          [KEY_ID]: encoder.encode(this.keyring.active),
          'encryption-cipher': encoder.encode(CIPHER),
        },
        data: new Uint8Array(sealed),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const unsealed = unsealedEncoding(payload);
      if (unsealed !== undefined) return this.options.unsealed === 'pass' ? payload : defaultPayloadConverter.toPayload(unsealedMarker(unsealed));
      const encoding = payload.metadata?.encoding;
      if (!encoding || decoder.decode(encoding) !== ENCODING) return payload;
      const keyIdBytes = payload.metadata?.[KEY_ID];
      const keyId = keyIdBytes ? decoder.decode(keyIdBytes) : '';
      const key = this.keyring.keys.get(keyId);
      if (!key) throw new CodecKeyError(`payload sealed with key "${keyId}", which is not in the keyring (have: ${[...this.keyring.keys.keys()].join(', ')})`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new CodecKeyError('sealed payload is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

interface KeyringFile {
  active: string;
  keys: Record<string, string>;
}

/** Parses a keyring file: `{ "active": "k2", "keys": { "k1": "<base64 32 bytes>", "k2": "…" } }`. */
export function parseKeyring(json: string, source: string): Keyring {
  let raw: KeyringFile;
  try {
    raw = JSON.parse(json) as KeyringFile;
  } catch (err) {
    throw new CodecKeyError(`${source}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || typeof raw.active !== 'string' || typeof raw.keys !== 'object' || raw.keys === null) {
    throw new CodecKeyError(`${source}: expected { "active": "<key id>", "keys": { "<key id>": "<base64>" } }`);
  }
  const keys = new Map<string, Buffer>();
  for (const [id, b64] of Object.entries(raw.keys)) {
    const key = typeof b64 === 'string' ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (key.length !== 32) throw new CodecKeyError(`${source}: key "${id}" must be 32 bytes of base64 (AES-256), got ${key.length} bytes`);
    keys.set(id, key);
  }
  if (!keys.has(raw.active)) throw new CodecKeyError(`${source}: the active key "${raw.active}" is not among the keys`);
  return { active: raw.active, keys };
}

/**
 * The keyring from `CADREFLOW_CODEC_KEYS` (a file path); on embedded defaults a keyring
 * is created once in the data folder (mode 0600) so a fresh clone encrypts from the start.
 */
export function loadKeyring(opts: { dataDir: string; file?: string; log?: (msg: string) => void }): Keyring {
  const file = opts.file ?? join(opts.dataDir, 'codec-keys.json');
  if (!existsSync(file)) {
    if (opts.file) throw new CodecKeyError(`${file}: keyring file not found (CADREFLOW_CODEC_KEYS)`);
    mkdirSync(dirname(file), { recursive: true });
    const id = 'k1';
    writeFileSync(file, JSON.stringify({ active: id, keys: { [id]: randomBytes(32).toString('base64') } }, null, 2) + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    opts.log?.(`created a payload encryption keyring at ${file}; keep it safe: without it the case payloads in Temporal cannot be read`);
  }
  return parseKeyring(readFileSync(file, 'utf8'), file);
}

/**
 * The data converter every worker and client of this deployment uses: one keyring for all.
 * `CADREFLOW_ACCEPT_UNSEALED=1` lets a worker continue cases started before payloads were
 * sealed (their recorded inputs are in clear, and refusing them now would fail their
 * workflow tasks on every replay); it reopens the plaintext door while set.
 */
export function encryptingDataConverter(
  config: { dataDir: string; codecKeysFile?: string },
  log?: (msg: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): DataConverter {
  const accept = env.CADREFLOW_ACCEPT_UNSEALED === '1';
  if (accept) log?.('CADREFLOW_ACCEPT_UNSEALED=1: input in clear is accepted, from anyone who reaches the Temporal frontend; unset it once the cases started before encryption have closed');
  const keyring = loadKeyring({ dataDir: config.dataDir, file: config.codecKeysFile, log });
  return { payloadCodecs: [new EncryptionCodec(keyring, { unsealed: accept ? 'pass' : 'refuse' })] };
}
