import { describe, expect, it } from 'vitest';
import {
  COUNTY_ID,
  DEMO_COUNTS,
  DEMO_CROSS_APPOINTED_SECRETARIES,
  demoCountyEvents,
  generateDemoCounty,
  townshipPartySecretaries,
} from '../../demo/county';
import {
  RANK_VILLAGE_CADRE,
  TITLE_TOWNSHIP_SECRETARY,
  TITLE_VILLAGE_DIRECTOR,
  TITLE_VILLAGE_SECRETARY,
  TITLE_VILLAGE_SECRETARY_AND_DIRECTOR,
} from '../../domain/posts';

const STAFF_TITLES = new Set(['科员', '办事员']);
const CJK = /^[\u4e00-\u9fff]+$/;
// Post titles join cross-appointed posts with 、.
const CJK_TITLE = /^[\u4e00-\u9fff、]+$/;

const c = generateDemoCounty();
const townshipIds = new Set(c.townships.map((t) => t.orgUnitId));
const villageIds = new Set(c.villages.map((v) => v.orgUnitId));
const townshipPosts = c.posts.filter((p) => townshipIds.has(p.orgUnitId));
const villagePosts = c.posts.filter((p) => villageIds.has(p.orgUnitId));

describe('generateDemoCounty', () => {
  it('matches the seed county figures', () => {
    expect(c.townships).toHaveLength(12);
    expect(c.villages).toHaveLength(184);
    expect(c.people).toHaveLength(1057);
    expect(c.posts).toHaveLength(1057);
    expect(townshipPosts).toHaveLength(461);
    expect(villagePosts).toHaveLength(596);
    expect(c.demonstrationVillageIds).toHaveLength(38);
    expect(c.underperformingVillageIds).toHaveLength(13);
    expect(DEMO_COUNTS).toEqual({
      townships: 12,
      villages: 184,
      townshipCadres: 461,
      villageCadres: 596,
      leadershipPosts: 105,
      demonstrationVillages: 38,
      underperformingBranches: 13,
    });
  });

  it('is deterministic', () => {
    expect(generateDemoCounty()).toEqual(c);
    expect(generateDemoCounty({ seed: 7 })).toEqual(generateDemoCounty({ seed: 7 }));
  });

  it('gives other names but the same figures for another seed', () => {
    const other = generateDemoCounty({ seed: 7 });
    expect(other.people.map((p) => p.name)).not.toEqual(c.people.map((p) => p.name));
    expect(other.villages.map((v) => v.name)).not.toEqual(c.villages.map((v) => v.name));
    expect(other.townships.map((t) => t.name)).not.toEqual(c.townships.map((t) => t.name));
    expect(other.townships).toHaveLength(c.townships.length);
    expect(other.villages).toHaveLength(c.villages.length);
    expect(other.people).toHaveLength(c.people.length);
    expect(other.posts.filter((p) => p.title !== '科员' && p.title !== '办事员' && townshipIds.has(p.orgUnitId))).toHaveLength(105);
    expect(other.posts.filter((p) => p.title === TITLE_VILLAGE_SECRETARY_AND_DIRECTOR)).toHaveLength(180);
    expect(other.demonstrationVillageIds).toHaveLength(38);
    expect(other.underperformingVillageIds).toHaveLength(13);
  });

  it('uses readable, unique ids', () => {
    const orgIds = [c.county.orgUnitId, ...c.townships.map((t) => t.orgUnitId), ...c.villages.map((v) => v.orgUnitId)];
    const personIds = c.people.map((p) => p.personId);
    const assignmentIds = c.posts.map((p) => p.assignmentId);
    for (const ids of [orgIds, personIds, assignmentIds]) expect(new Set(ids).size).toBe(ids.length);
    expect(c.county.orgUnitId).toBe(COUNTY_ID);
    expect(c.townships.map((t) => t.orgUnitId)).toEqual(Array.from({ length: 12 }, (_, i) => `ts-${String(i + 1).padStart(2, '0')}`));
    for (const v of c.villages) expect(v.orgUnitId).toMatch(new RegExp(`^${v.parentId}-v\\d{2}$`));
    expect(personIds[0]).toBe('p-0001');
    expect(personIds.at(-1)).toBe('p-1057');
    expect(assignmentIds[0]).toBe('a-0001');
  });

  it('builds a tree: county → townships → villages, each township with at least 8 villages', () => {
    expect(c.county).toMatchObject({ kind: 'county', parentId: null, effectiveFrom: '2025-01-01' });
    for (const t of c.townships) expect(t).toMatchObject({ kind: 'township', parentId: COUNTY_ID });
    for (const v of c.villages) {
      expect(v.kind).toBe('village');
      expect(townshipIds.has(v.parentId ?? '')).toBe(true);
    }
    const sizes = c.townships.map((t) => c.villages.filter((v) => v.parentId === t.orgUnitId).length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(8);
    expect(new Set(sizes).size).toBeGreaterThan(1);
  });

  it('gives each township exactly one 党委书记 and 105 leadership posts in all', () => {
    for (const t of c.townships) {
      expect(townshipPosts.filter((p) => p.orgUnitId === t.orgUnitId && p.title === TITLE_TOWNSHIP_SECRETARY)).toHaveLength(1);
    }
    const leadership = townshipPosts.filter((p) => !STAFF_TITLES.has(p.title));
    expect(leadership).toHaveLength(105);
    for (const p of leadership) expect(['正科级', '副科级']).toContain(p.rank);
    for (const p of townshipPosts.filter((q) => STAFF_TITLES.has(q.title))) expect(p.rank).toBe('科员');

    const secretaries = townshipPartySecretaries(c);
    expect(Object.keys(secretaries).sort()).toEqual([...townshipIds].sort());
    for (const [townshipId, personId] of Object.entries(secretaries)) {
      expect(c.people.find((p) => p.personId === personId)?.orgUnitId).toBe(townshipId);
    }
  });

  it('gives every village one Party secretary, 180 of them also chairing the village committee', () => {
    const secretaryTitles = new Set([TITLE_VILLAGE_SECRETARY, TITLE_VILLAGE_SECRETARY_AND_DIRECTOR]);
    for (const v of c.villages) {
      const here = villagePosts.filter((p) => p.orgUnitId === v.orgUnitId);
      expect(here.filter((p) => secretaryTitles.has(p.title))).toHaveLength(1);
      // A village whose secretary does not chair the committee has a separate chair.
      const chairs = here.filter((p) => p.title === TITLE_VILLAGE_DIRECTOR || p.title === TITLE_VILLAGE_SECRETARY_AND_DIRECTOR);
      expect(chairs).toHaveLength(1);
      expect(here.length).toBeGreaterThanOrEqual(3);
    }
    expect(DEMO_CROSS_APPOINTED_SECRETARIES).toBe(180);
    expect(villagePosts.filter((p) => p.title === TITLE_VILLAGE_SECRETARY_AND_DIRECTOR)).toHaveLength(180);
    for (const p of villagePosts) expect(p.rank).toBe(RANK_VILLAGE_CADRE);
  });

  it('gives one current post per person, in the person’s own unit, begun before effectiveFrom', () => {
    const other = generateDemoCounty({ effectiveFrom: '2023-06-30' });
    for (const county of [c, other]) {
      const from = county.county.effectiveFrom;
      county.people.forEach((person, i) => {
        const post = county.posts[i];
        expect(post?.personId).toBe(person.personId);
        expect(post?.orgUnitId).toBe(person.orgUnitId);
        expect(post?.rank).toBe(person.rank);
        expect(post?.onTrial).toBe(false);
        expect(post?.startedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect((post?.startedOn ?? '9999') < from).toBe(true);
        expect(Number(post?.startedOn.slice(0, 4))).toBeGreaterThan(person.birthYear + 17);
      });
    }
  });

  it('picks 38 demonstration and 13 underperforming villages, never both', () => {
    const demo = new Set(c.demonstrationVillageIds);
    const under = new Set(c.underperformingVillageIds);
    expect(demo.size).toBe(38);
    expect(under.size).toBe(13);
    for (const id of [...demo, ...under]) expect(villageIds.has(id)).toBe(true);
    for (const id of under) expect(demo.has(id)).toBe(false);
  });

  it('names everything in Chinese, with distinct unit names', () => {
    const units = [c.county, ...c.townships, ...c.villages];
    for (const u of units) expect(u.name).toMatch(CJK);
    expect(new Set(units.map((u) => u.name)).size).toBe(units.length);
    expect(c.county.name).toMatch(/县$/);
    for (const t of c.townships) expect(t.name).toMatch(/[镇乡]$/);
    for (const v of c.villages) expect(v.name).toMatch(/村$/);
    for (const p of c.people) {
      expect(p.name).toMatch(CJK);
      expect(p.name.length).toBeGreaterThanOrEqual(2);
      expect(p.name.length).toBeLessThanOrEqual(3);
      expect(p.birthYear).toBeGreaterThanOrEqual(1966);
      expect(p.birthYear).toBeLessThanOrEqual(2000);
      expect(['male', 'female']).toContain(p.gender);
    }
    for (const p of c.posts) expect(p.title).toMatch(CJK_TITLE);
  });

  it('gives everyone plausible details: mostly 汉族, 出生年月 in the birth year, members with 入党时间 at 18 or later, no ID or phone numbers', () => {
    const months = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7));
    const posts = new Map(c.posts.map((p) => [p.personId, p]));
    let han = 0;
    for (const p of c.people) {
      const d = p.details!;
      expect(d.birthMonth!.slice(0, 4)).toBe(String(p.birthYear));
      expect(d.idNumber).toBeUndefined();
      expect(d.phone).toBeUndefined();
      if (d.ethnicity === '汉族') han++;
      const member = d.politicalStatus === '中共党员' || d.politicalStatus === '中共预备党员';
      expect(d.joinedParty !== undefined).toBe(member);
      if (d.joinedParty) expect(months(d.joinedParty)).toBeGreaterThanOrEqual(months(d.birthMonth!) + 18 * 12);
      expect(months(d.startedWork!)).toBeGreaterThan(months(d.birthMonth!));
      // Nothing after the county takes effect (2025-01-01).
      for (const ym of [d.joinedParty, d.startedWork]) if (ym) expect(ym < '2025-01').toBe(true);
      if (p.rank === '正科级' || p.rank === '副科级' || posts.get(p.personId)!.title.includes('书记'))
        expect(d.politicalStatus).toBe('中共党员');
      expect(d.fullTimeEducation).toBeDefined();
    }
    expect(han / c.people.length).toBeGreaterThan(0.85);
    expect(han).toBeLessThan(c.people.length);
    expect(c.people.filter((p) => p.details!.partTimeEducation).length).toBeGreaterThan(0);
  });

  it('rejects a malformed effectiveFrom', () => {
    expect(() => generateDemoCounty({ effectiveFrom: '2025-02-30' })).toThrow();
    expect(() => generateDemoCounty({ effectiveFrom: '2025/01/01' })).toThrow();
  });
});

