import type { DomainEvent, OrgUnitEstablished, PersonRegistered, PostAssigned } from '../domain/events';
import {
  RANK_STAFF,
  RANK_VILLAGE_CADRE,
  TITLE_TOWNSHIP_SECRETARY,
  TITLE_VILLAGE_DIRECTOR,
  TITLE_VILLAGE_SECRETARY,
  TITLE_VILLAGE_SECRETARY_AND_DIRECTOR,
} from '../domain/posts';
import { demoPersonDetails } from './personDetails';
import { Rng, surname } from './seededRandom';
import { CLAN_VILLAGE_SUFFIX, GIVEN_FIRST, GIVEN_SECOND, GIVEN_SINGLE, PLACE_FIRST, PLACE_SECOND } from './chineseNames';

/**
 * The demo county: the seed county after 合乡并村, invented down to the names but
 * matching the seed's figures exactly.
 *
 * Pure and deterministic (own PRNG, no clock, no I/O): the same seed must always give
 * the same county, whoever loads it and however often. Not the procedure's code: it
 * lives in demo/, which no workflow imports.
 */

/** The seed's figures (docs/domain.md §11). */
export const DEMO_COUNTS = {
  townships: 12,
  villages: 184,
  townshipCadres: 461,
  villageCadres: 596,
  leadershipPosts: 105,
  demonstrationVillages: 38,
  underperformingBranches: 13,
} as const;

/**
 * Village secretaries who also chair the village committee (一肩挑). The seed says
 * 98%; 180 of 184 is 97.8%, the nearest whole number.
 */
export const DEMO_CROSS_APPOINTED_SECRETARIES = 180;

export const DEFAULT_DEMO_SEED = 20250101;
export const DEFAULT_DEMO_EFFECTIVE_FROM = '2025-01-01';

export const COUNTY_ID = 'cn-county';

export interface DemoCounty {
  county: OrgUnitEstablished['data'];
  townships: OrgUnitEstablished['data'][];
  villages: OrgUnitEstablished['data'][];
  people: PersonRegistered['data'][];
  /** One current post per person, in the same order as `people`. */
  posts: PostAssigned['data'][];
  demonstrationVillageIds: string[];
  underperformingVillageIds: string[];
}

export interface DemoCountyOptions {
  seed?: number;
  /** `YYYY-MM-DD`; the day the merged units take effect. Every post starts before it. */
  effectiveFrom?: string;
}

// ── Shape of the county ─────────────────────────────────────────────────────

/**
 * Villages per township. Fixed rather than drawn so every seed matches the seed's
 * 184 and no township falls under 8; the seed only decides which township gets
 * which size. The spread mimics merged townships, where the county-seat town and
 * valley towns absorbed far more villages than the hill townships.
 */
const VILLAGES_PER_TOWNSHIP = [22, 19, 18, 17, 16, 15, 15, 14, 14, 13, 11, 10] as const;

/** After a merger the bigger units are usually towns (镇) and the rest stay 乡. */
const TOWNS = 7;

/**
 * Townships too small to keep a separate 宣传委员 (the 组织委员 covers the work);
 * this is what brings the leadership count to the seed's 105 = 9×9 + 3×8.
 */
const SMALL_TOWNSHIPS_WITHOUT_PUBLICITY_MEMBER = 3;

/** Staff every township keeps however small; the rest follow village counts. */
const MIN_STAFF_PER_TOWNSHIP = 18;

export type Gender = 'male' | 'female';

interface PostSpec {
  /** Title for a town (镇) and for a 乡, which differ only in the head's title. */
  title: { town: string; xiang: string };
  rank: string;
  born: readonly [number, number];
  /** Chance that the holder is a woman; leadership posts are still mostly men. */
  femaleShare: number;
  /** Days before effectiveFrom the current post may have begun. */
  startedDaysAgo: readonly [number, number];
}

const both = (t: string) => ({ town: t, xiang: t });

