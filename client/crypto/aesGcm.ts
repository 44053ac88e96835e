/**
 * AES-256-GCM, the default cipher: iv (12 bytes) ‖ ciphertext ‖ tag (16 bytes). The layout
 * is the one the payload codec has always written, so payloads sealed before the suite
 * existed open unchanged.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_BYTES, SealedDataError, type Cipher } from './cipher';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export const aesGcm: Cipher = {
  id: 'AES256GCM',

  seal(key, plain, aad) {
    checkKey(key);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    if (aad) cipher.setAAD(aad);
    return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  },

  open(key, sealed, aad) {
    checkKey(key);
    const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (data.length < IV_BYTES + TAG_BYTES) throw new SealedDataError('AES256GCM: sealed data is too short');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    if (aad) decipher.setAAD(aad);
    try {
      return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new SealedDataError('AES256GCM: the authentication tag does not match (wrong key, or the data was changed)');
    }
  },
};

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new SealedDataError(`AES256GCM: a key is ${KEY_BYTES} bytes, got ${key.length}`);
}
