/** A cipher for the registry's personal data under a fresh random key, as a test stack's keyring. */
import { PersonalDataCipher } from '../../client/crypto/personalData';
import { EMPTY_KEYRING, withNewKey } from '../../client/crypto/keyring';

export function testPersonalData(): PersonalDataCipher {
  return new PersonalDataCipher(withNewKey(EMPTY_KEYRING, 'AES256GCM').keyring);
}
