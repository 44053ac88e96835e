import { describe, expect, it } from 'vitest';
import { Progress } from '../../client/progress';

describe('Progress', () => {
  it('prints a line as each phase begins and one with its time as it ends or fails', () => {
    const lines: string[] = [];
    let now = 1_000;
    const progress = new Progress({ write: (text) => lines.push(text), now: () => now });
    progress.begin('Temporal', 'starting a dev server');
    now += 3_449;
    progress.done('127.0.0.1:7233 (cli:PATH)');
    progress.done('ignored: no phase is open');
    progress.begin('database', 'connecting to PostgreSQL (DATABASE_URL)');
    now += 250;
    progress.begin('migrations', 'bringing the schema up to date');
    now += 12_000;
    progress.fail();
    progress.fail();
    expect(lines.join('')).toBe(
      [
        '▸ Temporal: starting a dev server…',
        '✓ Temporal: 127.0.0.1:7233 (cli:PATH) (3.4 s)',
        '▸ database: connecting to PostgreSQL (DATABASE_URL)…',
        '✓ database: done (0.3 s)',
        '▸ migrations: bringing the schema up to date…',
        '✗ migrations: failed after 12.0 s',
        '',
      ].join('\n'),
    );
  });

  it('runs phases side by side, each ending with its own time, and marks those still open failed', () => {
    const lines: string[] = [];
    let now = 0;
    const progress = new Progress({ write: (text) => lines.push(text), now: () => now });
    const temporal = progress.phase('Temporal', 'starting a dev server');
    const database = progress.phase('database', 'opening the embedded PGlite');
    const bundle = progress.phase('workflows', 'loading the workflow bundle');
    now += 1_000;
    database.done('PGlite at /data');
    now += 2_000;
    temporal.done('127.0.0.1:7233');
    temporal.fail();
    progress.begin('migrations', 'bringing the schema up to date');
    now += 500;
    progress.failOpen();
    bundle.done('too late: already marked failed');
    expect(lines.join('')).toBe(
      [
        '▸ Temporal: starting a dev server…',
        '▸ database: opening the embedded PGlite…',
        '▸ workflows: loading the workflow bundle…',
        '✓ database: PGlite at /data (1.0 s)',
        '✓ Temporal: 127.0.0.1:7233 (3.0 s)',
        '▸ migrations: bringing the schema up to date…',
        '✗ workflows: failed after 3.5 s',
        '✗ migrations: failed after 0.5 s',
        '',
      ].join('\n'),
    );
  });
});