const LEADERSHIP: ReadonlyArray<PostSpec & { publicity?: true }> = [
  { title: both(TITLE_TOWNSHIP_SECRETARY), rank: '正科级', born: [1970, 1984], femaleShare: 0.1, startedDaysAgo: [120, 1800] },
  { title: { town: '镇长', xiang: '乡长' }, rank: '正科级', born: [1972, 1986], femaleShare: 0.15, startedDaysAgo: [120, 1800] },
  { title: both('人大主席'), rank: '正科级', born: [1966, 1978], femaleShare: 0.15, startedDaysAgo: [120, 1800] },
  { title: both('党委副书记'), rank: '副科级', born: [1975, 1990], femaleShare: 0.25, startedDaysAgo: [90, 1500] },
  { title: both('纪委书记'), rank: '副科级', born: [1972, 1988], femaleShare: 0.25, startedDaysAgo: [90, 1500] },
  { title: both('组织委员'), rank: '副科级', born: [1978, 1992], femaleShare: 0.35, startedDaysAgo: [90, 1500] },
  { title: both('宣传委员'), rank: '副科级', born: [1980, 1993], femaleShare: 0.45, startedDaysAgo: [90, 1500], publicity: true },
  { title: both('武装部长'), rank: '副科级', born: [1972, 1988], femaleShare: 0.02, startedDaysAgo: [90, 1500] },
  { title: { town: '副镇长', xiang: '副乡长' }, rank: '副科级', born: [1976, 1992], femaleShare: 0.3, startedDaysAgo: [90, 1500] },
];

const STAFF: PostSpec = {
  title: both('科员'),
  rank: RANK_STAFF,
  born: [1975, 2000],
  femaleShare: 0.42,
  startedDaysAgo: [30, 3650],
};
/** Recent recruits (under two years) are still 办事员 by title; the rank stays 科员. */
const JUNIOR_STAFF_TITLE = '办事员';
const JUNIOR_STAFF_DAYS = 730;

/**
 * A village's cadres all took office at its last 村两委换届; the county holds
 * those elections village by village over a few months, some 3½–4 years before
 * the merger took effect.
 */
const VILLAGE_TERM_STARTED_DAYS_AGO: readonly [number, number] = [1300, 1460];

const village = (title: string, born: readonly [number, number], femaleShare: number): PostSpec => ({
  title: both(title),
  rank: RANK_VILLAGE_CADRE,
  born,
  femaleShare,
  startedDaysAgo: VILLAGE_TERM_STARTED_DAYS_AGO,
});
const V_SECRETARY_AND_DIRECTOR = village(TITLE_VILLAGE_SECRETARY_AND_DIRECTOR, [1966, 1988], 0.1);
const V_SECRETARY = village(TITLE_VILLAGE_SECRETARY, [1966, 1988], 0.1);
const V_DIRECTOR = village(TITLE_VILLAGE_DIRECTOR, [1966, 1990], 0.1);
const V_DEPUTY = village('村委会副主任', [1970, 1995], 0.25);
const V_ACCOUNTANT = village('村委会委员、会计', [1970, 2000], 0.45);
// The women's federation chair is by rule a woman.
const V_WOMEN = village('村委会委员、妇联主席', [1972, 2000], 1);

/**
 * 596 = 184 secretaries + 4 separate directors (the villages without 一肩挑)
 * + 184 accountants + 184 women's chairs + 40 deputy directors.
 */
const VILLAGES_WITH_DEPUTY =
  DEMO_COUNTS.villageCadres - DEMO_COUNTS.villages * 3 - (DEMO_COUNTS.villages - DEMO_CROSS_APPOINTED_SECRETARIES);

// ── Generator ───────────────────────────────────────────────────────────────

