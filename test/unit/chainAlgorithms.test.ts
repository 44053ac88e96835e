/**
 * The in-memory chain walk (`audit verify --archive`) over a log that uses both hash
 * algorithms: each event is checked with its own, an archived event from before the
 * choice existed is SHA-256, and a changed or relabelled SM3 event is found.
 */
import { describe, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH } from '../../activities/hashChain';
import type { HashAlgorithm, RecordedEvent } from '../../domain/events';
import { fromArchivedEvent, toArchivedEvent } from '../../client/audit/archive';
import { ChainWalker } from '../../client/audit/chain';

function chain(algorithms: readonly HashAlgorithm[]): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  let prev = GENESIS_HASH;
  algorithms.forEach((algorithm, i) => {
    const fields = {
      position: BigInt(i + 1),
      streamId: 'case/1',
      streamVersion: i + 1,
      type: 'TaskReminderSent' as const,
      data: { caseId: 'case/1', taskId: 'case/1:t', at: '2026-01-05T01:00:00.000Z' },
      metadata: { causationId: `step-${i}` },
      idempotencyKey: `case/1:step-${i}#0`,
      recordedAt: '2026-01-05T01:00:00.000Z',
    };
    const hash = eventHash(prev, fields, algorithm);
    out.push({ ...fields, prevHash: prev, hash, hashAlgorithm: algorithm });
    prev = hash;
  });
  return out;
}

function walk(events: readonly RecordedEvent[]) {
  const w = new ChainWalker();
  for (const e of events) w.push(e);
  const head = events.at(-1)!;
  return w.finish({ position: head.position.toString(), hash: head.hash });
}

describe('a chain of both algorithms, walked in memory', () => {
  const mixed = chain(['sha256', 'sha256', 'sm3', 'sm3', 'sha256', 'sm3']);

  it('verifies each event with its own algorithm, also after an archive round trip', () => {
    expect(walk(mixed)).toMatchObject({ ok: true, checked: 6 });
    const archived = mixed.map((e) => JSON.parse(JSON.stringify(toArchivedEvent(e))) as ReturnType<typeof toArchivedEvent>);
    expect(archived[2]).toMatchObject({ hashAlgorithm: 'sm3' });
    expect(walk(archived.map(fromArchivedEvent))).toMatchObject({ ok: true, checked: 6 });
    // SM3 and SHA-256 of the same input differ: the algorithm is not a detail.
    expect(mixed[2]!.hash).not.toBe(eventHash(mixed[2]!.prevHash, mixed[2]!, 'sha256'));
  });

  it('reads an archived event with no algorithm (written before the choice existed) as SHA-256', () => {
    const old = chain(['sha256', 'sha256']).map(({ hashAlgorithm: _a, ...e }) => e);
    expect(walk(old)).toMatchObject({ ok: true, checked: 2 });
  });

  it('finds a changed SM3 event and one relabelled as SHA-256, at their positions', () => {
    const changed = mixed.map((e) => (e.position === 4n ? { ...e, data: { ...e.data, caseId: 'case/2' } } : e));
    expect(walk(changed as RecordedEvent[])).toMatchObject({
      ok: false,
      checked: 3,
      firstBadPosition: '4',
      reason: 'hash of position 4 does not match its contents',
    });
    const relabelled = mixed.map((e) => (e.position === 3n ? { ...e, hashAlgorithm: 'sha256' as const } : e));
    expect(walk(relabelled)).toMatchObject({ ok: false, firstBadPosition: '3' });
    // An archive edited to name a function that does not exist: a finding, not a crash.
    const unknown = mixed.map((e) => (e.position === 5n ? ({ ...e, hashAlgorithm: 'whirlpool' } as unknown as RecordedEvent) : e));
    expect(walk(unknown)).toMatchObject({
      ok: false,
      firstBadPosition: '5',
      reason: 'position 5 names hash algorithm "whirlpool", not one of sha256, sm3',
    });
  });
});
