/**
 * Encryption of single text values for PostgreSQL columns that hold personal data
 * (docs/decisions.md §7: ID and phone numbers are encrypted at rest). A value is sealed
 * with the suite's cipher under the keyring's active key, into self-describing text:
 *
 *   cfenc:v1:<cipher>:<key id>:<base64url of the sealed bytes>
 *
 * so it opens after the suite is switched or the key rotated, as long as the keyring
 * keeps its key. The column's name is bound into the tag (associated data together with
 * the cipher and key id): a value copied from one column into another, or relabelled
 * with another key id or cipher, is refused rather than shown as the other column's data.
 */
import { isCipherId, SealedDataError, type CipherId } from './cipher';
import { CodecKeyError, type Keyring } from './keyring';
import { cipherOf } from './suite';

const PREFIX = 'cfenc';
const VERSION = 'v1';

export class ColumnCipher {
  constructor(
    private readonly keyring: Keyring,
    private readonly cipher: CipherId,
  ) {
    if (!keyring.active[cipher]) throw new CodecKeyError(`the keyring has no active ${cipher} key`);
  }

  /** `column` names where the value lives, e.g. `people.id_number`. */
  encrypt(value: string, column: string): string {
    const keyId = this.keyring.active[this.cipher]!;
    const key = this.keyring.keys.get(keyId)!;
    const sealed = cipherOf(this.cipher).seal(key.key, Buffer.from(value, 'utf8'), associatedData(column, this.cipher, keyId));
    return `${PREFIX}:${VERSION}:${this.cipher}:${keyId}:${sealed.toString('base64url')}`;
  }

  /** The value `encrypt` sealed for `column`; throws `SealedDataError` for anything else. */
  decrypt(text: string, column: string): string {
    const parts = text.split(':');
    if (parts.length !== 5 || parts[0] !== PREFIX || parts[1] !== VERSION)
      throw new SealedDataError(`${column}: not an encrypted column value`);
    const [, , cipher, keyId, body] = parts as [string, string, string, string, string];
    if (!isCipherId(cipher)) throw new SealedDataError(`${column}: unknown cipher "${cipher.slice(0, 40)}"`);
    const key = this.keyring.keys.get(keyId);
    if (!key) throw new CodecKeyError(`${column}: sealed with key "${keyId.slice(0, 64)}", which is not in the keyring`);
    if (key.cipher !== cipher) throw new SealedDataError(`${column}: names cipher ${cipher}, but key "${keyId}" is a ${key.cipher} key`);
    return cipherOf(cipher)
      .open(key.key, Buffer.from(body, 'base64url'), associatedData(column, cipher, keyId))
      .toString('utf8');
  }

  static isEncrypted(text: string): boolean {
    return text.startsWith(`${PREFIX}:${VERSION}:`);
  }
}

function associatedData(column: string, cipher: CipherId, keyId: string): Buffer {
  return Buffer.from(`${PREFIX}:${VERSION}\n${column}\n${cipher}\n${keyId}`, 'utf8');
}
