/**
 * Signed checkpoints of the log's head. The hash chain alone proves only that the log is
 * self-consistent: whoever can write to the database can rewrite an event and re-hash
 * everything after it. A head signed at a moment and kept elsewhere pins the log up to
 * that position: if the event at the checkpoint's position still has the signed hash and
 * the chain verifies, every event up to it is the one that was there when it was signed,
 * and anything later was appended since.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../domain/canonicalJson';
import { GENESIS_HASH, type HashChainReport } from '../../activities/hashChain';
import { UserError } from '../cases';

export const CHECKPOINT_FORMAT = 'cadreflow-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface SignedHead {
  /** Decimal; '0' for an empty log. */
  position: string;
  hash: string;
  /** When it was signed, ISO-8601 UTC. */
  time: string;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  head: SignedHead;
  signature: {
    algorithm: 'Ed25519';
    /** Base64 Ed25519 signature over canonicalJson(head). */
    value: string;
    /** SPKI PEM: the file verifies on its own; compare the fingerprint with the one your organization published. */
    publicKey: string;
    keyFingerprint: string;
  };
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  fingerprint: string;
  path: string;
  generated: boolean;
}

export const DEFAULT_KEY_FILE = 'audit-ed25519.pem';

/**
 * The signing key: the PEM file named by CADREFLOW_AUDIT_KEY, else
 * `<dataDir>/audit-ed25519.pem`, generated there (mode 0600) on first use.
 */
export function loadSigningKey(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  notice: (line: string) => void = () => {},
): SigningKey {
  const configured = env.CADREFLOW_AUDIT_KEY || undefined;
  const path = configured ?? join(dataDir, DEFAULT_KEY_FILE);
  if (configured && !existsSync(configured)) throw new UserError(`CADREFLOW_AUDIT_KEY: no such file ${configured}`);
  let generated = false;
  if (!configured && !existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    // 'wx': two first checkpoints at once must not overwrite each other's key.
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    generated = true;
    notice(
      `generated a new Ed25519 audit signing key at ${path} (mode 0600); keep it safe, or set CADREFLOW_AUDIT_KEY to a PEM file of your own`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(path));
  } catch (err) {
    throw new UserError(`${configured ? 'CADREFLOW_AUDIT_KEY: ' : ''}${path} is not a PEM private key (${(err as Error).message})`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new UserError(
      `${configured ? 'CADREFLOW_AUDIT_KEY: ' : ''}${path} is a ${privateKey.asymmetricKeyType} key; audit checkpoints are signed with Ed25519`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(publicKey),
    path,
    generated,
  };
}

export function fingerprintOf(publicKey: KeyObject): string {
  return `SHA256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64')
    .replace(/=+$/, '')}`;
}

const signedBytes = (head: SignedHead): Buffer =>
  Buffer.from(canonicalJson({ position: head.position, hash: head.hash, time: head.time }), 'utf8');

export function signHead(key: SigningKey, head: SignedHead): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    head: { position: head.position, hash: head.hash, time: head.time },
    signature: {
      algorithm: 'Ed25519',
      value: sign(null, signedBytes(head), key.privateKey).toString('base64'),
      publicKey: key.publicKeyPem,
      keyFingerprint: key.fingerprint,
    },
  };
}

export function readCheckpointFile(file: string): Checkpoint {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UserError(e.code === 'ENOENT' ? `no such checkpoint file: ${file}` : `${file} is not a checkpoint (not JSON)`);
  }
  const c = raw as Partial<Checkpoint>;
  if (c?.format !== CHECKPOINT_FORMAT) throw new UserError(`${file} is not a cadreflow checkpoint`);
  if (c.version !== CHECKPOINT_VERSION)
    throw new UserError(`${file} is checkpoint version ${String(c.version)}; this cadreflow reads version ${CHECKPOINT_VERSION}`);
  const h = c.head;
  const s = c.signature;
  if (!h || !/^\d+$/.test(String(h.position)) || !/^[0-9a-f]{64}$/.test(String(h.hash)) || typeof h.time !== 'string') {
    throw new UserError(`${file}: head must have a decimal position, a 64-hex-digit hash and a time`);
  }
  if (!s || s.algorithm !== 'Ed25519' || typeof s.value !== 'string' || typeof s.publicKey !== 'string') {
    throw new UserError(`${file}: the signature must be Ed25519 with a value and a public key`);
  }
  return c as Checkpoint;
}

export interface CheckpointCheck {
  source: string;
  position: string;
  hash: string;
  time: string;
  keyFingerprint: string;
  signatureValid: boolean;
  ok: boolean;
  /** Why it failed, or what it proves when it holds. */
  reason: string;
}

/** Verifies the signature with the public key the checkpoint carries; false for a malformed key too. */
export function signatureValid(c: Checkpoint): { valid: boolean; fingerprint: string } {
  try {
    const key = createPublicKey(c.signature.publicKey);
    if (key.asymmetricKeyType !== 'ed25519') return { valid: false, fingerprint: c.signature.keyFingerprint };
    return { valid: verify(null, signedBytes(c.head), key, Buffer.from(c.signature.value, 'base64')), fingerprint: fingerprintOf(key) };
  } catch {
    return { valid: false, fingerprint: c.signature.keyFingerprint };
  }
}

/**
 * What a checkpoint says about the log now. `hashAtPosition` is the hash the log stores
 * at the checkpoint's position (undefined when there is no such event); `chain` is the
 * walk of the whole chain, which proves that stored hash matches the contents of every
 * event up to it.
 */
export function checkCheckpoint(
  source: string,
  c: Checkpoint,
  hashAtPosition: string | undefined,
  chain: HashChainReport,
): CheckpointCheck {
  const { valid, fingerprint } = signatureValid(c);
  const base = {
    source,
    position: c.head.position,
    hash: c.head.hash,
    time: c.head.time,
    keyFingerprint: fingerprint,
    signatureValid: valid,
  };
  const fail = (reason: string): CheckpointCheck => ({ ...base, ok: false, reason });
  if (!valid) return fail('the signature does not verify: the checkpoint was altered, or was not signed by the key it names');
  const position = BigInt(c.head.position);
  const headPosition = BigInt(chain.head?.position ?? '0');
  if (chain.firstBadPosition !== undefined && BigInt(chain.firstBadPosition) <= position) {
    return fail(
      `the log was changed at or before the checkpoint: the chain breaks at position ${chain.firstBadPosition} (${chain.reason})`,
    );
  }
  if (position === 0n) {
    if (c.head.hash !== GENESIS_HASH) return fail('an empty-log checkpoint must carry the genesis hash');
  } else if (hashAtPosition === undefined) {
    return fail(`the log ends at position ${headPosition}, before the checkpoint's position ${position}: events it covered were removed`);
  } else if (hashAtPosition !== c.head.hash) {
    return fail(
      `position ${position} now has hash ${hashAtPosition.slice(0, 12)}…, the checkpoint signed ${c.head.hash.slice(0, 12)}…: ` +
        `the log up to position ${position} was rewritten and re-hashed after the checkpoint`,
    );
  }
  if (!chain.ok)
    return fail(`the log grew after the checkpoint, but the chain breaks at position ${chain.firstBadPosition} (${chain.reason})`);
  const grown = headPosition - position;
  return {
    ...base,
    ok: true,
    reason:
      grown > 0n ? `the log only grew since: ${grown} event(s) appended, now at position ${headPosition}` : 'the log is unchanged since',
  };
}
