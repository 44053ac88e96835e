/**
 * `cadreflow keys`: rotation through the command (add without activating, then use),
 * the key material never printed, and a keyring held in an environment variable left to
 * its secret manager.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../client/cli';
import { loadConfig } from '../../client/config';
import { parseKeyring } from '../../client/crypto/keyring';

async function run(env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  try {
    const program = await buildProgram(loadConfig(env));
    await program.parseAsync(['node', 'cadreflow', 'keys', ...args]);
  } finally {
    log.mockRestore();
  }
  return out.join('\n');
}

afterEach(() => vi.restoreAllMocks());

describe('cadreflow keys', () => {
  it('adds keys with random ids, activates them when asked, and never prints a key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cf-keys-'));
    const env = { CADREFLOW_DATA_DIR: dataDir };
    const file = join(dataDir, 'codec-keys.json');
    const first = /key (k-\d{8}-[0-9a-f]{8})/.exec(await run(env, 'add'))![1]!;
    const second = /key (k-\d{8}-[0-9a-f]{8})/.exec(await run(env, 'add', '--no-activate'))![1]!;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    let keyring = parseKeyring(readFileSync(file, 'utf8'), file);
    expect(keyring.active).toEqual({ AES256GCM: first });
    expect(await run(env, 'use', second)).toMatch(`AES256GCM now seals with ${second}`);
    keyring = parseKeyring(readFileSync(file, 'utf8'), file);
    expect(keyring.active).toEqual({ AES256GCM: second });
    expect(keyring.keys.get(first)).toBeDefined();

    const listed = await run({ ...env, CADREFLOW_CRYPTO: 'sm' }, 'list');
    expect(listed).toMatch(/suite: sm \(seals with SM4CTR-HMACSM3\)/);
    expect(listed).toContain(first);
    for (const k of keyring.keys.values()) expect(listed).not.toContain(k.key.toString('base64'));
    await expect(run(env, 'use', 'k-none')).rejects.toThrow(/no key "k-none"/);
    await expect(run(env, 'add', '--suite', 'des')).rejects.toThrow(/--suite: expected "aes"/);
  });

  it('leaves a keyring from CADREFLOW_CODEC_KEYRING to its secret manager', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cf-keys-'));
    await run({ CADREFLOW_DATA_DIR: dataDir }, 'add', '--suite', 'sm');
    const value = Buffer.from(readFileSync(join(dataDir, 'codec-keys.json'))).toString('base64');
    const env = { CADREFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'cf-keys-')), CADREFLOW_CODEC_KEYRING: value };
    expect(await run(env, 'list')).toMatch(/keyring: CADREFLOW_CODEC_KEYRING/);
    await expect(run(env, 'add')).rejects.toThrow(/comes from CADREFLOW_CODEC_KEYRING and cannot be changed here/);
  });
});
