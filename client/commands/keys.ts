/**
 * `cadreflow keys list|add|use`: the payload and column encryption keyring
 * (client/crypto/keyring.ts). Adding a key and making it active is how keys are rotated
 * and how a deployment moves to the SM4 suite; old keys stay, so everything sealed under
 * them still opens. The key material itself is never printed.
 *
 * Running processes hold the keyring they started with: a key made active here is used
 * by a process only after it restarts, and a process that has not loaded it cannot open
 * what it sealed. With several machines, add the key with `--no-activate`, give the
 * keyring to every process, restart them, then `keys use` it.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../cases';
import type { Config } from '../config';
import {
  CodecKeyError,
  EMPTY_KEYRING,
  keyringSource,
  readKeyring,
  withActiveKey,
  withNewKey,
  writeKeyringFile,
  type Keyring,
  type KeyringSource,
} from '../crypto/keyring';
import { CRYPTO_SUITES, parseCryptoSuite } from '../crypto/suite';
import { table } from '../views';

function source(config: Config): KeyringSource {
  try {
    return keyringSource(config);
  } catch (err) {
    if (err instanceof CodecKeyError) throw new UserError(err.message);
    throw err;
  }
}

function read(src: KeyringSource): Keyring | undefined {
  try {
    return readKeyring(src);
  } catch (err) {
    if (err instanceof CodecKeyError) throw new UserError(err.message);
    throw err;
  }
}

/** The file to change: a keyring in a variable belongs to the secret manager that holds it. */
function writableFile(src: KeyringSource): string {
  if (src.kind === 'variable') {
    throw new UserError(
      'the keyring comes from CADREFLOW_CODEC_KEYRING and cannot be changed here: run this with CADREFLOW_CODEC_KEYS=<a copy of it in a file>, ' +
        'then store the file (e.g. `base64 -w0 FILE`) in the secret manager / 密钥环来自环境变量，不能在此修改',
    );
  }
  return src.file;
}

export function registerKeyCommands(program: Command, config: Config): void {
  const keys = program
    .command('keys')
    .description('the encryption keyring (CADREFLOW_CODEC_KEYRING, CADREFLOW_CODEC_KEYS, or codec-keys.json in the data folder)');

  keys
    .command('list')
    .description('every key: id, cipher, when it was made, whether it seals new data (never the key itself)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const src = source(config);
      const keyring = read(src);
      const rows = [...(keyring ?? EMPTY_KEYRING).keys.entries()].map(([id, k]) => ({
        id,
        cipher: k.cipher,
        created: k.created ?? '',
        active: keyring?.active[k.cipher] === id ? 'yes' : '',
      }));
      const where = src.kind === 'variable' ? 'CADREFLOW_CODEC_KEYRING' : src.file;
      if (opts.json) return console.log(JSON.stringify({ keyring: where, suite: config.crypto, keys: rows }, null, 2));
      if (!keyring) return console.log(`no keyring yet at ${where}: \`cadreflow up\` or \`cadreflow keys add\` creates it`);
      console.log(`keyring: ${where}; suite: ${config.crypto} (seals with ${CRYPTO_SUITES[config.crypto].cipher})`);
      console.log(table(rows));
    });

  keys
    .command('add')
    .description('add a random key (id k-<date>-<8 hex>) and make it the active one for its cipher')
    .option('--suite <suite>', 'aes (AES-256-GCM) or sm (SM4 with HMAC-SM3); default: CADREFLOW_CRYPTO')
    .option('--no-activate', 'add the key without sealing new data with it yet (activate later with `keys use`)')
    .action((opts: { suite?: string; activate: boolean }) => {
      let suite = config.crypto;
      try {
        if (opts.suite !== undefined) suite = parseCryptoSuite(opts.suite);
      } catch (err) {
        throw new UserError((err as Error).message.replace('CADREFLOW_CRYPTO', '--suite'));
      }
      const src = source(config);
      const file = writableFile(src);
      // A new keyring file may be started anywhere, e.g. outside the data folder for CADREFLOW_CODEC_KEYS.
      const current = existsSync(file) ? read(src) : undefined;
      const { keyring, id } = withNewKey(current ?? EMPTY_KEYRING, CRYPTO_SUITES[suite].cipher, { activate: opts.activate });
      writeKeyringFile(file, keyring);
      console.log(`added ${CRYPTO_SUITES[suite].cipher} key ${id} to ${file}${opts.activate ? ' (active)' : ' (not active)'}`);
      if (opts.activate)
        console.log('restart `cadreflow up` and every worker: until then they neither seal with it nor open what it sealed');
    });

  keys
    .command('use <id>')
    .description('make a key of the keyring the active one for its cipher')
    .action((id: string) => {
      const src = source(config);
      const file = writableFile(src);
      const current = read(src);
      if (!current) throw new UserError(`no keyring at ${file} / 没有密钥环`);
      let keyring: Keyring;
      try {
        keyring = withActiveKey(current, id);
      } catch (err) {
        if (err instanceof CodecKeyError) throw new UserError(err.message);
        throw err;
      }
      writeKeyringFile(file, keyring);
      console.log(`${keyring.keys.get(id)!.cipher} now seals with ${id}; restart \`cadreflow up\` and every worker`);
    });
}
