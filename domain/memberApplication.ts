/**
 * What county staff give to open a Party member development case (发展党员): the person
 * who applied, the day the application was handed in and, when not the person's village
 * branch, the Party organization applied to. One parser shared by the CLI (`member
 * apply`), the API (`POST /cases/member-development`) and the web form.
 */
import { compareDates, coveredYears } from './calendar';
import { calendarDay, fail, isRecord, ok, onlyKeys, type Parsed } from './decisions';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface MemberApplication {
  personId: string;
  /** Absent: today. */
  appliedOn?: string;
  /** The Party organization applied to; absent: the person's village branch. */
  branchId?: string;
}

/** Parses an application as entered; `today` is the caller's day (Asia/Shanghai). */
export function parseMemberApplication(raw: unknown, today: string): Parsed<MemberApplication> {
  if (!isRecord(raw)) return fail('an application must be an object');
  const extra = onlyKeys(raw, ['personId', 'appliedOn', 'branchId']);
  if (extra) return fail(extra);
  if (typeof raw.personId !== 'string' || !ID.test(raw.personId))
    return fail(`personId must be an id such as p-1200, got ${JSON.stringify(raw.personId)}`);
  const out: MemberApplication = { personId: raw.personId };
  if (raw.appliedOn !== undefined) {
    const day = calendarDay(raw.appliedOn, 'appliedOn');
    if (!day.ok) return day;
    if (compareDates(day.value, today) > 0) return fail(`appliedOn: ${day.value} is in the future`);
    // The steps' deadlines are counted in working days: the calendar must cover the year.
    const years = coveredYears();
    if (!years.includes(Number(day.value.slice(0, 4))))
      return fail(`appliedOn: ${day.value}: the working-day calendar covers ${years.join(', ')} only`);
    out.appliedOn = day.value;
  }
  if (raw.branchId !== undefined) {
    if (typeof raw.branchId !== 'string' || !ID.test(raw.branchId))
      return fail(`branchId must be a Party organization's id such as ts-03-v07-pb, got ${JSON.stringify(raw.branchId)}`);
    out.branchId = raw.branchId;
  }
  return ok(out);
}
