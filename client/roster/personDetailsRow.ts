/**
 * A `person_details` row (migration 0019) as the registry's PersonDetails: the columns
 * selected beside a person, and the details with the ID and phone numbers opened. A
 * reader without the key cannot open them and is told so, rather than shown sealed text.
 */
import { PERSON_DETAIL_COLUMNS } from '../../activities/projections/personDetails';
import { PERSON_DETAIL_KEYS, type PersonDetails } from '../../domain/events';
import { PERSONAL_DATA_KEYS, type PersonalDataField } from '../../domain/personalData';
import { UserError } from '../userError';
import type { PersonalDataCipher } from '../crypto/personalData';

export const DETAIL_SELECTION = PERSON_DETAIL_KEYS.map((k) => `person_details.${PERSON_DETAIL_COLUMNS[k]}` as const);

type DetailRow = { [C in (typeof PERSON_DETAIL_COLUMNS)[keyof typeof PERSON_DETAIL_COLUMNS]]: string | null };

/** The details a joined row holds, sealed values as they are stored. */
export function sealedDetailsOfRow(row: DetailRow): PersonDetails {
  const details: Record<string, string> = {};
  for (const key of PERSON_DETAIL_KEYS) {
    const v = row[PERSON_DETAIL_COLUMNS[key]];
    if (v !== null && v !== undefined) details[key] = v;
  }
  return details as PersonDetails;
}

/** The details with their personal data opened by `personalData`. */
export function detailsOfRow(row: DetailRow, personalData: PersonalDataCipher | undefined): PersonDetails {
  const details = sealedDetailsOfRow(row);
  if (!PERSONAL_DATA_KEYS.some((k: PersonalDataField) => details[k] !== undefined)) return details;
  if (!personalData) throw noKey();
  return personalData.openDetails(details);
}

export function noKey(): UserError {
  return new UserError(
    '没有个人信息密钥，无法读写身份证号和联系电话（密钥环见 docs/registry.md）/ no key for personal data: ID and phone numbers cannot be read or written (keyring: docs/registry.md)',
  );
}
