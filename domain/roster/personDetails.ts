/**
 * A roster row's other columns as the registry's person details (PersonDetails, months
 * `YYYY-MM`), and back: what an import records and an export writes, so a roster read
 * back from an export changes nothing. The ID and phone numbers are plain here; the client
 * seals them before an append and opens them when it reads the registry.
 */
import type { PersonDetailKey, PersonDetails } from '../events';
import type { PersonColumnKey } from './columns';
import type { RosterPerson } from './personRow';
import { formatYearMonth, type YearMonth } from './yearMonth';

const month = (ym: YearMonth | null): string | undefined =>
  ym === null || ym.month === null ? undefined : `${ym.year}-${String(ym.month).padStart(2, '0')}`;

/** `YYYY-MM` → the roster's `1975.03`. */
export function rosterMonth(value: string): string {
  const [y, m] = value.split('-');
  return formatYearMonth({ year: Number(y), month: Number(m) });
}

/** The details a checked row gives (only those it fills in). */
export function detailsOfRosterPerson(p: RosterPerson): PersonDetails {
  const all: PersonDetails = {
    ethnicity: p.ethnicity ?? undefined,
    birthMonth: month(p.birth),
    nativePlace: p.nativePlace ?? undefined,
    politicalStatus: p.politicalStatus ?? undefined,
    joinedParty: month(p.joinedParty),
    startedWork: month(p.startedWork),
    fullTimeEducation: p.fullTimeEducation ?? undefined,
    fullTimeDegree: p.fullTimeDegree ?? undefined,
    partTimeEducation: p.partTimeEducation ?? undefined,
    partTimeDegree: p.partTimeDegree ?? undefined,
    idNumber: p.idNumber ?? undefined,
    phone: p.phone ?? undefined,
    note: p.note ?? undefined,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as PersonDetails;
}

/** Each detail's roster column; birthMonth is 出生年月, which also holds the year. */
export const DETAIL_COLUMN: Readonly<Record<Exclude<PersonDetailKey, 'birthMonth'>, PersonColumnKey>> = {
  ethnicity: 'ethnicity',
  nativePlace: 'nativePlace',
  politicalStatus: 'politicalStatus',
  joinedParty: 'joinedParty',
  startedWork: 'startedWork',
  fullTimeEducation: 'fullTimeEducation',
  fullTimeDegree: 'fullTimeDegree',
  partTimeEducation: 'partTimeEducation',
  partTimeDegree: 'partTimeDegree',
  idNumber: 'idNumber',
  phone: 'phone',
  note: 'note',
};

const MONTH_DETAILS: ReadonlySet<PersonDetailKey> = new Set(['joinedParty', 'startedWork']);

/** A detail as the roster writes it. */
export function rosterCell(key: PersonDetailKey, value: string | undefined): string {
  if (value === undefined) return '';
  return MONTH_DETAILS.has(key) || key === 'birthMonth' ? rosterMonth(value) : value;
}

/** 出生年月 as the roster writes it: the month when known, else the year. */
export function rosterBirth(birthYear: number, details: PersonDetails | undefined): string {
  return details?.birthMonth ? rosterMonth(details.birthMonth) : String(birthYear);
}
