/**
 * What county staff give to start an election (两推一选 for a township committee, 双推直选
 * for a village branch): the unit, the seats to fill, and optionally the form and the
 * term. One parser shared by the CLI (`election start`), the API (`POST /cases/election`)
 * and the web form. Whether the form fits the unit is the registry's to say (the service).
 */
import { ELECTION_FORMS, type ElectionForm } from './election';
import { accept, refuse, unknownFields, withChinese, type ParsedInput } from './bilingual';
import { isRecord, oneOf } from './decisions';

/** More seats than any branch or township committee has: a typo, refused here rather than by the slate rules later. */
export const MAX_SEATS = 15;

export interface ElectionStart {
  orgUnitId: string;
  seats: number;
  /** Absent: the unit's own (a township's 两推一选, a village's 双推直选). */
  form?: ElectionForm;
  /** The term's year, e.g. 2026; absent: this year. */
  term?: string;
}

/** Parses an election start as entered. */
export function parseElectionStart(raw: unknown): ParsedInput<ElectionStart> {
  if (!isRecord(raw)) return refuse('an election start must be an object', '换届选举的开始须为一个对象（JSON object）');
  const extra = unknownFields(raw, ['orgUnitId', 'seats', 'form', 'term']);
  if (extra) return extra;
  if (typeof raw.orgUnitId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(raw.orgUnitId)) {
    return refuse(
      `orgUnitId must be a unit id such as ts-03-v07, got ${JSON.stringify(raw.orgUnitId)}`,
      `单位编号（orgUnitId）须为形如 ts-03-v07 的编号，收到 ${JSON.stringify(raw.orgUnitId)}`,
    );
  }
  const seats = raw.seats;
  if (typeof seats !== 'number' || !Number.isSafeInteger(seats) || seats < 1 || seats > MAX_SEATS) {
    return refuse(
      `seats must be a whole number from 1 to ${MAX_SEATS}, got ${JSON.stringify(seats)}`,
      `职数（seats）须为 1 至 ${MAX_SEATS} 的整数，收到 ${JSON.stringify(seats)}`,
    );
  }
  const out: ElectionStart = { orgUnitId: raw.orgUnitId, seats };
  if (raw.form !== undefined) {
    const form = withChinese(
      oneOf(raw.form, 'form', ELECTION_FORMS),
      `选举方式（form）须为 ${ELECTION_FORMS.join('、')} 之一，收到 ${JSON.stringify(raw.form)}`,
    );
    if (!form.ok) return form;
    out.form = form.value;
  }
  if (raw.term !== undefined) {
    if (typeof raw.term !== 'string' || !/^\d{4}$/.test(raw.term))
      return refuse(
        `term must be a year such as 2026, got ${JSON.stringify(raw.term)}`,
        `届次（term）须为年份，如 2026，收到 ${JSON.stringify(raw.term)}`,
      );
    out.term = raw.term;
  }
  return accept(out);
}
