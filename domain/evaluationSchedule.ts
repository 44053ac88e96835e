/**
 * The yearly Temporal Schedule that starts an evaluation round (年度考核): when it fires, as
 * a five-field cron expression in Asia/Shanghai, and over which townships. One parser for
 * the CLI (`evaluation schedule --cron … --township …`) and the API (`POST
 * /evaluation/schedules`). Temporal would refuse a malformed expression too, but as a
 * server error: checked here, it is the caller's mistake, named.
 */
import { accept, refuse, unknownFields, type Bilingual, type ParsedInput } from './bilingual';
import { isRecord } from './decisions';

/** Each December 1st at 09:00 in the county's time zone. */
export const DEFAULT_ROUND_CRON = '0 9 1 12 *';

export interface RoundSchedule {
  cron: string;
  /** null: the whole county. Sorted, without repeats. */
  townshipIds: string[] | null;
}

const FIELDS = [
  { name: 'minute', zh: '分钟', min: 0, max: 59 },
  { name: 'hour', zh: '小时', min: 0, max: 23 },
  { name: 'day of month', zh: '日', min: 1, max: 31 },
  { name: 'month', zh: '月', min: 1, max: 12 },
  { name: 'day of week', zh: '星期', min: 0, max: 7 },
] as const;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** One field of a cron expression: `*`, numbers, ranges `a-b`, lists `a,b`, steps `/n`; month and day names. */
function fieldProblem(value: string, f: (typeof FIELDS)[number], index: number): Bilingual | undefined {
  const names = index === 3 ? MONTHS : index === 4 ? DAYS : [];
  const notAField = { en: `${f.name} "${value}" is not a cron field`, zh: `${f.zh}字段“${value}”不是 cron 字段` };
  for (const part of value.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '') return notAField;
    if (step !== undefined && !/^[1-9]\d{0,1}$/.test(step))
      return { en: `${f.name} "${value}": a step must be a number from 1 to 99`, zh: `${f.zh}字段“${value}”：步长须为 1 至 99 的数` };
    if (range === '*') continue;
    const ends = range.split('-');
    if (ends.length > 2) return notAField;
    const values: number[] = [];
    for (const end of ends) {
      const named = names.indexOf(end.toUpperCase());
      // Months count from 1 (JAN), days of the week from 0 (SUN).
      if (named >= 0) {
        values.push(index === 3 ? named + 1 : named);
        continue;
      }
      if (!/^\d{1,2}$/.test(end)) return notAField;
      const n = Number(end);
      if (n < f.min || n > f.max)
        return { en: `${f.name} ${n} is outside ${f.min}–${f.max}`, zh: `${f.zh}字段的 ${n} 超出 ${f.min}–${f.max}` };
      values.push(n);
    }
    // Temporal refuses a range that runs backwards (found by test/integration/api-input-parity.test.ts).
    if (values.length === 2 && values[0]! > values[1]!)
      return { en: `${f.name} range "${range}" runs backwards`, zh: `${f.zh}字段的范围“${range}”起点大于终点` };
  }
  return undefined;
}

/** A five-field cron expression (minute hour day-of-month month day-of-week), or why not, in English. */
export const cronProblem = (cron: string): string | undefined => cronRefusal(cron)?.en;

/** A five-field cron expression, or why not in Chinese and English. */
export function cronRefusal(cron: string): Bilingual | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== FIELDS.length || cron.trim() === '') {
    return {
      en: `cron must have five fields (minute hour day-of-month month day-of-week), e.g. "${DEFAULT_ROUND_CRON}", got "${cron}"`,
      zh: `cron 表达式须有五个字段（分钟 小时 日 月 星期），如“${DEFAULT_ROUND_CRON}”，收到“${cron}”`,
    };
  }
  for (const [i, f] of FIELDS.entries()) {
    const p = fieldProblem(fields[i]!, f, i);
    if (p) return { en: `cron "${cron}": ${p.en}`, zh: `cron 表达式“${cron}”：${p.zh}` };
  }
  return undefined;
}

const TOWNSHIP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Parses a schedule as entered: `{ cron?, townshipIds? }` (absent cron: each December 1st at 09:00; absent or empty townships: the county). */
export function parseRoundSchedule(raw: unknown): ParsedInput<RoundSchedule> {
  if (!isRecord(raw)) return refuse('a schedule must be an object', '考核计划须为一个对象（JSON object）');
  const extra = unknownFields(raw, ['cron', 'townshipIds']);
  if (extra) return extra;
  let cron = DEFAULT_ROUND_CRON;
  if (raw.cron !== undefined) {
    if (typeof raw.cron !== 'string')
      return refuse(
        `cron must be text such as "${DEFAULT_ROUND_CRON}", got ${JSON.stringify(raw.cron)}`,
        `cron 表达式须为文字，如“${DEFAULT_ROUND_CRON}”，收到 ${JSON.stringify(raw.cron)}`,
      );
    const problem = cronRefusal(raw.cron);
    if (problem) return refuse(problem.en, problem.zh);
    cron = raw.cron.trim().split(/\s+/).join(' ');
  }
  let townshipIds: string[] | null = null;
  if (raw.townshipIds !== undefined && raw.townshipIds !== null) {
    if (!Array.isArray(raw.townshipIds))
      return refuse('townshipIds must be a list of township ids', '乡镇（townshipIds）须为乡镇编号的列表');
    for (const id of raw.townshipIds) {
      if (typeof id !== 'string' || !TOWNSHIP_ID.test(id))
        return refuse(`not a township id: ${JSON.stringify(id)}`, `不是乡镇编号：${JSON.stringify(id)}`);
    }
    const ids = [...new Set(raw.townshipIds as string[])].sort();
    townshipIds = ids.length > 0 ? ids : null;
  }
  return accept({ cron, townshipIds });
}
