import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import {
  CodecKeyError,
  EncryptionCodec,
  ENCODING,
  encryptingDataConverter,
  loadKeyring,
  parseKeyring,
  unsealedEncoding,
  type Keyring,
} from '../../client/codec';
import type { CipherId } from '../../client/crypto/cipher';
import { EMPTY_KEYRING, withNewKey, writeKeyringFile } from '../../client/crypto/keyring';
import { isUnsealed, unsealedMarker } from '../../workflows/kit/unsealed';

const key = () => randomBytes(32);
/** A keyring of bare AES keys, as files written before the suite existed hold them. */
const ring = (active: string, keys: Record<string, Buffer>): Keyring => ({
  active: { AES256GCM: active },
  keys: new Map(Object.entries(keys).map(([id, k]) => [id, { cipher: 'AES256GCM' as const, key: k }])),
});
const personal = { personName: '王建国', decision: { rating: 'concern', comment: '群众反映作风问题' } };
const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array());
const flip = (bytes: Uint8Array, at: number) => Uint8Array.from(bytes, (b, i) => (i === at ? b ^ 1 : b));

describe('payload encryption codec', () => {
  it.each<CipherId>(['AES256GCM', 'SM4CTR-HMACSM3'])(
    'seals payloads under %s so the personal data is not readable, and opens them again',
    async (cipher) => {
      const codec = new EncryptionCodec(withNewKey(EMPTY_KEYRING, cipher).keyring, cipher);
      const payload = defaultPayloadConverter.toPayload(personal);
      const [sealed] = await codec.encode([payload]);
      expect(text(sealed!.metadata!.encoding)).toBe(ENCODING);
      expect(text(sealed!.metadata!['encryption-cipher'])).toBe(cipher);
      expect(text(sealed!.metadata!['encryption-key-id'])).toMatch(/^k-\d{8}-[0-9a-f]{8}$/);
      expect(Buffer.from(sealed!.data!).toString('utf8')).not.toContain('王建国');
      expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('rating');
      const [opened] = await codec.decode([sealed!]);
      expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(personal);
    },
  );

  it('opens a payload sealed by the codec as it was before the suite existed (AES-256-GCM, no associated data)', async () => {
    const k1 = key();
    const { createCipheriv } = await import('node:crypto');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', k1, iv);
    const plain = temporal.api.common.v1.Payload.encode(defaultPayloadConverter.toPayload(personal)).finish();
    const data = Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()]);
    const legacy: Payload = {
      metadata: {
        encoding: new TextEncoder().encode(ENCODING),
        'encryption-key-id': new TextEncoder().encode('k1'),
        'encryption-cipher': new TextEncoder().encode('AES256GCM'),
      },
      data: new Uint8Array(data),
    };
    const [opened] = await new EncryptionCodec(ring('k1', { k1 })).decode([legacy]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(personal);
  });

  it('keeps opening payloads sealed under an older key, and under the other suite, after the active key or suite changes', async () => {
    const k1 = key();
    const old = new EncryptionCodec(ring('k1', { k1 }));
    const [sealedOld] = await old.encode([defaultPayloadConverter.toPayload(personal)]);
    const k2 = key();
    const rotated = new EncryptionCodec(ring('k2', { k1, k2 }));
    const [sealedNew] = await rotated.encode([defaultPayloadConverter.toPayload(personal)]);
    expect(text(sealedNew!.metadata!['encryption-key-id'])).toBe('k2');
    // The same keyring with an SM4 key added: a switch to the SM suite.
    const mixed = withNewKey(ring('k2', { k1, k2 }), 'SM4CTR-HMACSM3').keyring;
    const sm = new EncryptionCodec(mixed, 'SM4CTR-HMACSM3');
    const [sealedSm] = await sm.encode([defaultPayloadConverter.toPayload(personal)]);
    const opened = await sm.decode([sealedOld!, sealedNew!, sealedSm!]);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([personal, personal, personal]);
    // And back: an AES codec on the same keyring opens the SM4 payload too.
    const back = await new EncryptionCodec(mixed, 'AES256GCM').decode([sealedSm!]);
    expect(defaultPayloadConverter.fromPayload(back[0]!)).toEqual(personal);
  });

  it('decodes a payload that was never sealed to the refusal marker, keeping none of its content; null and empty payloads pass', async () => {
    const codec = new EncryptionCodec(ring('k1', { k1: key() }));
    const plain = defaultPayloadConverter.toPayload(personal);
    const [decoded] = await codec.decode([plain]);
    const value = defaultPayloadConverter.fromPayload(decoded!);
    expect(isUnsealed(value)).toBe(true);
    expect(value).toEqual(unsealedMarker('json/plain'));
    expect(JSON.stringify(value)).not.toContain('王建国');
    const nothing = defaultPayloadConverter.toPayload(undefined);
    expect(await codec.decode([nothing])).toEqual([nothing]);
    expect(await codec.decode([{ metadata: {}, data: new Uint8Array() }])).toEqual([{ metadata: {}, data: new Uint8Array() }]);
    expect(unsealedEncoding(plain)).toBe('json/plain');
    expect(unsealedEncoding(nothing)).toBeUndefined();
    // Only the audit reads them as they are, to name old or forged input.
    expect(await codec.passingUnsealed().decode([plain])).toEqual([plain]);
    const [again] = await codec.passingUnsealed().refusingUnsealed().decode([plain]);
    expect(isUnsealed(defaultPayloadConverter.fromPayload(again!))).toBe(true);
  });

  it('accepts input in clear only when CADREFLOW_ACCEPT_UNSEALED=1 names it, saying so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-codec-accept-'));
    const plain = defaultPayloadConverter.toPayload(personal);
    const said: string[] = [];
    const strict = encryptingDataConverter({ dataDir: dir }, (m) => said.push(m), {}).payloadCodecs![0]!;
    expect(isUnsealed(defaultPayloadConverter.fromPayload((await strict.decode([plain]))[0]!))).toBe(true);
    expect(said.filter((m) => m.includes('CADREFLOW_ACCEPT_UNSEALED'))).toEqual([]);
    const lenient = encryptingDataConverter({ dataDir: dir }, (m) => said.push(m), { CADREFLOW_ACCEPT_UNSEALED: '1' }).payloadCodecs![0]!;
    expect(await lenient.decode([plain])).toEqual([plain]);
    expect(said.some((m) => m.includes('CADREFLOW_ACCEPT_UNSEALED=1: input in clear is accepted'))).toBe(true);
  });

  it('refuses an unknown key id and a tampered ciphertext', async () => {
    const sealer = new EncryptionCodec(ring('k9', { k9: key() }));
    const [sealed] = await sealer.encode([defaultPayloadConverter.toPayload(personal)]);
    const other = new EncryptionCodec(ring('k1', { k1: key() }));
    await expect(other.decode([sealed!])).rejects.toThrow(/key "k9", which is not in the keyring/);
    const tampered = { ...sealed!, data: flip(sealed!.data!, 20) };
    await expect(sealer.decode([tampered])).rejects.toThrow(CodecKeyError);
  });

  it('refuses an SM4 payload whose ciphertext, tag or metadata was changed, or that is opened with the wrong key', async () => {
    const { keyring, id } = withNewKey(EMPTY_KEYRING, 'SM4CTR-HMACSM3');
    const codec = new EncryptionCodec(keyring, 'SM4CTR-HMACSM3');
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(personal)]);
    const data = sealed!.data!;
    await expect(codec.decode([{ ...sealed!, data: flip(data, 20) }])).rejects.toThrow(/HMAC-SM3 tag does not match/);
    await expect(codec.decode([{ ...sealed!, data: flip(data, data.length - 1) }])).rejects.toThrow(/HMAC-SM3 tag does not match/);
    await expect(codec.decode([{ ...sealed!, data: data.subarray(0, 40) }])).rejects.toThrow(/too short/);
    // A second key of the same cipher, relabelled: the key id is bound into the tag.
    const two = withNewKey(keyring, 'SM4CTR-HMACSM3');
    const sameKeyOtherId: Keyring = { active: two.keyring.active, keys: new Map([...two.keyring.keys, [two.id, keyring.keys.get(id)!]]) };
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-key-id': new TextEncoder().encode(two.id) } };
    await expect(new EncryptionCodec(sameKeyOtherId, 'SM4CTR-HMACSM3').decode([relabelled])).rejects.toThrow(/tag does not match/);
    // The cipher named in the metadata must be the key's.
    const asAes = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-cipher': new TextEncoder().encode('AES256GCM') } };
    await expect(codec.decode([asAes])).rejects.toThrow(/names cipher AES256GCM, but key .* is a SM4CTR-HMACSM3 key/);
    const unknown = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-cipher': new TextEncoder().encode('ROT13') } };
    await expect(codec.decode([unknown])).rejects.toThrow(/unknown cipher "ROT13"/);
    // The same id with other key bytes: the wrong key.
    const wrongKey: Keyring = { active: keyring.active, keys: new Map([[id, { cipher: 'SM4CTR-HMACSM3', key: key() }]]) };
    await expect(new EncryptionCodec(wrongKey, 'SM4CTR-HMACSM3').decode([sealed!])).rejects.toThrow(/tag does not match/);
  });

  it('will not seal with a cipher the keyring has no active key for', () => {
    expect(() => new EncryptionCodec(ring('k1', { k1: key() }), 'SM4CTR-HMACSM3')).toThrow(/no active SM4CTR-HMACSM3 key/);
  });
});

