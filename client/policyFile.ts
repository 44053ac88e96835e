/**
 * Reads a county's policy override file (JSON) and turns every way it can be
 * wrong into a PolicyError that starts with the file's path, so whoever edits
 * the file sees where and what to fix before any case starts under it.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_POLICY, PolicyError, parsePolicy, type Policy } from '../domain/policy';

/** Environment variable naming the policy file when no flag is given. */
export const POLICY_FILE_ENV = 'CADREFLOW_POLICY';

/** The file to load: an explicit path wins over the environment; blank means none. */
export function resolvePolicyFile(explicit?: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const chosen = explicit ?? env[POLICY_FILE_ENV];
  return chosen === undefined || chosen.trim() === '' ? undefined : chosen;
}

/** No file → DEFAULT_POLICY; otherwise the file's override merged onto `base`. */
export function loadPolicy(file?: string, base: Policy = DEFAULT_POLICY): Policy {
  if (file === undefined) return base;
  const json = parseJsonFile(file, readPolicyText(file));
  try {
    return parsePolicy(json, base);
  } catch (err) {
    if (err instanceof PolicyError) throw err.withSource(file);
    throw err;
  }
}

function fail(file: string, message: string): never {
  throw new PolicyError([{ path: '', message }], file);
}

function readPolicyText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory, not a file'
            : (err as Error).message;
    return fail(file, `cannot read policy file: ${why}`);
  }
}

function parseJsonFile(file: string, raw: string): unknown {
  // Editors on Windows like to start UTF-8 files with a byte-order mark.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim() === '') {
    return fail(file, 'policy file is empty; expected a JSON object with at least a "version"');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // Node 20's messages give no position for many errors, so find it ourselves.
    const found = findJsonError(text);
    if (!found) return fail(file, `not valid JSON: ${(err as Error).message}`);
    const { line, column } = lineAndColumn(text, found.offset);
    return fail(file, `not valid JSON at line ${line}, column ${column}: ${found.reason}`);
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}

class JsonStop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/**
 * Where a JSON text first goes wrong (RFC 8259), with a reason a person editing
 * the file understands. Only called after JSON.parse has failed.
 */
export function findJsonError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  const stop: (reason: string, at?: number) => never = (reason, at = i) => {
    throw new JsonStop(at, reason);
  };
  const shown = (c: string | undefined): string => (c === undefined ? 'the end of the file' : JSON.stringify(c));
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i += 1;
  };

  const string = (): void => {
    const start = i;
    i += 1; // opening quote
    for (;;) {
      const c = text[i];
      if (c === undefined) stop('string is never closed with "', start);
      if (c === '"') {
        i += 1;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) stop('\\u must be followed by 4 hex digits');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          stop(`invalid escape \\${e ?? ''} in string`);
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) stop('line break or control character inside a string (use \\n)');
      i += 1;
    }
  };

  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const number = (): void => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === '-') stop('invalid number');
    i = NUMBER.lastIndex;
    if (/[0-9A-Za-z.]/.test(text[i] ?? '')) stop(`invalid number (unexpected ${shown(text[i])})`);
  };

  const value = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (c === "'") stop('strings must use double quotes');
    if (c === '/') stop('JSON does not allow comments');
    stop(`expected a value, found ${shown(c)}`);
  };

  const object = (): void => {
    i += 1;
    skipSpace();
    if (text[i] === '}') {
      i += 1;
      return;
    }
    for (;;) {
      skipSpace();
      const c = text[i];
      if (c !== '"') {
        if (c === '}') stop('trailing comma before }');
        if (c === '/') stop('JSON does not allow comments');
        stop(`expected a property name in double quotes, found ${shown(c)}`);
      }
      string();
      skipSpace();
      if (text[i] !== ':') stop(`expected : after the property name, found ${shown(text[i])}`);
      i += 1;
      value();
      skipSpace();
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text[i] === '}') {
        i += 1;
        return;
      }
      stop(`expected , or } after a property value, found ${shown(text[i])}`);
    }
  };

  const array = (): void => {
    i += 1;
    skipSpace();
    if (text[i] === ']') {
      i += 1;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text[i] === ',') {
        i += 1;
        skipSpace();
        if (text[i] === ']') stop('trailing comma before ]');
        continue;
      }
      if (text[i] === ']') {
        i += 1;
        return;
      }
      stop(`expected , or ] after a list item, found ${shown(text[i])}`);
    }
  };

  try {
    value();
    skipSpace();
    if (i < text.length) stop(`unexpected ${shown(text[i])} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (e instanceof JsonStop) return { offset: e.offset, reason: e.reason };
    throw e;
  }
}