describe('demoCountyEvents', () => {
  const events = demoCountyEvents(c);

  it('emits one event per unit, person and post on the right streams', () => {
    expect(events).toHaveLength(1 + 12 + 184 + 1057 + 1057);
    for (const { streamId, event } of events) {
      if (event.type === 'OrgUnitEstablished') expect(streamId).toBe(`orgunit/${event.data.orgUnitId}`);
      else if (event.type === 'PersonRegistered' || event.type === 'PostAssigned') expect(streamId).toBe(`person/${event.data.personId}`);
      else throw new Error(`unexpected ${event.type}`);
    }
  });

  it('puts every parent, person and unit before what refers to it', () => {
    const units = new Set<string>();
    const people = new Set<string>();
    const kinds: string[] = [];
    for (const { event } of events) {
      kinds.push(event.type);
      switch (event.type) {
        case 'OrgUnitEstablished':
          if (event.data.parentId !== null) expect(units.has(event.data.parentId)).toBe(true);
          units.add(event.data.orgUnitId);
          break;
        case 'PersonRegistered':
          expect(units.has(event.data.orgUnitId)).toBe(true);
          people.add(event.data.personId);
          break;
        case 'PostAssigned':
          expect(units.has(event.data.orgUnitId)).toBe(true);
          expect(people.has(event.data.personId)).toBe(true);
          break;
        default:
          throw new Error(`unexpected ${event.type}`);
      }
    }
    // Blocks in order: units, then people, then posts.
    const order = kinds.filter((k, i) => k !== kinds[i - 1]);
    expect(order).toEqual(['OrgUnitEstablished', 'PersonRegistered', 'PostAssigned']);
    const firstVillage = events.findIndex(({ event }) => event.type === 'OrgUnitEstablished' && event.data.kind === 'village');
    const lastTownship = events.reduce(
      (last, { event }, i) => (event.type === 'OrgUnitEstablished' && event.data.kind === 'township' ? i : last),
      -1,
    );
    expect(lastTownship).toBeLessThan(firstVillage);
  });
});
