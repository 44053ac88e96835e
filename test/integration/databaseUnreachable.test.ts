/**
 * A database that cannot be reached is named, with its URL less the password and what
 * to check, by the commands a person runs first: `db migrate` and `up`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { freePort, runCli } from '../support/cli';

function env(databaseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    CADREFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'cf-db-unreachable-')),
    LOG_LEVEL: 'warn',
  };
  delete e.TEMPORAL_ADDRESS;
  return { ...e, ...extra };
}

// Port 1 (tcpmux) has no listener on a test machine: the connection is refused at once.
const CLOSED = 'postgres://app:s3cret@127.0.0.1:1/cadreflow';
const REFUSED =
  'cannot reach PostgreSQL at postgres://app:***@127.0.0.1:1/cadreflow (DATABASE_URL): connection refused — is the server running and accepting TCP connections on 127.0.0.1:1?';

describe('an unreachable database', () => {
  it('`db migrate` names PostgreSQL, the URL without its password and what to check', { timeout: 60_000 }, async () => {
    const r = await runCli(['db', 'migrate'], env(CLOSED));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`cadreflow: ${REFUSED}\n`);
    expect(r.stdout + r.stderr).not.toContain('s3cret');
  });

  it('`db migrate` on a database the server does not have says how to create it', { timeout: 60_000 }, async () => {
    const r = await runCli(['db', 'migrate'], env('postgres://postgres@127.0.0.1:5432/cadreflow_no_such_db'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'cadreflow: cannot reach PostgreSQL at postgres://postgres@127.0.0.1:5432/cadreflow_no_such_db (DATABASE_URL): ' +
        'database cadreflow_no_such_db does not exist — create it (createdb cadreflow_no_such_db) or fix the database name in DATABASE_URL\n',
    );
  });

  it('`up` fails at its database phase with the same message', { timeout: 120_000 }, async () => {
    const e = env(CLOSED, { TEMPORAL_ADDRESS: inject('temporalAddress'), CADREFLOW_API_PORT: String(await freePort()) });
    const r = await runCli(['up'], e, 90_000);
    expect(r.code).toBe(1);
    // `up` starts Temporal, the database and the workflow bundle side by side: the database's two lines, in order, among theirs.
    expect(r.stdout).toMatch(/^▸ database: connecting to PostgreSQL \(DATABASE_URL\)…\n(?:.*\n)*✗ database: failed after \d+\.\d s\n/m);
    expect(r.stderr).toContain(`cadreflow: ${REFUSED}\n`);
    expect(r.stdout + r.stderr).not.toContain('s3cret');
  });
});
