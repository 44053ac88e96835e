/**
 * What county staff give to start an election (两推一选 for a township committee, 双推直选
 * for a village branch): the unit, the seats to fill, and optionally the form and the
 * term. One parser shared by the CLI (`election start`), the API (`POST /cases/election`)
 * and the web form. Whether the form fits the unit is the registry's to say (the service).
 */
import { ELECTION_FORMS, type ElectionForm } from './election';
import { fail, isRecord, ok, oneOf, onlyKeys, type Parsed } from './decisions';

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
export function parseElectionStart(raw: unknown): Parsed<ElectionStart> {
  if (!isRecord(raw)) return fail('an election start must be an object');
  const extra = onlyKeys(raw, ['orgUnitId', 'seats', 'form', 'term']);
  if (extra) return fail(extra);
  if (typeof raw.orgUnitId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(raw.orgUnitId)) {
    return fail(`orgUnitId must be a unit id such as ts-03-v07, got ${JSON.stringify(raw.orgUnitId)}`);
  }
  const seats = raw.seats;
  if (typeof seats !== 'number' || !Number.isSafeInteger(seats) || seats < 1 || seats > MAX_SEATS) {
    return fail(`seats must be a whole number from 1 to ${MAX_SEATS}, got ${JSON.stringify(seats)}`);
  }
  const out: ElectionStart = { orgUnitId: raw.orgUnitId, seats };
  if (raw.form !== undefined) {
    const form = oneOf(raw.form, 'form', ELECTION_FORMS);
    if (!form.ok) return form;
    out.form = form.value;
  }
  if (raw.term !== undefined) {
    if (typeof raw.term !== 'string' || !/^\d{4}$/.test(raw.term))
      return fail(`term must be a year such as 2026, got ${JSON.stringify(raw.term)}`);
    out.term = raw.term;
  }
  return ok(out);
}
