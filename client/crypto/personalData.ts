/**
 * The ID and phone numbers in the registry, sealed before they reach the log and opened
 * for a reader allowed to see them (domain/personalData.ts). The key is the deployment's
 * keyring (client/crypto/keyring.ts, the same one the payload codec uses), which lives
 * outside the database: a backup of PostgreSQL holds only `cfenc:v1:…` text. Each value
 * is bound to its field's name, so an ID number's sealed text pasted into the phone
 * field does not open.
 */
import type { PersonDetails, PersonFields } from '../../domain/events';
import type { DomainEvent } from '../../domain/events';
import { maskPersonalData, PERSONAL_DATA_FIELDS, PERSONAL_DATA_KEYS, type PersonalDataField } from '../../domain/personalData';
import type { CodecSettings } from '../codec';
import { loadKeyring, type Keyring } from './keyring';
import { ColumnCipher } from './columnCipher';
import { CRYPTO_SUITES } from './suite';

export class PersonalDataCipher {
  private readonly cipher: ColumnCipher;

  constructor(keyring: Keyring, suite: CodecSettings['crypto'] = 'aes') {
    this.cipher = new ColumnCipher(keyring, CRYPTO_SUITES[suite ?? 'aes'].cipher);
  }

  seal(field: PersonalDataField, value: string): string {
    return this.cipher.encrypt(value, PERSONAL_DATA_FIELDS[field]);
  }

  open(field: PersonalDataField, sealed: string): string {
    return this.cipher.decrypt(sealed, PERSONAL_DATA_FIELDS[field]);
  }

  /** The masked form of a sealed value (`4101**********0118`). */
  masked(field: PersonalDataField, sealed: string): string {
    return maskPersonalData(field, this.open(field, sealed));
  }

  /** Details with their personal data sealed (values already sealed stay as they are). */
  sealDetails<T extends PersonDetails | PersonFields>(details: T): T {
    const out = { ...details };
    for (const field of PERSONAL_DATA_KEYS) {
      const v = out[field];
      if (typeof v === 'string' && !ColumnCipher.isEncrypted(v)) (out as Record<string, unknown>)[field] = this.seal(field, v);
    }
    return out;
  }

  /** Details with their personal data opened. */
  openDetails<T extends PersonDetails | PersonFields>(details: T): T {
    const out = { ...details };
    for (const field of PERSONAL_DATA_KEYS) {
      const v = out[field];
      if (typeof v === 'string') (out as Record<string, unknown>)[field] = this.open(field, v);
    }
    return out;
  }

  /** Events as the log is to hold them: a registration's or a correction's personal data sealed. */
  sealEvents(events: readonly DomainEvent[]): DomainEvent[] {
    return events.map((e) => {
      if (e.type === 'PersonRegistered' && e.data.details) return { ...e, data: { ...e.data, details: this.sealDetails(e.data.details) } };
      if (e.type === 'PersonCorrected') return { ...e, data: { ...e.data, fields: this.sealDetails(e.data.fields) } };
      return e;
    });
  }
}

/** The deployment's cipher for personal data: its keyring (made in the data folder on first use, as the codec's is) and suite. */
export function personalDataCipher(config: CodecSettings): PersonalDataCipher {
  const suite = config.crypto ?? 'aes';
  return new PersonalDataCipher(loadKeyring({ ...config, cipher: CRYPTO_SUITES[suite].cipher }), suite);
}
