/**
 * How `up` and `worker` write their log: pino's JSON lines when the log goes to a file, a
 * pipe or a log shipper (or LOG_FORMAT=json), one readable line per record on a terminal
 * (or LOG_FORMAT=pretty). The readable lines are formatted in this process: a pino
 * transport (pino-pretty) would add a worker thread for the few lines `up` writes.
 */
import pino, { type Logger } from 'pino';
import { UserError } from './cases';

export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT when set, else readable on a terminal and JSON anywhere else. */
export function chooseLogFormat(isTTY: boolean, env: NodeJS.ProcessEnv): LogFormat {
  const asked = env.LOG_FORMAT?.trim().toLowerCase();
  if (!asked) return isTTY ? 'pretty' : 'json';
  if (asked === 'json' || asked === 'pretty') return asked;
  throw new UserError(
    `LOG_FORMAT=${env.LOG_FORMAT} is not a log format: set json or pretty, or unset it (readable on a terminal, JSON otherwise)`,
  );
}

const LEVELS: Record<number, { label: string; color: string }> = {
  10: { label: 'TRACE', color: '90' },
  20: { label: 'DEBUG', color: '90' },
  30: { label: 'INFO', color: '32' },
  40: { label: 'WARN', color: '33' },
  50: { label: 'ERROR', color: '31' },
  60: { label: 'FATAL', color: '31;1' },
};

/** Fields every record carries, or shown in their own place: not repeated as key=value. */
const OMITTED = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'err', 'v']);

function paint(text: string, code: string, color: boolean): string {
  return color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

function fieldValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

function clock(time: unknown): string {
  if (typeof time !== 'number') return '--:--:--';
  const d = new Date(time);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * One pino JSON line as `HH:MM:SS LEVEL message key=value …`, an error's stack indented
 * below it. A line that is not a pino record is passed through unchanged.
 */
export function formatLogLine(line: string, opts: { color: boolean }): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  if (record === null || typeof record !== 'object' || typeof record.level !== 'number') return `${line.trimEnd()}\n`;
  const level = LEVELS[record.level] ?? { label: `L${record.level}`, color: '0' };
  const fields = Object.entries(record)
    .filter(([key, value]) => !OMITTED.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${fieldValue(value)}`);
  const err = record.err as { message?: unknown; stack?: unknown } | undefined;
  let message = typeof record.msg === 'string' ? record.msg : '';
  if (err && typeof err.message === 'string' && !message.includes(err.message))
    message = message ? `${message}: ${err.message}` : err.message;
  const head = [
    paint(clock(record.time), '2', opts.color),
    paint(level.label.padEnd(5), level.color, opts.color),
    message,
    ...(fields.length ? [paint(fields.join(' '), '2', opts.color)] : []),
  ].join(' ');
  // The stack matters for errors a person must report; a warning's would only add noise.
  const stack = err && record.level >= 50 && typeof err.stack === 'string' ? `\n${err.stack.replace(/^/gm, '    ')}` : '';
  return `${head}${stack}\n`;
}

export interface LoggerOptions {
  level?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the log goes; default stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The process's logger in the format its stream and LOG_FORMAT call for; a bad LOG_FORMAT throws UserError. */
export function createLogger(name: string, opts: LoggerOptions = {}): Logger {
  const env = opts.env ?? process.env;
  const stream = opts.stream ?? process.stderr;
  const isTTY = Boolean(stream.isTTY);
  const level = opts.level ?? env.LOG_LEVEL ?? 'info';
  if (chooseLogFormat(isTTY, env) === 'json') {
    return pino({ name, level }, opts.stream ? stream : pino.destination(2));
  }
  // NO_COLOR (no-color.org) turns colours off; a pretty log into a file gets none either.
  const color = isTTY && !env.NO_COLOR;
  return pino({ name, level }, { write: (line: string) => void stream.write(formatLogLine(line, { color })) });
}
