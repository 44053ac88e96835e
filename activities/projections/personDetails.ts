/**
 * How a person's details (domain/events/registry.ts PersonDetails) become the
 * `person_details` row (migration 0019), in the core's fold: PersonRegistered writes the
 * row whole (a repeated registration replaces it, as it replaces the person's fields),
 * PersonCorrected sets the details it names, a null clearing one (of a registered person only). A person with no detail
 * known has no row. Sealed values are stored as they are in the event.
 */
import { PERSON_DETAIL_KEYS, type PersonDetailKey, type PersonDetails, type PersonFields } from '../../domain/events';
import type { PersonDetailsTable } from '../../schema/db';
import type { ReadModelState, ReadModelRow } from './state';

type DetailColumn = Exclude<keyof PersonDetailsTable, 'person_id'>;

/** Each detail's column. */
export const PERSON_DETAIL_COLUMNS: Readonly<Record<PersonDetailKey, DetailColumn>> = {
  ethnicity: 'ethnicity',
  birthMonth: 'birth_month',
  nativePlace: 'native_place',
  politicalStatus: 'political_status',
  joinedParty: 'joined_party',
  startedWork: 'started_work',
  fullTimeEducation: 'full_time_education',
  fullTimeDegree: 'full_time_degree',
  partTimeEducation: 'part_time_education',
  partTimeDegree: 'part_time_degree',
  idNumber: 'id_number',
  phone: 'phone',
  note: 'note',
};

function emptyRow(personId: string): ReadModelRow<'person_details'> {
  const row = { person_id: personId } as Record<string, string | null>;
  for (const key of PERSON_DETAIL_KEYS) row[PERSON_DETAIL_COLUMNS[key]] = null;
  return row as unknown as ReadModelRow<'person_details'>;
}

/** PersonRegistered: the row whole, or none when nothing is known. */
export function registerDetails(s: ReadModelState, personId: string, details: PersonDetails | undefined): void {
  const known = PERSON_DETAIL_KEYS.filter((k) => details?.[k] !== undefined);
  if (known.length === 0) {
    if (s.get('person_details', personId)) s.put('person_details', emptyRow(personId));
    return;
  }
  const row = emptyRow(personId) as unknown as Record<string, string | null>;
  for (const key of known) row[PERSON_DETAIL_COLUMNS[key]] = details![key]!;
  s.put('person_details', row as unknown as ReadModelRow<'person_details'>);
}

/** PersonCorrected: the details it names; the row is made when the person had none. */
export function correctDetails(s: ReadModelState, personId: string, fields: PersonFields): void {
  const named = PERSON_DETAIL_KEYS.filter((k) => fields[k] !== undefined);
  // A correction of a person the log never registered changes nothing, as on `people`.
  if (named.length === 0 || !s.get('people', personId)) return;
  const row = { ...(s.get('person_details', personId) ?? emptyRow(personId)) } as unknown as Record<string, string | null>;
  for (const key of named) row[PERSON_DETAIL_COLUMNS[key]] = fields[key] ?? null;
  s.put('person_details', row as unknown as ReadModelRow<'person_details'>);
}
