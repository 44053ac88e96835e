/**
 * Personal information in the registry (个人信息): the ID number and the phone number.
 * They are stored sealed (domain/events/registry.ts PersonDetails) and shown masked, the
 * full value only to county staff who ask for it, each such view recorded in the access
 * log. A public notice never carries either.
 */
import type { PersonDetailKey, PersonDetails } from './events';

/** The detail fields that are personal information, and the name each is sealed under. */
export const PERSONAL_DATA_FIELDS = { idNumber: 'person.idNumber', phone: 'person.phone' } as const satisfies Partial<
  Record<PersonDetailKey, string>
>;

export type PersonalDataField = keyof typeof PERSONAL_DATA_FIELDS;

export const PERSONAL_DATA_KEYS = Object.keys(PERSONAL_DATA_FIELDS) as PersonalDataField[];

/** `410122199005120118` → `4101**********0118`: the region's first four and the last four stay. */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** `13812345678` → `138****5678`; a landline `0371-12345678` → `0371-****5678`. */
export function maskPhone(phone: string): string {
  const dash = phone.lastIndexOf('-');
  const prefix = dash >= 0 ? phone.slice(0, dash + 1) : phone.slice(0, 3);
  const rest = phone.slice(prefix.length);
  if (rest.length <= 4) return `${prefix}${'*'.repeat(rest.length)}`;
  return `${prefix}${'*'.repeat(rest.length - 4)}${rest.slice(-4)}`;
}

export function maskPersonalData(field: PersonalDataField, value: string): string {
  return field === 'idNumber' ? maskIdNumber(value) : maskPhone(value);
}

/** Details with the ID and phone numbers masked (for a reader who may not see them whole). */
export function maskDetails(details: PersonDetails): PersonDetails {
  const out = { ...details };
  for (const field of PERSONAL_DATA_KEYS) {
    const v = out[field];
    if (v !== undefined) out[field] = maskPersonalData(field, v);
  }
  return out;
}
