/**
 * The registry's changes through the real `cadreflow registry …` commands on a real
 * PostgreSQL database holding the demo county: county staff register, appoint, transfer
 * and retire a person and set up and merge a unit, each written with them as the actor;
 * a bad form and a refusal print their reasons in Chinese and English and write nothing;
 * an account that is not county staff is refused before anything is read.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../client/registrySeed';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { AUDITOR, createCliAccounts, runCli, STAFF } from '../support/cli';

let t: TestDatabase;
let env: NodeJS.ProcessEnv;

const changeEvents = async () =>
  t.db
    .selectFrom('events')
    .select(['type', 'stream_id', 'metadata'])
    .where(sql<boolean>`metadata->>'causationId' like 'registry-%'`)
    .orderBy('position')
    .execute();

beforeAll(async () => {
  t = await createTestDatabase();
  await seedRegistry(t.db);
  const { TEMPORAL_ADDRESS: _temporal, ...rest } = process.env;
  env = {
    ...rest,
    DATABASE_URL: t.url,
    CADREFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'cf-registry-cli-')),
    LOG_LEVEL: 'warn',
    CADREFLOW_USER: STAFF,
  };
  await createCliAccounts(t.db);
});
afterAll(async () => {
  await t?.drop();
});

describe('cadreflow registry register|appoint|transfer|retire|unit-add|unit-dissolve', () => {
  let personId: string;

  it('registers a person; a bad 出生年月 is refused in the roster’s words first, writing nothing', async () => {
    const form = ['--name', '赵磊', '--gender', '男', '--unit', 'ts-03', '--rank', '科员', '--note', '新录用'];
    const bad = await runCli(['registry', 'register', ...form, '--birth', '1992.13'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('出生年月：月份须在 1 至 12 之间');
    expect(bad.stderr).toContain('出生年月: the month must be 1 to 12');
    expect(await changeEvents()).toEqual([]);

    const r = await runCli(['registry', 'register', ...form, '--birth', '1992.07', '--key', 'cli-reg-1'], env);
    expect(r.code, r.stderr).toBe(0);
    const m = /recorded PersonRegistered for (\S+)/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    personId = m![1]!;
    const again = await runCli(['registry', 'register', ...form, '--birth', '1992.07', '--key', 'cli-reg-1'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing written');
    const events = await changeEvents();
    expect(events.map((e) => [e.type, (e.metadata as { actor: { id: string } }).actor.id])).toEqual([['PersonRegistered', STAFF]]);
  });

  it('appoints, transfers and retires the person; a second retirement is refused with its reason', async () => {
    for (const args of [
      ['appoint', personId, '--title', '组织干事', '--since', '2025.01'],
      ['transfer', personId, '--unit', 'ts-04', '--on', '2026-01-05'],
      ['retire', personId, '--on', '2026-02-01'],
    ]) {
      const r = await runCli(['registry', ...args], env);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const twice = await runCli(['registry', 'retire', personId], env);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toMatch(/refused \(already-retired\).*已于 2026-02-01 退休.*retired on 2026-02-01/);
    const person = await t.db.selectFrom('people').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
    expect([person.org_unit_id, person.current_title]).toEqual(['ts-04', null]);
    expect((await changeEvents()).map((e) => e.type)).toEqual([
      'PersonRegistered',
      'PostAssigned',
      'PersonTransferred',
      'PostEnded',
      'PersonRetired',
    ]);
  });

  it('sets up a village and merges it into another; an auditor may not change the registry', async () => {
    const add = await runCli(['registry', 'unit-add', '--code', 'ts-03-vq1', '--name', '前进村', '--kind', '村', '--parent', 'ts-03'], env);
    expect(add.code, add.stderr).toBe(0);
    const target = await t.db
      .selectFrom('org_units')
      .select('org_unit_id')
      .where('parent_id', '=', 'ts-03')
      .where('kind', '=', 'village')
      .where('org_unit_id', '!=', 'ts-03-vq1')
      .orderBy('org_unit_id')
      .executeTakeFirstOrThrow();
    const merge = await runCli(['registry', 'unit-dissolve', 'ts-03-vq1', '--merged-into', target.org_unit_id], env);
    expect(merge.code, merge.stderr).toBe(0);
    const unit = await t.db.selectFrom('org_units').selectAll().where('org_unit_id', '=', 'ts-03-vq1').executeTakeFirstOrThrow();
    expect(unit.merged_into).toBe(target.org_unit_id);
    const before = (await changeEvents()).length;
    const auditor = await runCli(['registry', 'unit-rename', target.org_unit_id, '--name', '新村'], { ...env, CADREFLOW_USER: AUDITOR });
    expect(auditor.code).not.toBe(0);
    expect(auditor.stderr).toContain('registry unit-rename is for county-org-dept');
    expect((await changeEvents()).length).toBe(before);
  });
});
