/**
 * The registry as a roster sees it, read from a real PostgreSQL database: the demo county
 * loaded through the log reads back as the generator made it, and written as a roster it
 * checks with no problem and nothing changed. Reading appends nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegistrySnapshot } from '../../client/roster/registrySnapshot';
import { seedRegistry } from '../../client/registrySeed';
import { rosterChanges } from '../../domain/roster/changes';
import { checkRoster } from '../../domain/roster/checkRoster';
import { ORG_UNIT_HEADERS, PERSON_HEADERS, rosterFromRegistry } from '../../domain/roster/fromRegistry';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { demoRegistry } from '../support/demoRegistry';

describe('the registry snapshot on PostgreSQL', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedRegistry(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('given the demo county in the log, when the snapshot is read, then it is the generated county, post dates included', async () => {
    const snapshot = await readRegistrySnapshot(t.db);
    const expected = demoRegistry();
    const byId = <T extends { orgUnitId: string }>(xs: readonly T[]) => [...xs].sort((a, b) => a.orgUnitId.localeCompare(b.orgUnitId));
    expect(byId(snapshot.orgUnits)).toEqual(byId(expected.orgUnits));
    expect(snapshot.people).toEqual(expected.people);
  });

  it('given the snapshot written as a roster, when checked against it, then there is no problem, everyone is unchanged and nothing was appended', async () => {
    const count = async () => Number((await sql<{ n: string }>`select count(*) as n from events`.execute(t.db)).rows[0]!.n);
    const before = await count();
    const snapshot = await readRegistrySnapshot(t.db);
    const rows = rosterFromRegistry(snapshot);
    const checked = checkRoster(
      {
        orgUnits: { headers: ORG_UNIT_HEADERS, rows: rows.orgUnits.map((cells, i) => ({ row: i + 2, cells })) },
        people: { headers: PERSON_HEADERS, rows: rows.people.map((cells, i) => ({ row: i + 2, cells })) },
      },
      snapshot,
      { year: 2026, month: 12 },
    );
    expect(checked.problems).toEqual([]);
    const changes = rosterChanges(checked, snapshot);
    expect([changes.orgUnits.unchanged, changes.people.unchanged]).toEqual([197, 1057]);
    expect(changes.people.new + changes.people.changed + changes.orgUnits.new + changes.orgUnits.changed).toBe(0);
    expect(await count()).toBe(before);
  });
});
