/**
 * The registry's changes (domain/events/registry.ts) on a real PostgreSQL server: each is
 * folded into the read models in the append's transaction, and a rebuild from the log
 * equals the live tables, in one fold and one event at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendToStream } from '../../activities/eventStore';
import { diffReadModels, rebuildReadModels } from '../../activities/projections';
import type { Actor } from '../../domain/actors';
import type { DomainEvent } from '../../domain/events';
import { createTestDatabase, type TestDatabase } from '../support/db';

const staff: Actor = { id: 'org-1', role: 'county-org-dept' };
let key = 0;
const append = (t: TestDatabase, streamId: string, ...events: DomainEvent[]) =>
  appendToStream(t.db, {
    streamId,
    expectedVersion: 'any',
    idempotencyKey: `test:${++key}`,
    events: events.map((event) => ({ event, metadata: { actor: staff } })),
  });

describe('registry changes on PostgreSQL', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
    const unit = (orgUnitId: string, name: string, kind: 'county' | 'township', parentId: string | null): DomainEvent => ({
      type: 'OrgUnitEstablished',
      data: { orgUnitId, name, kind, parentId, effectiveFrom: '2020-01-01' },
    });
    await append(t, 'orgunit/county', unit('county', '某县', 'county', null));
    await append(t, 'orgunit/ts-01', unit('ts-01', '城关镇', 'township', 'county'));
    await append(t, 'orgunit/ts-02', unit('ts-02', '东关镇', 'township', 'county'));
    for (const [personId, name] of [
      ['p-1', '王芳'],
      ['p-2', '李强'],
      ['p-3', '赵敏'],
    ] as const) {
      await append(
        t,
        `person/${personId}`,
        { type: 'PersonRegistered', data: { personId, name, gender: 'female', birthYear: 1980, orgUnitId: 'ts-01', rank: '科员' } },
        {
          type: 'PostAssigned',
          data: {
            assignmentId: `${personId}-a1`,
            personId,
            orgUnitId: 'ts-01',
            title: '组织委员',
            rank: '科员',
            startedOn: '2022-03-01',
            onTrial: false,
          },
        },
      );
    }
    await append(t, 'person/p-1', {
      type: 'PersonCorrected',
      data: { personId: 'p-1', fields: { name: '王芳芳', birthYear: 1981 }, correctedOn: '2026-12-01' },
    });
    await append(t, 'person/p-1', {
      type: 'PersonTransferred',
      data: { personId: 'p-1', fromOrgUnitId: 'ts-01', toOrgUnitId: 'ts-02', effectiveOn: '2026-12-02' },
    });
    await append(
      t,
      'person/p-2',
      { type: 'PostEnded', data: { assignmentId: 'p-2-a1', personId: 'p-2', endedOn: '2026-12-03', reason: 'other' } },
      { type: 'PersonRetired', data: { personId: 'p-2', retiredOn: '2026-12-03' } },
    );
    await append(t, 'person/p-3', { type: 'PersonRetired', data: { personId: 'p-3', retiredOn: '2026-11-01' } });
    await append(t, 'person/p-3', { type: 'PersonDied', data: { personId: 'p-3', diedOn: '2026-12-04' } });
    await append(t, 'orgunit/ts-02', {
      type: 'OrgUnitRenamed',
      data: { orgUnitId: 'ts-02', name: '东关街道', previousName: '东关镇', effectiveOn: '2026-12-05' },
    });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('folds each change in the append: corrected fields, the new unit and its township, departures, the new name', async () => {
    const people = await t.db.selectFrom('people').selectAll().orderBy('person_id').execute();
    expect(people.map((p) => [p.person_id, p.name, p.birth_year, p.org_unit_id, p.township_id, p.current_title])).toEqual([
      ['p-1', '王芳芳', 1981, 'ts-02', 'ts-02', '组织委员'],
      ['p-2', '李强', 1980, 'ts-01', 'ts-01', null],
      ['p-3', '赵敏', 1980, 'ts-01', 'ts-01', '组织委员'],
    ]);
    const departures = await t.db.selectFrom('person_departures').selectAll().orderBy('person_id').execute();
    expect(departures).toEqual([
      { person_id: 'p-2', reason: 'retired', departed_on: '2026-12-03' },
      { person_id: 'p-3', reason: 'died', departed_on: '2026-12-04' },
    ]);
    const ts02 = await t.db.selectFrom('org_units').select('name').where('org_unit_id', '=', 'ts-02').executeTakeFirstOrThrow();
    expect(ts02.name).toBe('东关街道');
  });

  it('records the actor beside each change', async () => {
    const rows = await t.db.selectFrom('events').select(['type', 'metadata']).where('type', '=', 'PersonTransferred').execute();
    expect(rows.map((r) => (r.metadata as { actor?: Actor }).actor)).toEqual([staff]);
  });

  it('rebuilds to the live tables, in one fold and one event at a time', async () => {
    await rebuildReadModels(t.db, { schema: 'rebuilt' });
    expect(await diffReadModels(t.db, 'public', 'rebuilt')).toEqual([]);
    await rebuildReadModels(t.db, { schema: 'one_by_one', batchSize: 1 });
    expect(await diffReadModels(t.db, 'public', 'one_by_one')).toEqual([]);
    // The comparison would see a departure the rebuild lost.
    await t.db.deleteFrom('person_departures').where('person_id', '=', 'p-3').execute();
    expect(await diffReadModels(t.db, 'public', 'rebuilt')).not.toEqual([]);
    await rebuildReadModels(t.db);
    expect(await diffReadModels(t.db, 'public', 'rebuilt')).toEqual([]);
  });
});