export function generateDemoCounty(opts: DemoCountyOptions = {}): DemoCounty {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const effectiveFrom = opts.effectiveFrom ?? DEFAULT_DEMO_EFFECTIVE_FROM;
  const effectiveDay = parseDay(effectiveFrom);
  const rng = new Rng(seed);
  const names = new PlaceNames(rng);

  const county: OrgUnitEstablished['data'] = {
    orgUnitId: COUNTY_ID,
    name: `${names.stem()}县`,
    kind: 'county',
    parentId: null,
    effectiveFrom,
  };

  const sizes = rng.shuffle([...VILLAGES_PER_TOWNSHIP]);
  const bySizeDesc = sizes.map((n, i) => ({ n, i })).sort((a, b) => b.n - a.n || a.i - b.i);
  const sizeRank = new Array<number>(sizes.length);
  bySizeDesc.forEach(({ i }, rank) => (sizeRank[i] = rank));

  const townships: OrgUnitEstablished['data'][] = sizes.map((_, i) => ({
    orgUnitId: `ts-${pad(i + 1, 2)}`,
    name: `${names.stem()}${at(sizeRank, i) < TOWNS ? '镇' : '乡'}`,
    kind: 'township',
    parentId: county.orgUnitId,
    effectiveFrom,
  }));

  const villages: OrgUnitEstablished['data'][] = [];
  townships.forEach((t, i) => {
    for (let v = 1; v <= at(sizes, i); v++) {
      villages.push({
        orgUnitId: `${t.orgUnitId}-v${pad(v, 2)}`,
        name: `${names.villageStem()}村`,
        kind: 'village',
        parentId: t.orgUnitId,
        effectiveFrom,
      });
    }
  });

  const staff = apportion(DEMO_COUNTS.townshipCadres - DEMO_COUNTS.leadershipPosts, MIN_STAFF_PER_TOWNSHIP, sizes);

  const people: PersonRegistered['data'][] = [];
  const posts: PostAssigned['data'][] = [];
  const hire = (orgUnitId: string, spec: PostSpec, how: { isTown?: boolean; staff?: boolean; daysAgo?: number } = {}) => {
    const n = people.length + 1;
    const personId = `p-${pad(n, 4)}`;
    const gender: Gender = rng.chance(spec.femaleShare) ? 'female' : 'male';
    const birthYear = rng.int(spec.born[0], spec.born[1]);
    const daysAgo = how.daysAgo ?? startedDaysAgo(rng, spec.startedDaysAgo, birthYear, effectiveDay);
    let title = how.isTown ? spec.title.town : spec.title.xiang;
    if (how.staff && daysAgo < JUNIOR_STAFF_DAYS) title = JUNIOR_STAFF_TITLE;
    people.push({ personId, name: personName(rng, gender), gender, birthYear, orgUnitId, rank: spec.rank });
    posts.push({
      assignmentId: `a-${pad(n, 4)}`,
      personId,
      orgUnitId,
      title,
      rank: spec.rank,
      startedOn: formatDay(effectiveDay - daysAgo),
      onTrial: false,
    });
  };

  townships.forEach((t, i) => {
    const rank = at(sizeRank, i);
    const isTown = rank < TOWNS;
    const keepsPublicity = rank < DEMO_COUNTS.townships - SMALL_TOWNSHIPS_WITHOUT_PUBLICITY_MEMBER;
    for (const spec of LEADERSHIP) {
      if (spec.publicity && !keepsPublicity) continue;
      hire(t.orgUnitId, spec, { isTown });
    }
    for (let s = 0; s < at(staff, i); s++) hire(t.orgUnitId, STAFF, { isTown, staff: true });
  });

  const villageIds = villages.map((v) => v.orgUnitId);
  const separateDirector = new Set(rng.sample(villageIds, DEMO_COUNTS.villages - DEMO_CROSS_APPOINTED_SECRETARIES));
  const withDeputy = new Set(rng.sample(villageIds, VILLAGES_WITH_DEPUTY));
  for (const id of villageIds) {
    const daysAgo = rng.int(...VILLAGE_TERM_STARTED_DAYS_AGO);
    if (separateDirector.has(id)) {
      hire(id, V_SECRETARY, { daysAgo });
      hire(id, V_DIRECTOR, { daysAgo });
    } else {
      hire(id, V_SECRETARY_AND_DIRECTOR, { daysAgo });
    }
    if (withDeputy.has(id)) hire(id, V_DEPUTY, { daysAgo });
    hire(id, V_ACCOUNTANT, { daysAgo });
    hire(id, V_WOMEN, { daysAgo });
  }

  // A branch under rectification is by definition not a model village, so the two
  // lists are drawn from one shuffle and never overlap.
  const picked = rng.sample(villageIds, DEMO_COUNTS.demonstrationVillages + DEMO_COUNTS.underperformingBranches);
  const demonstrationVillageIds = picked.slice(0, DEMO_COUNTS.demonstrationVillages).sort();
  // The other roster columns, from a generator of their own (demo/personDetails.ts).
  const details = demoPersonDetails(
    seed,
    people,
    posts.map((p) => p.title),
    effectiveFrom,
  );
  people.forEach((p, i) => (p.details = details[i]));
  const underperformingVillageIds = picked.slice(DEMO_COUNTS.demonstrationVillages).sort();

  return { county, townships, villages, people, posts, demonstrationVillageIds, underperformingVillageIds };
}

/**
 * The registry events that establish the county, parents before children and each
 * person before their post, so a projection folding them in order never meets an
 * unknown unit or person.
 */
