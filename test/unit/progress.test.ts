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
});
