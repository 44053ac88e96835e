/**
 * What county staff give to start a probation case (试用期): the cadre, the trial post and
 * the day of the appointment. One parser shared by the CLI (`probation start`), the API
 * (`POST /cases/probation`) and the web form, so all three refuse the same input with the
 * same words; the appointment day's window is checked against the caller's today.
 */
import { addMonths, compareDates } from './calendar';
import { calendarDay, fail, isRecord, ok, onlyKeys, text, type Parsed } from './decisions';

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

function id(raw: unknown, field: string, pattern: RegExp, example: string): Parsed<string> {
  return typeof raw === 'string' && pattern.test(raw)
    ? ok(raw)
    : fail(`${field} must be an id such as ${example}, got ${JSON.stringify(raw)}`);
}

/**
 * The appointment day: a real calendar day within three years back and one ahead of
 * `today` — a probation started now lies there; a day outside is a typo.
 */
export function appointmentDay(raw: unknown, today: string, field = 'appointedOn'): Parsed<string> {
  const day = calendarDay(raw, field);
  if (!day.ok) return day;
  const earliest = addMonths(today, -36);
  const latest = addMonths(today, 12);
  if (compareDates(day.value, earliest) < 0 || compareDates(day.value, latest) > 0) {
    return fail(
      `${field}: ${day.value} is not between ${earliest} and ${latest} (a probation started now lies within three years back and one ahead)`,
    );
  }
  return day;
}

/** Parses a probation start as entered; `today` is the caller's day (Asia/Shanghai). */
export function parseProbationStart(raw: unknown, today: string): Parsed<ProbationStart> {
  if (!isRecord(raw)) return fail('a probation start must be an object');
  const extra = onlyKeys(raw, KEYS);
  if (extra) return fail(extra);
  const personId = id(raw.personId, 'personId', UNIT_ID, 'p-0005');
  if (!personId.ok) return personId;
  const title = text(raw.title, 'title', { required: true, max: 100 });
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
    const rank = text(raw.trialRank, 'trialRank', { required: true, max: 50 });
    if (!rank.ok) return rank;
    out.trialRank = rank.value;
  }
  if (raw.preAppointmentNotice !== undefined) {
    if (typeof raw.preAppointmentNotice !== 'boolean') return fail('preAppointmentNotice must be true or false');
    out.preAppointmentNotice = raw.preAppointmentNotice;
  }
  if (raw.appointmentId !== undefined) {
    const a = id(raw.appointmentId, 'appointmentId', APPOINTMENT_ID, '2026-03-02 or first');
    if (!a.ok) return a;
    out.appointmentId = a.value;
  }
  return ok(out);
}
