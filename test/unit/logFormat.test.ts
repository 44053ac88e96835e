import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chooseLogFormat, createLogger, formatLogLine } from '../../client/logFormat';
import { UserError } from '../../client/cases';

/** A stream that keeps what is written, claiming to be a terminal or not. */
function capture(isTTY: boolean): Writable & { isTTY: boolean; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { isTTY, text: () => chunks.join('') });
}

describe('chooseLogFormat', () => {
  it('is readable on a terminal and JSON anywhere else, unless LOG_FORMAT says', () => {
    expect(chooseLogFormat(true, {})).toBe('pretty');
    expect(chooseLogFormat(false, {})).toBe('json');
    expect(chooseLogFormat(true, { LOG_FORMAT: 'json' })).toBe('json');
    expect(chooseLogFormat(false, { LOG_FORMAT: 'pretty' })).toBe('pretty');
    expect(chooseLogFormat(false, { LOG_FORMAT: ' JSON ' })).toBe('json');
    expect(chooseLogFormat(true, { LOG_FORMAT: '' })).toBe('pretty');
  });

  it('refuses an unknown LOG_FORMAT, naming the ones it takes', () => {
    expect(() => chooseLogFormat(true, { LOG_FORMAT: 'xml' })).toThrow(UserError);
    expect(() => chooseLogFormat(true, { LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT=xml is not a log format: set json or pretty');
  });
});

describe('formatLogLine', () => {
  const time = new Date(2026, 11, 6, 9, 5, 7).getTime();

  it('prints time, level, message and the other fields as key=value', () => {
    const line = JSON.stringify({
      level: 30,
      time,
      pid: 1,
      hostname: 'h',
      name: 'cadreflow',
      msg: 'migrations applied',
      applied: ['0001_init'],
      reqId: 'r-1',
    });
    expect(formatLogLine(line, { color: false })).toBe('09:05:07 INFO  migrations applied applied=["0001_init"] reqId=r-1\n');
    expect(formatLogLine(JSON.stringify({ level: 40, time, msg: 'x', detail: 'two words' }), { color: false })).toBe(
      '09:05:07 WARN  x detail="two words"\n',
    );
  });

  it("adds an error's message, and its stack when the level is error", () => {
    const err = { type: 'Error', message: 'socket hang up', stack: 'Error: socket hang up\n    at a (b.ts:1:1)' };
    expect(formatLogLine(JSON.stringify({ level: 40, time, msg: 'cleanup failed', err }), { color: false })).toBe(
      '09:05:07 WARN  cleanup failed: socket hang up\n',
    );
    expect(formatLogLine(JSON.stringify({ level: 50, time, msg: 'error while stopping', err }), { color: false })).toBe(
      '09:05:07 ERROR error while stopping: socket hang up\n    Error: socket hang up\n        at a (b.ts:1:1)\n',
    );
  });

  it('colours the level only when asked, and passes a line that is not a record through', () => {
    expect(formatLogLine(JSON.stringify({ level: 50, time, msg: 'm' }), { color: true })).toContain('\x1b[31mERROR\x1b[0m');
    expect(formatLogLine('plain text\n', { color: false })).toBe('plain text\n');
    expect(formatLogLine('[1,2]\n', { color: false })).toBe('[1,2]\n');
  });
});

describe('createLogger', () => {
  it('writes readable lines to a terminal and JSON lines elsewhere', () => {
    const tty = capture(true);
    createLogger('cadreflow', { stream: tty, env: {} }).info({ port: 7233 }, 'Temporal dev server ready');
    expect(tty.text()).toMatch(
      /^\x1b\[2m\d\d:\d\d:\d\d\x1b\[0m \x1b\[32mINFO \x1b\[0m Temporal dev server ready \x1b\[2mport=7233\x1b\[0m\n$/,
    );
    expect(tty.text()).not.toContain('{');

    const pipe = capture(false);
    createLogger('cadreflow', { stream: pipe, env: {} }).info({ port: 7233 }, 'Temporal dev server ready');
    expect(JSON.parse(pipe.text())).toMatchObject({ level: 30, name: 'cadreflow', msg: 'Temporal dev server ready', port: 7233 });

    const asked = capture(true);
    createLogger('cadreflow', { stream: asked, env: { LOG_FORMAT: 'json' } }).warn('w');
    expect(JSON.parse(asked.text())).toMatchObject({ level: 40, msg: 'w' });

    const noColor = capture(true);
    createLogger('cadreflow', { stream: noColor, env: { NO_COLOR: '1', LOG_LEVEL: 'warn' } }).info('hidden');
    createLogger('cadreflow', { stream: noColor, env: { NO_COLOR: '1' } }).warn('shown');
    expect(noColor.text()).toMatch(/^\d\d:\d\d:\d\d WARN  shown\n$/);
  });
});
