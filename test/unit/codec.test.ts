import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { CodecKeyError, encryptingDataConverter, EncryptionCodec, ENCODING, loadKeyring, parseKeyring, unsealedEncoding, type Keyring } from '../../client/codec';
import { isUnsealed, unsealedMarker } from '../../workflows/kit/unsealed';

const key = () => randomBytes(32);
const ring = (active: string, keys: Record<string, Buffer>): Keyring => ({ active, keys: new Map(Object.entries(keys)) });
const personal = { personName: '王建国', decision: { rating: 'concern', comment: '群众反映作风问题' } };

describe('payload encryption codec', () => {
  it('seals payloads so the personal data is not readable, and opens them again', async () => {
    const codec = new EncryptionCodec(ring('k1', { k1: key() }));
    const payload = defaultPayloadConverter.toPayload(personal);
    const [sealed] = await codec.encode([payload]);
    expect(new TextDecoder().decode(sealed!.metadata!.encoding)).toBe(ENCODING);
    expect(Buffer.from(sealed!.data!).toString('utf8')).not.toContain('王建国');
    expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('rating');
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(personal);
  });

  it('keeps opening payloads sealed under an older key after a new key becomes active', async () => {
    const k1 = key();
    const old = new EncryptionCodec(ring('k1', { k1 }));
    const [sealedOld] = await old.encode([defaultPayloadConverter.toPayload(personal)]);
    const rotated = new EncryptionCodec(ring('k2', { k1, k2: key() }));
    const [sealedNew] = await rotated.encode([defaultPayloadConverter.toPayload(personal)]);
    expect(new TextDecoder().decode(sealedNew!.metadata!['encryption-key-id'])).toBe('k2');
    const opened = await rotated.decode([sealedOld!, sealedNew!]);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([personal, personal]);
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
    const tampered = { ...sealed!, data: Uint8Array.from(sealed!.data!, (b, i) => (i === 20 ? b ^ 1 : b)) };
    await expect(sealer.decode([tampered])).rejects.toThrow();
  });

  it('creates a private keyring on embedded defaults and reads a configured one, refusing bad files clearly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-codec-'));
    const created = loadKeyring({ dataDir: dir });
    expect(created.keys.get(created.active)).toHaveLength(32);
    expect(statSync(join(dir, 'codec-keys.json')).mode & 0o777).toBe(0o600);
    expect(loadKeyring({ dataDir: dir }).keys.get(created.active)).toEqual(created.keys.get(created.active));
    expect(() => loadKeyring({ dataDir: dir, file: join(dir, 'missing.json') })).toThrow(CodecKeyError);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ active: 'k1', keys: { k1: Buffer.alloc(16).toString('base64') } }));
    expect(() => loadKeyring({ dataDir: dir, file: bad })).toThrow(/must be 32 bytes/);
    expect(() => parseKeyring('{"active":"k2","keys":{}}', 'x.json')).toThrow(/active key "k2" is not among the keys/);
    expect(() => parseKeyring('{', 'x.json')).toThrow(/x.json: not valid JSON/);
    expect(JSON.parse(readFileSync(join(dir, 'codec-keys.json'), 'utf8')).active).toBe('k1');
  });
});
