/**
 * Personal data in Temporal is encrypted (docs/decisions.md §7): every payload the worker
 * and the clients send is sealed before it reaches the server, so the server, its
 * database and its Web UI hold names and decisions only as ciphertext.
 *
 * Each sealed payload names its cipher and its key in its metadata, and is opened with
 * what it names: keys can be added (and the active one switched), and the crypto suite
 * switched between AES-256-GCM and SM4 (client/crypto/suite.ts), without breaking
 * payloads sealed before.
 *
 * A payload that carries content but was never sealed did not come from a client of the
 * deployment: the worker's codec decodes it into a marker (workflows/kit/unsealed.ts)
 * that the workflows refuse, rather than throwing (a codec error would fail the workflow
 * task again and again). Only the audit reads unsealed payloads as they are
 * (`passingUnsealed()`), to read histories recorded before encryption and name them.
 *
 * AES-256-GCM payloads are laid out as they always were (no associated data); SM4
 * payloads bind their metadata (encoding, cipher, key id) into the tag.
 */
import { defaultPayloadConverter, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { isCipherId, SealedDataError, type CipherId } from './crypto/cipher';
import { CodecKeyError, loadKeyring, type Keyring, type KeyringSettings } from './crypto/keyring';
import { cipherOf, CRYPTO_SUITES, type CryptoSuiteName } from './crypto/suite';
import { unsealedMarker } from '../workflows/kit/unsealed';

export { CodecKeyError, loadKeyring, parseKeyring, type Keyring } from './crypto/keyring';

export const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const CIPHER = 'encryption-cipher';

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

/** What the tag covers besides the ciphertext; empty for AES-256-GCM, whose layout predates it. */
function associatedData(cipher: CipherId, keyId: string): Uint8Array | undefined {
  return cipher === 'AES256GCM' ? undefined : encoder.encode(`${ENCODING}\n${cipher}\n${keyId}`);
}

export class EncryptionCodec implements PayloadCodec {
  private readonly sealWith: { id: string; key: Buffer; cipher: CipherId };

  /** Seals with the keyring's active key for `cipher` (the suite's); opens with whatever key a payload names. */
  constructor(
    private readonly keyring: Keyring,
    private readonly cipher: CipherId = 'AES256GCM',
    private readonly options: EncryptionCodecOptions = {},
  ) {
    const id = keyring.active[cipher];
    const key = id === undefined ? undefined : keyring.keys.get(id);
    if (id === undefined || !key || key.cipher !== cipher) throw new CodecKeyError(`the keyring has no active ${cipher} key`);
    this.sealWith = { id, key: key.key, cipher };
  }

  /** The same keys, reading unsealed payloads as they are: for auditing old histories, never for a worker. */
  passingUnsealed(): EncryptionCodec {
    return new EncryptionCodec(this.keyring, this.cipher, { ...this.options, unsealed: 'pass' });
  }

  /** The same keys, decoding unsealed payloads to the refusal marker, as a worker does. */
  refusingUnsealed(): EncryptionCodec {
    return new EncryptionCodec(this.keyring, this.cipher, { ...this.options, unsealed: 'refuse' });
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key, cipher } = this.sealWith;
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = cipherOf(cipher).seal(key, plain, associatedData(cipher, id));
      return {
        metadata: {
          encoding: encoder.encode(ENCODING),
          [KEY_ID]: encoder.encode(id),
          [CIPHER]: encoder.encode(cipher),
        },
        data: new Uint8Array(sealed),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const unsealed = unsealedEncoding(payload);
      if (unsealed !== undefined)
        return this.options.unsealed === 'pass' ? payload : defaultPayloadConverter.toPayload(unsealedMarker(unsealed));
      const encoding = payload.metadata?.encoding;
      if (!encoding || decoder.decode(encoding) !== ENCODING) return payload;
      const keyIdBytes = payload.metadata?.[KEY_ID];
      const keyId = keyIdBytes ? decoder.decode(keyIdBytes) : '';
      const key = this.keyring.keys.get(keyId);
      if (!key)
        throw new CodecKeyError(
          `payload sealed with key "${keyId}", which is not in the keyring (have: ${[...this.keyring.keys.keys()].join(', ')})`,
        );
      const cipherBytes = payload.metadata?.[CIPHER];
      const cipher = cipherBytes ? decoder.decode(cipherBytes) : 'AES256GCM';
      if (!isCipherId(cipher)) throw new CodecKeyError(`payload sealed with an unknown cipher "${cipher.slice(0, 40)}"`);
      if (cipher !== key.cipher) throw new CodecKeyError(`payload names cipher ${cipher}, but key "${keyId}" is a ${key.cipher} key`);
      let plain: Buffer;
      try {
        plain = cipherOf(cipher).open(key.key, payload.data ?? new Uint8Array(), associatedData(cipher, keyId));
      } catch (err) {
        if (err instanceof SealedDataError) throw new CodecKeyError(`sealed payload does not open: ${err.message}`);
        throw err;
      }
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

export interface CodecSettings extends KeyringSettings {
  /** `CADREFLOW_CRYPTO`; default `aes`. */
  crypto?: CryptoSuiteName;
}

/**
 * The data converter every worker and client of this deployment uses: one keyring for all,
 * the suite's cipher for new payloads. `CADREFLOW_ACCEPT_UNSEALED=1` lets a worker
 * continue cases started before payloads were sealed (their recorded inputs are in clear,
 * and refusing them now would fail their workflow tasks on every replay); it reopens the
 * plaintext door while set.
 */
export function encryptingDataConverter(
  config: CodecSettings,
  log?: (msg: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): DataConverter {
  const accept = env.CADREFLOW_ACCEPT_UNSEALED === '1';
  if (accept)
    log?.(
      'CADREFLOW_ACCEPT_UNSEALED=1: input in clear is accepted, from anyone who reaches the Temporal frontend; unset it once the cases started before encryption have closed',
    );
  const cipher = CRYPTO_SUITES[config.crypto ?? 'aes'].cipher;
  return {
    payloadCodecs: [new EncryptionCodec(loadKeyring({ ...config, cipher, log }), cipher, { unsealed: accept ? 'pass' : 'refuse' })],
  };
}
