/**
 * Hand-written decision parsers. They run inside workflow validators, so they are
 * plain functions (no schema library that might compile code at run time) and
 * return a reason instead of throwing: a refusal must be a typed answer, not a crash.
 */
import { CalendarRangeError, InvalidDateError, addDays, isWorkingDay } from './calendar';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export type DecisionParser<T> = (raw: unknown) => Parsed<T>;

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = <T = never>(error: string): Parsed<T> => ({ ok: false, error });

export function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/**
 * The body of any decision, before a step's own parser: one JSON object of the step's
 * fields. A list, a text, a number or null is refused here with one message for every
 * step, CLI (`--data '[1,2]'`), API and the cases' validators alike: a decision is
 * stored as a JSON object (the tasks read model's `decision`), and a list in its place
 * would be refused by the database on every retry instead of by the case once.
 */
export function decisionBody(raw: unknown): Parsed<Record<string, unknown>> {
  if (isRecord(raw)) return ok(raw);
  const got = Array.isArray(raw) ? 'a list' : raw === null ? 'null' : typeof raw === 'string' ? 'a text' : `a ${typeof raw}`;
  return fail(`the decision must be a JSON object of the step's fields ({"field": value, …}), got ${got}`);
}

/** Rejects fields the step does not know, so a typo is refused rather than ignored. */
export function onlyKeys(raw: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  const extra = Object.keys(raw).filter((k) => !allowed.includes(k));
  return extra.length > 0 ? `unknown field(s): ${extra.join(', ')} (allowed: ${allowed.join(', ')})` : undefined;
}

export function oneOf<T extends string>(raw: unknown, field: string, values: readonly T[]): Parsed<T> {
  return typeof raw === 'string' && (values as readonly string[]).includes(raw)
    ? ok(raw as T)
    : fail(`${field} must be one of ${values.join(' | ')}, got ${JSON.stringify(raw)}`);
}

/**
 * Characters a reader cannot see at the edges of a text: Unicode white space (NBSP,
 * the ideographic space U+3000, line separators …) and the default-ignorable code
 * points (zero-width space U+200B, joiners U+200C/D, word joiner U+2060, the BOM
 * U+FEFF, bidi marks, variation selectors …), plus the blank Braille pattern U+2800.
 * String.prototype.trim() knows only the first kind, so "\u200B" would pass it.
 */
const INVISIBLE_EDGES =
  /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]+|[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]+$/gu;

/** Set only while `underEarlierTextRules` runs its function (synchronously). */
let earlierRules = false;

/**
 * A text as it is checked and stored: without invisible characters at either end. A
 * text of nothing else trims to '', so a required field of only spaces or zero-width
 * characters is refused as missing rather than stored empty.
 */
export function trimText(raw: string): string {
  return earlierRules ? raw.trim() : raw.replace(INVISIBLE_EDGES, '');
}

/**
 * Runs `fn` with text parsed as decisions were accepted before the trimming above:
 * String.prototype.trim(), and a required text refused only when empty. An update
 * handler replaying a decision accepted then parses it again (workflows/kit/textRules.ts);
 * refusing it now would make the replay diverge from its history.
 */
export function underEarlierTextRules<T>(fn: () => T): T {
  const before = earlierRules;
  earlierRules = true;
  try {
    return fn();
  } finally {
    earlierRules = before;
  }
}

export function text(raw: unknown, field: string, opts: { required: boolean; max?: number }): Parsed<string> {
  const max = opts.max ?? 2000;
  if (raw === undefined || raw === null || (earlierRules && raw === '')) return opts.required ? fail(`${field} is required`) : ok('');
  if (typeof raw !== 'string') return fail(`${field} must be text, got ${typeof raw}`);
  if (raw.length > max) return fail(`${field} is longer than ${max} characters`);
  const trimmed = trimText(raw);
  if (trimmed === '' && opts.required && !earlierRules) {
    return fail(raw === '' ? `${field} is required` : `${field} is required: it holds only blank or invisible characters`);
  }
  return ok(trimmed);
}

export function count(raw: unknown, field: string): Parsed<number> {
  return typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0
    ? ok(raw)
    : fail(`${field} must be a whole number ≥ 0, got ${JSON.stringify(raw)}`);
}

/** Builds a parser for a flat object from per-field parsers; the first error wins. */
export function record<T extends object>(fields: { [K in keyof T]: (raw: unknown) => Parsed<T[K]> }): DecisionParser<T> {
  const names = Object.keys(fields);
  return (raw) => {
    if (!isRecord(raw)) return fail('decision must be an object');
    const extra = onlyKeys(raw, names);
    if (extra) return fail(extra);
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const parsed = fields[name as keyof T](raw[name]);
      if (!parsed.ok) return parsed;
      out[name] = parsed.value;
    }
    return ok(out as T);
  };
}

/** A real calendar day, 'YYYY-MM-DD'. */
export function calendarDay(raw: unknown, field: string): Parsed<string> {
  if (typeof raw !== 'string') return fail(`${field} must be a date YYYY-MM-DD, got ${JSON.stringify(raw)}`);
  try {
    addDays(raw, 0);
  } catch (err) {
    if (err instanceof InvalidDateError) return fail(`${field}: ${err.message}`);
    throw err;
  }
  return ok(raw);
}

/**
 * The day a step really happened (a notice posted on paper in the village, a letter
 * handed over), when it is recorded afterwards: a real day of a year the working-day
 * calendar covers, or undefined when the step happened the day it is recorded. A day
 * after the server's today is the workflow's to clamp to today, so a date can only ever
 * shorten a wait, never lengthen it.
 */
export function recordedDay(raw: unknown, field: string): Parsed<string | undefined> {
  if (raw === undefined || raw === null || raw === '') return ok(undefined);
  const d = calendarDay(raw, field);
  if (!d.ok) return d;
  try {
    isWorkingDay(d.value);
  } catch (err) {
    if (err instanceof CalendarRangeError) return fail(`${field} ${d.value}: ${err.message}`);
    throw err;
  }
  return ok(d.value);
}
