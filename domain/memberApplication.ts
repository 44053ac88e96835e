/**
 * What county staff give to open a Party member development case (发展党员): the person
 * who applied, the day the application was handed in and, when not the person's village
 * branch, the Party organization applied to. One parser shared by the CLI (`member
 * apply`), the API (`POST /cases/member-development`) and the web form.
 */
import { compareDates, coveredYears } from './calendar';
import { accept, refuse, unknownFields, withChinese, type ParsedInput } from './bilingual';
import { calendarDay, isRecord } from './decisions';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface MemberApplication {
  personId: string;
  /** Absent: today. */
  appliedOn?: string;
  /** The Party organization applied to; absent: the person's village branch. */
  branchId?: string;
}

/** Parses an application as entered; `today` is the caller's day (Asia/Shanghai). */
export function parseMemberApplication(raw: unknown, today: string): ParsedInput<MemberApplication> {
  if (!isRecord(raw)) return refuse('an application must be an object', '入党申请须为一个对象（JSON object）');
  const extra = unknownFields(raw, ['personId', 'appliedOn', 'branchId']);
  if (extra) return extra;
  if (typeof raw.personId !== 'string' || !ID.test(raw.personId))
    return refuse(
      `personId must be an id such as p-1200, got ${JSON.stringify(raw.personId)}`,
      `人员编号（personId）须为形如 p-1200 的编号，收到 ${JSON.stringify(raw.personId)}`,
    );
  const out: MemberApplication = { personId: raw.personId };
  if (raw.appliedOn !== undefined) {
    const day = withChinese(
      calendarDay(raw.appliedOn, 'appliedOn'),
      `申请日期（appliedOn）须为日历上真实的一天，形如 2026-03-02，收到 ${JSON.stringify(raw.appliedOn)}`,
    );
    if (!day.ok) return day;
    if (compareDates(day.value, today) > 0)
      return refuse(`appliedOn: ${day.value} is in the future`, `申请日期（appliedOn）${day.value} 晚于今天`);
    // The steps' deadlines are counted in working days: the calendar must cover the year.
    const years = coveredYears();
    if (!years.includes(Number(day.value.slice(0, 4))))
      return refuse(
        `appliedOn: ${day.value}: the working-day calendar covers ${years.join(', ')} only`,
        `申请日期（appliedOn）${day.value}：工作日历只含 ${years.join('、')} 年`,
      );
    out.appliedOn = day.value;
  }
  if (raw.branchId !== undefined) {
    if (typeof raw.branchId !== 'string' || !ID.test(raw.branchId))
      return refuse(
        `branchId must be a Party organization's id such as ts-03-v07-pb, got ${JSON.stringify(raw.branchId)}`,
        `党组织编号（branchId）须为形如 ts-03-v07-pb 的编号，收到 ${JSON.stringify(raw.branchId)}`,
      );
    out.branchId = raw.branchId;
  }
  return accept(out);
}