describe('keyring loading', () => {
  it('creates a private keyring with a random key id on embedded defaults, and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-codec-'));
    const created = loadKeyring({ dataDir: dir });
    const id = created.active.AES256GCM!;
    expect(id).toMatch(/^k-\d{8}-[0-9a-f]{8}$/);
    expect(created.keys.get(id)!.key).toHaveLength(32);
    expect(statSync(join(dir, 'codec-keys.json')).mode & 0o777).toBe(0o600);
    expect(loadKeyring({ dataDir: dir }).keys.get(id)!.key).toEqual(created.keys.get(id)!.key);
    // Created only once: a process that finds a keyring (another one made it meanwhile) keeps it.
    expect(writeKeyringFile(join(dir, 'codec-keys.json'), withNewKey(EMPTY_KEYRING, 'AES256GCM').keyring, { createOnly: true })).toBe(
      false,
    );
    expect(loadKeyring({ dataDir: dir }).active.AES256GCM).toBe(id);
    // Two data folders never share a key id.
    expect(loadKeyring({ dataDir: mkdtempSync(join(tmpdir(), 'cf-codec-')) }).active.AES256GCM).not.toBe(id);
  });

  it('loads a keyring file of the old form (one active id, bare base64 keys) as AES-256-GCM keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-codec-'));
    const file = join(dir, 'old.json');
    const k1 = key();
    const k2 = key();
    writeFileSync(file, JSON.stringify({ active: 'k2', keys: { k1: k1.toString('base64'), k2: k2.toString('base64') } }));
    const loaded = loadKeyring({ dataDir: dir, codecKeysFile: file });
    expect(loaded.active).toEqual({ AES256GCM: 'k2' });
    expect(loaded.keys.get('k1')).toEqual({ cipher: 'AES256GCM', key: k1 });
    // A configured file is never changed behind its owner's back.
    expect(() => loadKeyring({ dataDir: dir, codecKeysFile: file, cipher: 'SM4CTR-HMACSM3' })).toThrow(
      /no active SM4CTR-HMACSM3 key; add one with `cadreflow keys add --suite sm`/,
    );
    expect(JSON.parse(readFileSync(file, 'utf8')).active).toBe('k2');
  });

  it('adds a key for the new suite to the data folder keyring on a switch, keeping the old keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-codec-'));
    const before = loadKeyring({ dataDir: dir });
    const logs: string[] = [];
    const after = loadKeyring({ dataDir: dir, cipher: 'SM4CTR-HMACSM3', log: (m) => logs.push(m) });
    expect(after.active.AES256GCM).toBe(before.active.AES256GCM);
    expect(after.keys.get(after.active['SM4CTR-HMACSM3']!)!.cipher).toBe('SM4CTR-HMACSM3');
    expect(logs.join()).toMatch(/added SM4CTR-HMACSM3 key k-\d{8}-[0-9a-f]{8}/);
    expect(loadKeyring({ dataDir: dir, cipher: 'SM4CTR-HMACSM3' }).active).toEqual(after.active);
  });

  it('reads the keyring from CADREFLOW_CODEC_KEYRING as JSON or base64, never from the data folder then', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-codec-'));
    const { keyring, id } = withNewKey(EMPTY_KEYRING, 'SM4CTR-HMACSM3');
    const json = JSON.stringify({
      active: { 'SM4CTR-HMACSM3': id },
      keys: { [id]: { cipher: 'SM4CTR-HMACSM3', key: keyring.keys.get(id)!.key.toString('base64') } },
    });
    for (const value of [json, Buffer.from(json).toString('base64')]) {
      const loaded = loadKeyring({ dataDir: dir, codecKeyring: value, cipher: 'SM4CTR-HMACSM3' });
      expect(loaded.keys.get(id)!.key).toEqual(keyring.keys.get(id)!.key);
    }
    expect(() => statSync(join(dir, 'codec-keys.json'))).toThrow();
    // Through the data converter, as every worker and client builds it.
    const converter = encryptingDataConverter({ dataDir: dir, codecKeyring: json, crypto: 'sm' });
    const [sealed] = await converter.payloadCodecs![0]!.encode([defaultPayloadConverter.toPayload(personal)]);
    expect(text(sealed!.metadata!['encryption-key-id'])).toBe(id);
    expect(() => loadKeyring({ dataDir: dir, codecKeyring: json })).toThrow(/CADREFLOW_CODEC_KEYRING: no active AES256GCM key/);
    expect(() => loadKeyring({ dataDir: dir, codecKeyring: json, codecKeysFile: '/x.json' })).toThrow(/not both/);
  });

  it('refuses bad keyrings clearly, without quoting their contents', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-codec-'));
    expect(() => loadKeyring({ dataDir: dir, codecKeysFile: join(dir, 'missing.json') })).toThrow(CodecKeyError);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ active: 'k1', keys: { k1: Buffer.alloc(16).toString('base64') } }));
    expect(() => loadKeyring({ dataDir: dir, codecKeysFile: bad })).toThrow(/must be 32 bytes/);
    expect(() => parseKeyring('{"active":"k2","keys":{}}', 'x.json')).toThrow(/active key "k2" is not among the keys/);
    const secret = 'c2VjcmV0LWtleS1tYXRlcmlhbA';
    expect(() => parseKeyring(`{"active": "k1", "keys": {"k1": "${secret}"`, 'x.json')).toThrow(/^x.json: not valid JSON$/);
    expect(() => loadKeyring({ dataDir: dir, codecKeyring: `not a keyring ${secret}` })).toThrow(
      /^CADREFLOW_CODEC_KEYRING: not valid JSON$/,
    );
    const k = key().toString('base64');
    expect(() => parseKeyring(JSON.stringify({ active: 'k1', keys: { k1: { cipher: 'DES', key: k } } }), 'x.json')).toThrow(/cipher "DES"/);
    expect(() => parseKeyring(JSON.stringify({ active: { 'SM4CTR-HMACSM3': 'k1' }, keys: { k1: k } }), 'x.json')).toThrow(
      /the active SM4CTR-HMACSM3 key "k1" is a AES256GCM key/,
    );
    expect(() => parseKeyring(JSON.stringify({ active: 'a:b', keys: { 'a:b': k } }), 'x.json')).toThrow(/key id "a:b" may hold only/);
  });
});
