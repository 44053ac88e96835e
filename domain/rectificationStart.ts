/**
 * What county staff give to screen the village branches (排查) and to start rectification
 * cases for the branches on the list they fixed (后进党组织整顿): the screening day, the
 * branches added by hand or put on the list, and the facts from the self-check and the
 * township re-check (the facts file, read by `parseSuppliedFacts`). One parser per input,
 * shared by the CLI (`rectification screen|start`), the API (`POST /rectification/screenings`,
 * `POST /cases/rectification`) and the web form.
 */
import { compareDates } from './calendar';
import { calendarDay, fail, isRecord, ok, onlyKeys, type Parsed } from './decisions';
import { parseSuppliedFacts, type ScreeningReason, type SuppliedFacts } from './rectification';

/** More branches than a county has villages: a list pasted wrong, refused before anything is screened. */
export const MAX_LISTED_BRANCHES = 500;
const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface RectificationScreening {
  /** The screening day; absent: today. */
  on?: string;
  /** Branches the county puts on the list by hand. */
  add: string[];
  facts?: SuppliedFacts;
}

export interface RectificationStart {
  /** The day the list was fixed: the first round starts then; absent: today. */
  on?: string;
  /** The branches on the list, one case each. */
  branches: string[];
  facts?: SuppliedFacts;
}

function branchList(raw: unknown, field: string): Parsed<string[]> {
  if (raw === undefined) return ok([]);
  if (!Array.isArray(raw)) return fail(`${field} must be a list of branch ids, got ${JSON.stringify(raw)}`);
  if (raw.length > MAX_LISTED_BRANCHES) return fail(`${field} names ${raw.length} branches; at most ${MAX_LISTED_BRANCHES}`);
  for (const [i, id] of raw.entries()) {
    if (typeof id !== 'string' || !UNIT_ID.test(id))
      return fail(`${field}[${i}] must be a branch id such as ts-03-v07, got ${JSON.stringify(id)}`);
  }
  return ok([...new Set(raw as string[])]);
}

function screeningDay(raw: unknown, today: string): Parsed<string | undefined> {
  if (raw === undefined) return ok(undefined);
  const day = calendarDay(raw, 'on');
  if (!day.ok) return day;
  if (compareDates(day.value, today) > 0) return fail(`on: ${day.value} is after today (${today})`);
  return ok(day.value);
}

function facts(raw: unknown): Parsed<SuppliedFacts | undefined> {
  if (raw === undefined) return ok(undefined);
  const parsed = parseSuppliedFacts(raw);
  return parsed.ok ? parsed : fail(`facts: ${parsed.error}`);
}

/** Parses a screening as entered; `today` is the caller's day (Asia/Shanghai). */
export function parseRectificationScreening(raw: unknown, today: string): Parsed<RectificationScreening> {
  if (!isRecord(raw)) return fail('a screening must be an object');
  const extra = onlyKeys(raw, ['on', 'add', 'facts']);
  if (extra) return fail(extra);
  const on = screeningDay(raw.on, today);
  if (!on.ok) return on;
  const add = branchList(raw.add, 'add');
  if (!add.ok) return add;
  const f = facts(raw.facts);
  if (!f.ok) return f;
  return ok({ ...(on.value ? { on: on.value } : {}), add: add.value, ...(f.value ? { facts: f.value } : {}) });
}

/** Parses a start of rectification cases as entered; `today` is the caller's day (Asia/Shanghai). */
export function parseRectificationStart(raw: unknown, today: string): Parsed<RectificationStart> {
  if (!isRecord(raw)) return fail('a rectification start must be an object');
  const extra = onlyKeys(raw, ['on', 'branches', 'facts']);
  if (extra) return fail(extra);
  const on = screeningDay(raw.on, today);
  if (!on.ok) return on;
  const branches = branchList(raw.branches, 'branches');
  if (!branches.ok) return branches;
  if (branches.value.length === 0) return fail('branches: name the branches on the list (at least one)');
  const f = facts(raw.facts);
  if (!f.ok) return f;
  return ok({ ...(on.value ? { on: on.value } : {}), branches: branches.value, ...(f.value ? { facts: f.value } : {}) });
}

/** A branch on the screening list, as the CLI prints it and the API and the web form send it. */
export interface ListedBranch {
  branchId: string;
  name: string;
  townshipId: string;
  reasons: ScreeningReason[];
  /** Put on the list by the county by hand; may also meet criteria. */
  addedByCounty: boolean;
}

export interface ScreenResult {
  on: string;
  screened: number;
  list: ListedBranch[];
}