export function demoCountyEvents(c: DemoCounty): Array<{ streamId: string; event: DomainEvent }> {
  const out: Array<{ streamId: string; event: DomainEvent }> = [];
  for (const data of [c.county, ...c.townships, ...c.villages]) {
    out.push({ streamId: `orgunit/${data.orgUnitId}`, event: { type: 'OrgUnitEstablished', data } });
  }
  for (const data of c.people) {
    out.push({ streamId: `person/${data.personId}`, event: { type: 'PersonRegistered', data } });
  }
  for (const data of c.posts) {
    out.push({ streamId: `person/${data.personId}`, event: { type: 'PostAssigned', data } });
  }
  return out;
}

/**
 * Each township's 党委书记, keyed by township id: the person a township-committee
 * login for that township stands for.
 */
export function townshipPartySecretaries(c: DemoCounty): Record<string, string> {
  const townshipIds = new Set(c.townships.map((t) => t.orgUnitId));
  const out: Record<string, string> = {};
  for (const p of c.posts) {
    if (p.title === TITLE_TOWNSHIP_SECRETARY && townshipIds.has(p.orgUnitId)) out[p.orgUnitId] = p.personId;
  }
  return out;
}

/**
 * The staff member (科员 by rank) the demo promotes on trial in a township: its probation
 * case (client/demo.ts), whom the demo's selections therefore leave out. The first in
 * registry order, so the same person on every run.
 */
export function demoPromotedStaff(c: DemoCounty, townshipId: string): PersonRegistered['data'] | undefined {
  return c.people.find((p, j) => p.orgUnitId === townshipId && c.posts[j]?.title !== TITLE_TOWNSHIP_SECRETARY && p.rank === RANK_STAFF);
}

// ── Helpers ─────────────────────────────────────────────────────────────────

/** About a quarter of cadres of these generations have a one-character given name. */
export function personName(rng: Rng, gender: Gender): string {
  if (rng.chance(0.25)) return surname(rng) + rng.pick(GIVEN_SINGLE[gender]);
  const first = rng.pick(GIVEN_FIRST[gender]);
  let second = rng.pick(GIVEN_SECOND[gender]);
  while (second === first) second = rng.pick(GIVEN_SECOND[gender]);
  return surname(rng) + first + second;
}

/** Place-name stems, never reused, so every unit in the county has its own name. */
class PlaceNames {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}

  stem(): string {
    return this.unique(() => this.rng.pick(PLACE_FIRST) + this.rng.pick(PLACE_SECOND));
  }

  /** Villages are often named after the clan that settled them (王家庄), else like places. */
  villageStem(): string {
    if (!this.rng.chance(0.3)) return this.stem();
    return this.unique(() => surname(this.rng) + '家' + this.rng.pick(CLAN_VILLAGE_SUFFIX));
  }

  private unique(make: () => string): string {
    // The name space (~1,900 stems) is ten times what a county needs; the bound only
    // turns a future list edit that shrinks it into an error instead of a hang.
    for (let tries = 0; tries < 10_000; tries++) {
      const s = make();
      if (!this.used.has(s)) {
        this.used.add(s);
        return s;
      }
    }
    throw new Error('demo county: ran out of distinct place names');
  }
}

/**
 * Split `total` over units: `min` each, the rest in proportion to `weights` by the
 * largest-remainder method so the parts add up exactly.
 */
function apportion(total: number, min: number, weights: readonly number[]): number[] {
  const rest = total - min * weights.length;
  const sum = weights.reduce((s, w) => s + w, 0);
  const quotas = weights.map((w) => (rest * w) / sum);
  const parts = quotas.map((q) => min + Math.floor(q));
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = quotas.map((q, i) => ({ frac: q - Math.floor(q), i })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    parts[i] = at(parts, i) + 1;
  }
  return parts;
}

/**
 * Days before effectiveFrom that a post began, drawn from `range` but never before
 * the holder turned 21, and always at least a day before effectiveFrom.
 */
function startedDaysAgo(rng: Rng, range: readonly [number, number], birthYear: number, effectiveDay: number): number {
  const oldestStart = effectiveDay - daysFromCivil(birthYear + 21, 7, 1);
  const hi = Math.max(1, Math.min(range[1], oldestStart));
  const lo = Math.max(1, Math.min(range[0], hi));
  return rng.int(lo, hi);
}

function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`demo county: index ${i} out of range`);
  return x;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// Calendar arithmetic on day numbers rather than Date, so nothing here depends on
// the host time zone or on Temporal's sandboxed Date.

function parseDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`demo county: effectiveFrom must be YYYY-MM-DD, got ${JSON.stringify(s)}`);
  const day = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  if (formatDay(day) !== s) throw new Error(`demo county: no such day ${s}`);
  return day;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function formatDay(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}
