/**
 * The payload codecs an auditor needs to read histories: the workers seal every payload
 * (client/codec.ts), so decisions in a history, and the workflow's own input on replay,
 * are ciphertext without the keyring. Auditing never creates a keyring: with none
 * configured or present, payloads are read as they are (histories recorded before
 * encryption are plain).
 *
 * The codec given reads unsealed payloads as they are (the workers refuse them instead),
 * so an old or a forged input can be read and named; `audit replay` switches it back to
 * the workers' behaviour where the replay needs it (replay.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PayloadCodec } from '@temporalio/common';
import { CodecKeyError, EncryptionCodec, loadKeyring } from '../codec';
import { UserError } from '../cases';

export function auditCodecs(dataDir: string, env: NodeJS.ProcessEnv = process.env): PayloadCodec[] {
  const configured = env.CADREFLOW_CODEC_KEYS || undefined;
  const file = configured ?? join(dataDir, 'codec-keys.json');
  if (!existsSync(file)) {
    if (configured) throw new UserError(`CADREFLOW_CODEC_KEYS: no such keyring file ${configured}`);
    return [];
  }
  try {
    return [new EncryptionCodec(loadKeyring({ dataDir, file })).passingUnsealed()];
  } catch (err) {
    if (err instanceof CodecKeyError) throw new UserError(err.message);
    throw err;
  }
}
