/**
 * The crypto suite's parts one by one: each cipher (round trip, wrong key, tampered
 * bytes, associated data), SM3 against the standard's test vector, the column cipher,
 * and the suite switch.
 */
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { aesGcm } from '../../client/crypto/aesGcm';
import { sm4CtrHmacSm3 } from '../../client/crypto/sm4CtrHmacSm3';
import { SealedDataError, type Cipher } from '../../client/crypto/cipher';
import { ColumnCipher } from '../../client/crypto/columnCipher';
import { EMPTY_KEYRING, newKeyId, withActiveKey, withNewKey, type Keyring } from '../../client/crypto/keyring';
import { CRYPTO_SUITES, parseCryptoSuite } from '../../client/crypto/suite';
import { loadConfig } from '../../client/config';

const flip = (bytes: Uint8Array, at: number) => Buffer.from(Uint8Array.from(bytes, (b, i) => (i === at ? b ^ 0x80 : b)));
const plain = Buffer.from('身份证号 110101199003078515，电话 13800138000', 'utf8');

describe.each<[string, Cipher, number]>([
  ['AES-256-GCM', aesGcm, 12 + 16],
  ['SM4-CTR with HMAC-SM3', sm4CtrHmacSm3, 16 + 32],
])('%s', (_name, cipher, overhead) => {
  const key = randomBytes(32);
  const aad = Buffer.from('people.id_number');

  it('opens what it sealed, with a fresh iv each time', () => {
    const a = cipher.seal(key, plain, aad);
    const b = cipher.seal(key, plain, aad);
    expect(a).toHaveLength(plain.length + overhead);
    expect(a.equals(b)).toBe(false);
    expect(a.toString('latin1')).not.toContain('13800138000');
    expect(cipher.open(key, a, aad).equals(plain)).toBe(true);
    expect(cipher.open(key, cipher.seal(key, Buffer.alloc(0)), undefined)).toHaveLength(0);
  });

  it('refuses the wrong key, and any changed byte of iv, ciphertext or tag', () => {
    const sealed = cipher.seal(key, plain, aad);
    expect(() => cipher.open(randomBytes(32), sealed, aad)).toThrow(SealedDataError);
    for (const at of [0, 12, 20, sealed.length - 1]) {
      expect(() => cipher.open(key, flip(sealed, at), aad), `byte ${at}`).toThrow(SealedDataError);
    }
    expect(() => cipher.open(key, sealed.subarray(0, sealed.length - 1), aad)).toThrow(SealedDataError);
    expect(() => cipher.open(key, sealed.subarray(0, overhead - 1), aad)).toThrow(/too short/);
    expect(() => cipher.open(key.subarray(0, 16), sealed, aad)).toThrow(/a key is 32 bytes/);
  });

  it('refuses changed or missing associated data', () => {
    const sealed = cipher.seal(key, plain, aad);
    expect(() => cipher.open(key, sealed, Buffer.from('people.phone'))).toThrow(SealedDataError);
    expect(() => cipher.open(key, sealed)).toThrow(SealedDataError);
    expect(() => cipher.open(key, cipher.seal(key, plain), aad)).toThrow(SealedDataError);
  });
});

