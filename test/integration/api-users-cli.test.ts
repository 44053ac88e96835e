/**
 * `cadreflow users add|list` as an operator runs them, on a real PostgreSQL database;
 * and the refusal, with its way out, when `up` holds the embedded database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../client/api/accounts';
import { writeStackInfo } from '../../client/config';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runCli, type CliResult } from '../support/cli';

const BIN = join(__dirname, '..', '..', 'bin', 'cadreflow.cjs');
let database: TestDatabase;
let env: NodeJS.ProcessEnv;

/** Runs a command with `input` on its standard input. */
function withStdin(args: string[], input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  env = { ...process.env, DATABASE_URL: database.url, CADREFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'cf-users-')), LOG_LEVEL: 'warn' };
});

afterAll(async () => {
  await database?.drop();
});

describe('cadreflow users', () => {
  it('adds users with a generated or a piped password, and lists them', async () => {
    const generated = await runCli(['users', 'add', '--login', 'org-staff', '--role', 'county-org-dept', '--name', '组织部干部科'], env);
    expect(generated.code, generated.stderr).toBe(0);
    const password = /^password: (\S+)$/m.exec(generated.stdout)?.[1];
    expect(generated.stdout).toMatch(/^created org-staff \(county-org-dept\)$/m);
    expect(password).toBeDefined();
    const stored = await database.db.selectFrom('users').select('password_hash').where('login', '=', 'org-staff').executeTakeFirstOrThrow();
    expect(await verifyPassword(stored.password_hash, password!)).toBe(true);

    const piped = await withStdin(
      ['users', 'add', '--login', 'auditor-1', '--role', 'auditor', '--password-stdin'],
      'a long passphrase here\n',
    );
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).not.toMatch(/password:/);
    const auditor = await database.db
      .selectFrom('users')
      .select('password_hash')
      .where('login', '=', 'auditor-1')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(auditor.password_hash, 'a long passphrase here')).toBe(true);

    const list = await runCli(['users', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^login\s+name\s+role\s+township\s+status\s+created$/m);
    expect(list.stdout).toMatch(/^auditor-1\s+auditor-1\s+auditor\s+active/m);
    expect(list.stdout).toMatch(/^org-staff\s+组织部干部科\s+county-org-dept\s+active/m);
    expect(list.stdout).not.toMatch(/argon2/);
  });

  it('says to stop `up` or use DATABASE_URL when `up` holds the embedded database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cf-users-held-'));
    // This test process stands in for a running `up`: its pid is alive.
    writeStackInfo(dataDir, {
      pid: process.pid,
      temporalAddress: '127.0.0.1:1',
      namespace: 'default',
      database: 'PGlite',
      startedAt: new Date().toISOString(),
    });
    const r = await runCli(['users', 'list'], { ...env, DATABASE_URL: '', CADREFLOW_DATA_DIR: dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/held by the running `cadreflow up`: stop it .* or use a PostgreSQL server through DATABASE_URL/);
  });
});
