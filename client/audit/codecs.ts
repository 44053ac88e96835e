/**
 * The payload codecs an auditor needs to read histories: the workers seal every payload
 * (client/codec.ts), so decisions in a history, and the workflow's own input on replay,
 * are ciphertext without the keyring. Auditing never creates or changes a keyring: with
 * none configured or present, payloads are read as they are (histories recorded before
 * encryption are plain).
 *
 * The codec given reads unsealed payloads as they are (the workers refuse them instead),
 * so an old or a forged input can be read and named; `audit replay` switches it back to
 * the workers' behaviour where the replay needs it (replay.ts).
 */
import type { PayloadCodec } from '@temporalio/common';
import { CodecKeyError, EncryptionCodec } from '../codec';
import { loadConfig } from '../config';
import { readKeyring, keyringSource } from '../crypto/keyring';
import { CRYPTO_SUITES } from '../crypto/suite';
import type { CipherId } from '../crypto/cipher';
import { UserError } from '../cases';

export function auditCodecs(dataDir: string, env: NodeJS.ProcessEnv = process.env): PayloadCodec[] {
  try {
    const config = loadConfig({ ...env, CADREFLOW_DATA_DIR: dataDir });
    const keyring = readKeyring(keyringSource(config));
    if (!keyring) return [];
    // Replay re-encodes what the workflow code produces: seal with the suite's key, or any active one.
    const configured = CRYPTO_SUITES[config.crypto].cipher;
    const cipher = keyring.active[configured] ? configured : (Object.keys(keyring.active)[0] as CipherId | undefined);
    if (!cipher) throw new CodecKeyError('the keyring has no active key');
    return [new EncryptionCodec(keyring, cipher).passingUnsealed()];
  } catch (err) {
    if (err instanceof CodecKeyError) throw new UserError(err.message);
    throw err;
  }
}
