/**
 * SM4 with HMAC-SM3, for a county whose commercial-cryptography assessment (密评,
 * GB/T 39786) requires the national algorithms (SM4: GB/T 32907, SM3: GB/T 32905).
 * Node's OpenSSL 3.0 has SM4 in CTR and CBC modes but not GCM, so authentication is
 * added the standard way, encrypt-then-MAC, laid out as JWE's AES_CBC_HMAC_SHA2
 * (RFC 7518 §5.2.2.1) with SM4-CTR and HMAC-SM3:
 *
 *   the 32-byte key = SM4 key (16 bytes) ‖ MAC key (16 bytes), two independent random halves
 *   sealed          = iv (16 random bytes) ‖ ciphertext ‖ tag (32 bytes)
 *   tag             = HMAC-SM3(MAC key, aad ‖ iv ‖ ciphertext ‖ bit length of aad as 64-bit big-endian)
 *
 * The tag is checked in constant time before anything is decrypted.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { KEY_BYTES, SealedDataError, type Cipher } from './cipher';

const IV_BYTES = 16;
const TAG_BYTES = 32;
const EMPTY = new Uint8Array(0);

export const sm4CtrHmacSm3: Cipher = {
  id: 'SM4CTR-HMACSM3',

  seal(key, plain, aad = EMPTY) {
    const { encKey, macKey } = split(key);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('sm4-ctr', encKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, ciphertext, tag(macKey, aad, iv, ciphertext)]);
  },

  open(key, sealed, aad = EMPTY) {
    const { encKey, macKey } = split(key);
    const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (data.length < IV_BYTES + TAG_BYTES) throw new SealedDataError('SM4CTR-HMACSM3: sealed data is too short');
    const iv = data.subarray(0, IV_BYTES);
    const ciphertext = data.subarray(IV_BYTES, data.length - TAG_BYTES);
    const expected = tag(macKey, aad, iv, ciphertext);
    if (!timingSafeEqual(expected, data.subarray(data.length - TAG_BYTES))) {
      throw new SealedDataError('SM4CTR-HMACSM3: the HMAC-SM3 tag does not match (wrong key, or the data was changed)');
    }
    const decipher = createDecipheriv('sm4-ctr', encKey, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  },
};

function split(key: Buffer): { encKey: Buffer; macKey: Buffer } {
  if (key.length !== KEY_BYTES) throw new SealedDataError(`SM4CTR-HMACSM3: a key is ${KEY_BYTES} bytes, got ${key.length}`);
  return { encKey: key.subarray(0, 16), macKey: key.subarray(16) };
}

function tag(macKey: Buffer, aad: Uint8Array, iv: Buffer, ciphertext: Buffer): Buffer {
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length) * 8n);
  return createHmac('sm3', macKey).update(aad).update(iv).update(ciphertext).update(aadBits).digest();
}
