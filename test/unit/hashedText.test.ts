/**
 * `hashedText` builds the text the chain hashes from an event's scalar fields and its
 * stored canonical data and metadata; it must be byte for byte the canonicalJson of the
 * whole event that `eventHash` hashes, for any strings JSON has to escape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../domain/canonicalJson';
import { eventHash, hashedText, textHash, type HashedEventFields } from '../../activities/hashChain';

const json = fc.jsonValue().filter((v) => v !== undefined);

describe('hashedText', () => {
  it('is canonicalJson of the whole event, so textHash of it is eventHash', () => {
    fc.assert(
      fc.property(
        fc.record({
          position: fc.bigInt({ min: 1n, max: 2n ** 62n }),
          streamId: fc.string({ unit: 'binary' }),
          streamVersion: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          type: fc.string({ unit: 'binary' }),
          idempotencyKey: fc.string({ unit: 'binary' }),
          recordedAt: fc
            .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
            .map((d) => d.toISOString()),
          data: fc.dictionary(fc.string({ unit: 'binary' }), json),
          metadata: fc.dictionary(fc.string(), fc.string()),
        }),
        (e) => {
          const fields = e as unknown as HashedEventFields;
          const text = hashedText(fields, canonicalJson(e.data), canonicalJson(e.metadata));
          expect(text).toBe(
            canonicalJson({
              position: e.position,
              streamId: e.streamId,
              streamVersion: e.streamVersion,
              type: e.type,
              data: e.data,
              metadata: e.metadata,
              idempotencyKey: e.idempotencyKey,
              recordedAt: e.recordedAt,
            }),
          );
          expect(textHash('0'.repeat(64), text)).toBe(eventHash('0'.repeat(64), fields));
          expect(textHash('0'.repeat(64), text, 'sm3')).toBe(eventHash('0'.repeat(64), fields, 'sm3'));
        },
      ),
      { numRuns: 500 },
    );
  });
});
