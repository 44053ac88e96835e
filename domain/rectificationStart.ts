/**
 * What county staff give to screen the village branches (排查) and to start rectification
 * cases for the branches on the list they fixed (后进党组织整顿): the screening day, the
 * branches added by hand or put on the list, and the facts from the self-check and the
 * township re-check (the facts file, read by `parseSuppliedFacts`). One parser per input,
 * shared by the CLI (`rectification screen|start`), the API (`POST /rectification/screenings`,
 * `POST /cases/rectification`) and the web form.
 */
import { compareDates } from './calendar';
import { accept, refuse, unknownFields, withChinese, type ParsedInput } from './bilingual';
import { calendarDay, isRecord } from './decisions';
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

/** The fields' names as the forms label them. */
const LABEL_ZH = { add: '补充列入的党组织', branches: '列入名单的党组织', on: '排查日期' } as const;

function branchList(raw: unknown, field: 'add' | 'branches'): ParsedInput<string[]> {
  if (raw === undefined) return accept([]);
  const label = `${LABEL_ZH[field]}（${field}）`;
  if (!Array.isArray(raw))
    return refuse(
      `${field} must be a list of branch ids, got ${JSON.stringify(raw)}`,
      `${label}须为党组织编号的列表，收到 ${JSON.stringify(raw)}`,
    );
  if (raw.length > MAX_LISTED_BRANCHES)
    return refuse(
      `${field} names ${raw.length} branches; at most ${MAX_LISTED_BRANCHES}`,
      `${label}列了 ${raw.length} 个党组织，最多 ${MAX_LISTED_BRANCHES} 个`,
    );
  for (const [i, id] of raw.entries()) {
    if (typeof id !== 'string' || !UNIT_ID.test(id))
      return refuse(
        `${field}[${i}] must be a branch id such as ts-03-v07, got ${JSON.stringify(id)}`,
        `${label}第 ${i + 1} 项须为形如 ts-03-v07 的党组织编号，收到 ${JSON.stringify(id)}`,
      );
  }
  return accept([...new Set(raw as string[])]);
}

function screeningDay(raw: unknown, today: string): ParsedInput<string | undefined> {
  if (raw === undefined) return accept(undefined);
  const day = withChinese(calendarDay(raw, 'on'), `排查日期（on）须为日历上真实的一天，形如 2026-03-02，收到 ${JSON.stringify(raw)}`);
  if (!day.ok) return day;
  if (compareDates(day.value, today) > 0)
    return refuse(`on: ${day.value} is after today (${today})`, `排查日期（on）${day.value} 晚于今天（${today}）`);
  return accept(day.value);
}

function facts(raw: unknown): ParsedInput<SuppliedFacts | undefined> {
  if (raw === undefined) return accept(undefined);
  const parsed = parseSuppliedFacts(raw);
  // The facts file's own parser speaks English: its sentence is quoted after the Chinese.
  return parsed.ok ? parsed : refuse(`facts: ${parsed.error}`, `自查和复核的事实材料（facts）有误：${parsed.error}`);
}

/** Parses a screening as entered; `today` is the caller's day (Asia/Shanghai). */
export function parseRectificationScreening(raw: unknown, today: string): ParsedInput<RectificationScreening> {
  if (!isRecord(raw)) return refuse('a screening must be an object', '排查须为一个对象（JSON object）');
  const extra = unknownFields(raw, ['on', 'add', 'facts']);
  if (extra) return extra;
  const on = screeningDay(raw.on, today);
  if (!on.ok) return on;
  const add = branchList(raw.add, 'add');
  if (!add.ok) return add;
  const f = facts(raw.facts);
  if (!f.ok) return f;
  return accept({ ...(on.value ? { on: on.value } : {}), add: add.value, ...(f.value ? { facts: f.value } : {}) });
}

/** Parses a start of rectification cases as entered; `today` is the caller's day (Asia/Shanghai). */
export function parseRectificationStart(raw: unknown, today: string): ParsedInput<RectificationStart> {
  if (!isRecord(raw)) return refuse('a rectification start must be an object', '整顿的开始须为一个对象（JSON object）');
  const extra = unknownFields(raw, ['on', 'branches', 'facts']);
  if (extra) return extra;
  const on = screeningDay(raw.on, today);
  if (!on.ok) return on;
  const branches = branchList(raw.branches, 'branches');
  if (!branches.ok) return branches;
  if (branches.value.length === 0)
    return refuse('branches: name the branches on the list (at least one)', '列入名单的党组织（branches）：至少列出一个党组织');
  const f = facts(raw.facts);
  if (!f.ok) return f;
  return accept({ ...(on.value ? { on: on.value } : {}), branches: branches.value, ...(f.value ? { facts: f.value } : {}) });
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