describe('SM4-CTR with HMAC-SM3, by construction', () => {
  it('is SM4-CTR under the first half of the key, tagged with HMAC-SM3 under the second (RFC 7518 layout)', async () => {
    const { createDecipheriv, createHmac } = await import('node:crypto');
    const key = randomBytes(32);
    const aad = Buffer.from('aad');
    const sealed = sm4CtrHmacSm3.seal(key, plain, aad);
    const iv = sealed.subarray(0, 16);
    const ciphertext = sealed.subarray(16, sealed.length - 32);
    const d = createDecipheriv('sm4-ctr', key.subarray(0, 16), iv);
    expect(Buffer.concat([d.update(ciphertext), d.final()]).equals(plain)).toBe(true);
    const al = Buffer.alloc(8);
    al.writeBigUInt64BE(BigInt(aad.length * 8));
    const tag = createHmac('sm3', key.subarray(16))
      .update(Buffer.concat([aad, iv, ciphertext, al]))
      .digest();
    expect(sealed.subarray(sealed.length - 32).equals(tag)).toBe(true);
  });

  it("uses SM4 as GB/T 32907 defines it (the standard's single-block example)", async () => {
    const { createCipheriv } = await import('node:crypto');
    const k = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const c = createCipheriv('sm4-ecb', k, null).setAutoPadding(false);
    expect(Buffer.concat([c.update(k), c.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });
});

describe('SM3', () => {
  it('gives the GB/T 32905 test vectors', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(createHash('sm3').update('abcd'.repeat(16)).digest('hex')).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });
});

describe('column cipher', () => {
  const both = (): Keyring => withNewKey(withNewKey(EMPTY_KEYRING, 'AES256GCM').keyring, 'SM4CTR-HMACSM3').keyring;

  it.each(['AES256GCM', 'SM4CTR-HMACSM3'] as const)('seals a text value under %s into self-describing text and opens it', (cipher) => {
    const keyring = both();
    const columns = new ColumnCipher(keyring, cipher);
    const sealed = columns.encrypt('110101199003078515', 'people.id_number');
    expect(sealed).toMatch(new RegExp(`^cfenc:v1:${cipher}:${keyring.active[cipher]}:[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain('110101199003078515');
    expect(ColumnCipher.isEncrypted(sealed)).toBe(true);
    expect(ColumnCipher.isEncrypted('110101199003078515')).toBe(false);
    expect(columns.decrypt(sealed, 'people.id_number')).toBe('110101199003078515');
    expect(columns.decrypt(columns.encrypt('', 'people.phone'), 'people.phone')).toBe('');
  });

  it('opens values sealed under the other suite and under older keys (mixed keyrings)', () => {
    const keyring = both();
    const aesValue = new ColumnCipher(keyring, 'AES256GCM').encrypt('13800138000', 'people.phone');
    const rotated = withNewKey(keyring, 'SM4CTR-HMACSM3').keyring;
    const smOld = new ColumnCipher(keyring, 'SM4CTR-HMACSM3').encrypt('13900139000', 'people.phone');
    const sm = new ColumnCipher(rotated, 'SM4CTR-HMACSM3');
    expect(sm.decrypt(aesValue, 'people.phone')).toBe('13800138000');
    expect(sm.decrypt(smOld, 'people.phone')).toBe('13900139000');
    expect(sm.encrypt('x', 'people.phone').split(':')[3]).toBe(rotated.active['SM4CTR-HMACSM3']);
  });

  it('refuses a value moved to another column, relabelled, tampered or sealed under an unknown key', () => {
    const keyring = both();
    const columns = new ColumnCipher(keyring, 'SM4CTR-HMACSM3');
    const sealed = columns.encrypt('110101199003078515', 'people.id_number');
    expect(() => columns.decrypt(sealed, 'people.phone')).toThrow(SealedDataError);
    const parts = sealed.split(':');
    const body = Buffer.from(parts[4]!, 'base64url');
    expect(() => columns.decrypt([...parts.slice(0, 4), flip(body, 20).toString('base64url')].join(':'), 'people.id_number')).toThrow(
      SealedDataError,
    );
    expect(() => columns.decrypt([...parts.slice(0, 2), 'AES256GCM', ...parts.slice(3)].join(':'), 'people.id_number')).toThrow(
      /names cipher AES256GCM/,
    );
    // Another SM4 key made active, and the value relabelled with its id: the key id is in the tag.
    const two = withNewKey(keyring, 'SM4CTR-HMACSM3');
    const relabelled = [...parts.slice(0, 3), two.id, parts[4]].join(':');
    const sameBytes: Keyring = { active: two.keyring.active, keys: new Map([...two.keyring.keys, [two.id, keyring.keys.get(parts[3]!)!]]) };
    expect(() => new ColumnCipher(sameBytes, 'SM4CTR-HMACSM3').decrypt(relabelled, 'people.id_number')).toThrow(SealedDataError);
    expect(() =>
      new ColumnCipher(withNewKey(EMPTY_KEYRING, 'SM4CTR-HMACSM3').keyring, 'SM4CTR-HMACSM3').decrypt(sealed, 'people.id_number'),
    ).toThrow(/not in the keyring/);
    expect(() => columns.decrypt('110101199003078515', 'people.id_number')).toThrow(/not an encrypted column value/);
    expect(() => new ColumnCipher(withNewKey(EMPTY_KEYRING, 'AES256GCM').keyring, 'SM4CTR-HMACSM3')).toThrow(
      /no active SM4CTR-HMACSM3 key/,
    );
  });
});

describe('keys and the suite switch', () => {
  it('gives every new key a random id and makes it active for its cipher only', () => {
    expect(newKeyId(new Date('2026-12-06T10:00:00Z'))).toMatch(/^k-20261206-[0-9a-f]{8}$/);
    const ids = new Set(Array.from({ length: 200 }, () => newKeyId()));
    expect(ids.size).toBe(200);
    const a = withNewKey(EMPTY_KEYRING, 'AES256GCM');
    const s = withNewKey(a.keyring, 'SM4CTR-HMACSM3');
    expect(s.keyring.active).toEqual({ AES256GCM: a.id, 'SM4CTR-HMACSM3': s.id });
    const inactive = withNewKey(s.keyring, 'AES256GCM', { activate: false });
    expect(inactive.keyring.active.AES256GCM).toBe(a.id);
    expect(withActiveKey(inactive.keyring, inactive.id).active).toEqual({ AES256GCM: inactive.id, 'SM4CTR-HMACSM3': s.id });
    expect(() => withActiveKey(s.keyring, 'k-nope')).toThrow(/no key "k-nope"/);
  });

  it('reads CADREFLOW_CRYPTO: aes by default, sm for SM4/SM3, anything else refused', () => {
    expect(loadConfig({}).crypto).toBe('aes');
    expect(loadConfig({ CADREFLOW_CRYPTO: 'sm' }).crypto).toBe('sm');
    expect(CRYPTO_SUITES.sm).toEqual({ name: 'sm', cipher: 'SM4CTR-HMACSM3', hashAlgorithm: 'sm3' });
    expect(CRYPTO_SUITES.aes).toEqual({ name: 'aes', cipher: 'AES256GCM', hashAlgorithm: 'sha256' });
    expect(() => parseCryptoSuite('SM4')).toThrow(/CADREFLOW_CRYPTO: expected "aes" .* or "sm" .*, got "SM4"/);
    expect(loadConfig({ CADREFLOW_CODEC_KEYRING: '{}' }).codecKeyring).toBe('{}');
  });
});
