/**
 * A person's details as the API shows them (GET /registry/people/:id): every detail the
 * registry holds, the ID and phone numbers masked (`4101**********0118`) unless county
 * staff ask for the whole value with `reveal`, which is then recorded in the access log
 * in the same transaction as the read (`person.personal-data-viewed`, naming the fields).
 * No key, no personal data: a deployment without the keyring answers 503 for them.
 */
import { PERSON_DETAIL_KEYS, type PersonDetails } from '../../domain/events';
import { maskPersonalData, PERSONAL_DATA_KEYS, type PersonalDataField } from '../../domain/personalData';
import type { PersonalDataCipher } from '../crypto/personalData';
import { ApiError } from './problem';

export type Reveal = 'idNumber' | 'phone' | 'all';

export const REVEAL_VALUES: readonly Reveal[] = ['idNumber', 'phone', 'all'];

export function revealedFields(reveal: Reveal | undefined): PersonalDataField[] {
  if (reveal === undefined) return [];
  return reveal === 'all' ? [...PERSONAL_DATA_KEYS] : [reveal];
}

/** The details to answer with: sealed values opened, then masked unless revealed. */
export function shownDetails(
  sealed: PersonDetails,
  personalData: PersonalDataCipher | undefined,
  reveal: readonly PersonalDataField[],
): PersonDetails {
  const shown: PersonDetails = { ...sealed };
  for (const field of PERSONAL_DATA_KEYS) {
    const v = sealed[field];
    if (v === undefined) continue;
    if (!personalData) {
      throw new ApiError(
        503,
        'no-personal-data-key',
        'Personal data unavailable',
        '没有个人信息密钥 / this server has no key for personal data',
      );
    }
    const plain = personalData.open(field, v);
    shown[field] = reveal.includes(field) ? plain : maskPersonalData(field, plain);
  }
  return shown;
}

export const PERSON_DETAILS_SCHEMA = {
  type: 'object',
  description: 'What the registry knows beyond the core fields; months YYYY-MM; idNumber and phone masked unless revealed',
  properties: Object.fromEntries(PERSON_DETAIL_KEYS.map((k) => [k, { type: 'string' }])),
  additionalProperties: false,
} as const;
