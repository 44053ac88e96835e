/**
 * What county staff give to start a probation case (试用期): the cadre, the trial post and
 * the day of the appointment. One parser shared by the CLI (`probation start`), the API
 * (`POST /cases/probation`) and the web form, so all three refuse the same input with the
 * same words; the appointment day's window is checked against the caller's today.
 */
import { addMonths, compareDates } from './calendar';
import { accept, refuse, unknownFields, withChinese, type ParsedInput } from './bilingual';
import { calendarDay, isRecord, text } from './decisions';

const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const APPOINTMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export interface ProbationStart {
  personId: string;
  title: string;
  appointedOn: string;
  /** The post's org unit; absent: the cadre's own. */
  orgUnitId?: string;
  /** The trial post's rank; absent: 副科级 in a township, the cadre's own in a village. */
  trialRank?: string;
  preAppointmentNotice?: boolean;
  /** Tells two appointments of one cadre apart; absent: the appointment day. */
  appointmentId?: string;
}

const KEYS = ['personId', 'title', 'appointedOn', 'orgUnitId', 'trialRank', 'preAppointmentNotice', 'appointmentId'] as const;

/** The fields' names as the form labels them. */
const LABEL_ZH = { personId: '人员编号', orgUnitId: '单位编号', appointmentId: '任职编号', title: '职务', trialRank: '试用职级' } as const;

function id(raw: unknown, field: keyof typeof LABEL_ZH, pattern: RegExp, example: string): ParsedInput<string> {
  return typeof raw === 'string' && pattern.test(raw)
    ? accept(raw)
    : refuse(
        `${field} must be an id such as ${example}, got ${JSON.stringify(raw)}`,
        `${LABEL_ZH[field]}（${field}）须为形如 ${example.replace(' or ', ' 或 ')} 的编号，收到 ${JSON.stringify(raw)}`,
      );
}

function label(field: 'title' | 'trialRank', max: number) {
  return (en: string) =>
    en.includes('longer than')
      ? `${LABEL_ZH[field]}（${field}）不能超过 ${max} 个字符`
      : en.includes('must be text')
        ? `${LABEL_ZH[field]}（${field}）须为文字`
        : `${LABEL_ZH[field]}（${field}）为必填项`;
}

/**
 * The appointment day: a real calendar day within three years back and one ahead of
 * `today` — a probation started now lies there; a day outside is a typo.
 */
export function appointmentDay(raw: unknown, today: string, field = 'appointedOn'): ParsedInput<string> {
  const day = withChinese(
    calendarDay(raw, field),
    `任职日期（${field}）须为日历上真实的一天，形如 2026-03-02，收到 ${JSON.stringify(raw)}`,
  );
  if (!day.ok) return day;
  const earliest = addMonths(today, -36);
  const latest = addMonths(today, 12);
  if (compareDates(day.value, earliest) < 0 || compareDates(day.value, latest) > 0) {
    return refuse(
      `${field}: ${day.value} is not between ${earliest} and ${latest} (a probation started now lies within three years back and one ahead)`,
      `任职日期（${field}）${day.value} 不在 ${earliest} 至 ${latest} 之间（现在开始的试用期，任职日期应在三年前至一年后之内）`,
    );
  }
  return day;
}

/** Parses a probation start as entered; `today` is the caller's day (Asia/Shanghai). */
export function parseProbationStart(raw: unknown, today: string): ParsedInput<ProbationStart> {
  if (!isRecord(raw)) return refuse('a probation start must be an object', '试用期的开始须为一个对象（JSON object）');
  const extra = unknownFields(raw, KEYS);
  if (extra) return extra;
  const personId = id(raw.personId, 'personId', UNIT_ID, 'p-0005');
  if (!personId.ok) return personId;
  const title = withChinese(text(raw.title, 'title', { required: true, max: 100 }), label('title', 100));
  if (!title.ok) return title;
  const appointedOn = appointmentDay(raw.appointedOn, today);
  if (!appointedOn.ok) return appointedOn;
  const out: ProbationStart = { personId: personId.value, title: title.value, appointedOn: appointedOn.value };
  if (raw.orgUnitId !== undefined && raw.orgUnitId !== '') {
    const unit = id(raw.orgUnitId, 'orgUnitId', UNIT_ID, 'ts-03');
    if (!unit.ok) return unit;
    out.orgUnitId = unit.value;
  }
  if (raw.trialRank !== undefined && raw.trialRank !== '') {
    const rank = withChinese(text(raw.trialRank, 'trialRank', { required: true, max: 50 }), label('trialRank', 50));
    if (!rank.ok) return rank;
    out.trialRank = rank.value;
  }
  if (raw.preAppointmentNotice !== undefined) {
    if (typeof raw.preAppointmentNotice !== 'boolean')
      return refuse('preAppointmentNotice must be true or false', '任前公示（preAppointmentNotice）须为是或否');
    out.preAppointmentNotice = raw.preAppointmentNotice;
  }
  if (raw.appointmentId !== undefined) {
    const a = id(raw.appointmentId, 'appointmentId', APPOINTMENT_ID, '2026-03-02 or first');
    if (!a.ok) return a;
    out.appointmentId = a.value;
  }
  return accept(out);
}
