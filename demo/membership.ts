/**
 * The demo county's Party organizations and membership register, invented but matching
 * the seed: a branch in every village, the 5 mobile-member organizations holding the 620
 * mobile members, the 6 industry-chain organizations (2 economic associations, 3
 * demonstration bases, 1 stone industrial park), about 500 activists spread over the
 * villages, and people at every stage of development. Dates are relative to `asOf` (the
 * demo passes today), so the register's waits and deadlines fall around now.
 *
 * Pure and deterministic (own PRNG, no clock, no I/O): the same seed and day always give
 * the same register.
 */
import { addDays, addMonths, compareDates } from '../domain/calendar';
import { GIVEN_FIRST, GIVEN_SECOND, GIVEN_SINGLE } from './chineseNames';
import { Rng, surname } from './seededRandom';
import { DEFAULT_DEMO_EFFECTIVE_FROM, generateDemoCounty, type DemoCounty } from './county';
import type { DomainEvent } from '../domain/events';
import type { MembershipRecorded, MemberStatus, PartyOrganizationCategory } from '../domain/events/membership';
import {
  earliestAdmissionOn,
  GATES,
  stateFromRegister,
  type DevelopmentState,
  type MemberDevelopmentPolicy,
} from '../domain/memberDevelopment';

/** The seed's figures for the membership (docs/domain.md §11). */
export const DEMO_MEMBERSHIP_COUNTS = {
  activists: 500,
  mobileMembers: 620,
  mobileOrganizations: 5,
  economicAssociations: 2,
  demonstrationBases: 3,
  industrialParks: 1,
} as const;

export const DEFAULT_MEMBERSHIP_SEED = 20250701;

export interface DemoPartyOrganization {
  orgUnitId: string;
  name: string;
  category: PartyOrganizationCategory;
  /** The village (for a village branch) or township the organization's unit sits under. */
  parentId: string;
  villageId: string | null;
  townshipId: string;
}

export interface DemoMembership {
  asOf: string;
  organizations: DemoPartyOrganization[];
  people: MembershipRecorded['data'][];
}

export interface DemoMembershipOptions {
  /** The day the register is as of, `YYYY-MM-DD`. */
  asOf: string;
  /** The policy the forecast dates follow. */
  policy: MemberDevelopmentPolicy;
  seed?: number;
  county?: DemoCounty;
}

// ── Shape of the register ───────────────────────────────────────────────────

/** Full members a village branch has (rural branches are small and ageing). */
const VILLAGE_MEMBERS: readonly [number, number] = [12, 30];
const SPECIAL_MEMBERS: readonly [number, number] = [8, 25];
/** Per village, at most: the register is thinner at each later stage. */
const APPLICANTS_PER_VILLAGE: readonly [number, number] = [0, 2];
const DEVELOPMENT_TARGETS = 70;
const PROBATIONARY = 90;
const DISQUALIFIED = 6;

const MOBILE_CITIES = ['杭州', '广州', '深圳', '上海', '北京'] as const;
const SPECIAL_ORGANIZATIONS: ReadonlyArray<{ category: PartyOrganizationCategory; suffix: string }> = [
  { category: 'economic-association', suffix: '茶叶种植专业协会党支部' },
  { category: 'economic-association', suffix: '生猪养殖专业协会党支部' },
  { category: 'demonstration-base', suffix: '现代农业示范基地党支部' },
  { category: 'demonstration-base', suffix: '食用菌示范基地党支部' },
  { category: 'demonstration-base', suffix: '果蔬产业示范基地党支部' },
  { category: 'industrial-park', suffix: '石材产业园党委' },
];

export function generateDemoMembership(opts: DemoMembershipOptions): DemoMembership {
  const { asOf, policy } = opts;
  compareDates(asOf, asOf);
  const county = opts.county ?? generateDemoCounty();
  const rng = new Rng(opts.seed ?? DEFAULT_MEMBERSHIP_SEED);

  const organizations: DemoPartyOrganization[] = county.villages.map((v) => ({
    orgUnitId: `${v.orgUnitId}-pb`,
    name: `${v.name}党支部`,
    category: 'village-branch',
    parentId: v.orgUnitId,
    villageId: v.orgUnitId,
    townshipId: v.parentId!,
  }));
  const townships = county.townships;
  const mobileTownships = rng.sample(townships, DEMO_MEMBERSHIP_COUNTS.mobileOrganizations);
  const mobile = mobileTownships.map((t, i) => ({
    orgUnitId: `po-mobile-${i + 1}`,
    name: `${t.name}驻${MOBILE_CITIES[i % MOBILE_CITIES.length]}流动党员党支部`,
    category: 'mobile' as const,
    parentId: t.orgUnitId,
    villageId: null,
    townshipId: t.orgUnitId,
  }));
  const special = SPECIAL_ORGANIZATIONS.map((spec, i) => {
    const t = rng.pick(townships);
    return {
      orgUnitId: `po-${spec.category}-${i + 1}`,
      name: `${t.name.slice(0, -1)}${spec.suffix}`,
      category: spec.category,
      parentId: t.orgUnitId,
      villageId: null,
      townshipId: t.orgUnitId,
    };
  });
  organizations.push(...mobile, ...special);

  const people: MembershipRecorded['data'][] = [];
  const add = (
    branchId: string,
    status: MemberStatus,
    dates: Partial<MembershipRecorded['data']>,
    born: readonly [number, number],
    isMobile = false,
  ) => {
    const gender = rng.chance(0.35) ? 'female' : 'male';
    const entry: MembershipRecorded['data'] = {
      personId: `p-${String(county.people.length + people.length + 1).padStart(4, '0')}`,
      name: personName(rng, gender),
      gender,
      birthYear: rng.int(born[0], born[1]),
      branchId,
      status,
      appliedOn: null,
      activistOn: null,
      targetOn: null,
      admittedOn: null,
      probationEndsOn: null,
      fullOn: null,
      mobile: isMobile,
      earliestAdmissionOn: null,
      ...dates,
    };
    const state = stateFromRegister(entry, asOf, policy);
    entry.earliestAdmissionOn = state ? earliestAdmissionOn(state, policy) : null;
    people.push(entry);
  };
  const monthsAgo = (lo: number, hi: number) => addDays(addMonths(asOf, -rng.int(lo, hi)), -rng.int(0, 27));
  const fullMember = (branchId: string, isMobile = false) => {
    const admittedOn = monthsAgo(24, 480);
    add(branchId, 'full', { admittedOn, fullOn: addMonths(admittedOn, policy.probationaryMonths) }, [1945, 1998], isMobile);
  };

  const villageBranches = organizations.filter((o) => o.category === 'village-branch');
  for (const b of villageBranches) {
    const n = rng.int(...VILLAGE_MEMBERS);
    for (let i = 0; i < n; i++) fullMember(b.orgUnitId);
  }
  mobile.forEach((b, i) => {
    const n = apportion(DEMO_MEMBERSHIP_COUNTS.mobileMembers, mobile.length)[i]!;
    for (let k = 0; k < n; k++) fullMember(b.orgUnitId, true);
  });
  for (const b of special) {
    const n = rng.int(...SPECIAL_MEMBERS);
    for (let i = 0; i < n; i++) fullMember(b.orgUnitId);
  }

  // Activists: every village has some, the rest at random; their observation began
  // over the last two years, so some are due for review and some for development.
  const perVillage = apportion(DEMO_MEMBERSHIP_COUNTS.activists, villageBranches.length);
  const order = rng.shuffle(villageBranches.map((_, i) => i));
  order.forEach((branchIndex, rank) => {
    const b = villageBranches[branchIndex]!;
    for (let i = 0; i < perVillage[rank]!; i++) {
      const activistOn = monthsAgo(1, 23);
      add(b.orgUnitId, 'activist', { appliedOn: addMonths(activistOn, -rng.int(1, 6)), activistOn }, [1985, 2005]);
    }
  });

  for (const b of villageBranches) {
    const n = rng.int(...APPLICANTS_PER_VILLAGE);
    for (let i = 0; i < n; i++) add(b.orgUnitId, 'applicant', { appliedOn: monthsAgo(0, 5) }, [1990, 2006]);
  }
  for (const b of rng.sample(villageBranches, DEVELOPMENT_TARGETS)) {
    const targetOn = monthsAgo(0, 4);
    const activistOn = addMonths(targetOn, -policy.activistMinMonths - rng.int(0, 6));
    add(b.orgUnitId, 'development-target', { appliedOn: addMonths(activistOn, -rng.int(1, 6)), activistOn, targetOn }, [1985, 2003]);
  }
  for (const b of rng.sample(villageBranches, PROBATIONARY)) {
    const assemblyOn = monthsAgo(3, policy.probationaryMonths + 1);
    const admittedOn = addDays(assemblyOn, rng.int(10, 60));
    const targetOn = addMonths(assemblyOn, -rng.int(1, 3));
    const activistOn = addMonths(targetOn, -policy.activistMinMonths);
    add(
      b.orgUnitId,
      'probationary',
      {
        appliedOn: addMonths(activistOn, -rng.int(1, 6)),
        activistOn,
        targetOn,
        admittedOn,
        probationEndsOn: addMonths(assemblyOn, policy.probationaryMonths),
      },
      [1985, 2003],
    );
  }
  for (const b of rng.sample(villageBranches, DISQUALIFIED)) {
    add(b.orgUnitId, 'disqualified', { admittedOn: monthsAgo(14, 40) }, [1975, 2000]);
  }
  return { asOf, organizations, people };
}

/**
 * The register as events: each organization's unit (a branch under its village or
 * township) with its register entry, then each organization's people in one stream.
 * Units of the county must already be in the log.
 */
export function demoMembershipEvents(
  m: DemoMembership,
  effectiveFrom = DEFAULT_DEMO_EFFECTIVE_FROM,
): Array<{ streamId: string; event: DomainEvent }> {
  const out: Array<{ streamId: string; event: DomainEvent }> = [];
  for (const o of m.organizations) {
    const streamId = `orgunit/${o.orgUnitId}`;
    out.push({
      streamId,
      event: {
        type: 'OrgUnitEstablished',
        data: { orgUnitId: o.orgUnitId, name: o.name, kind: 'branch', parentId: o.parentId, effectiveFrom },
      },
    });
    out.push({
      streamId,
      event: {
        type: 'PartyOrganizationRegistered',
        data: { orgUnitId: o.orgUnitId, name: o.name, category: o.category, villageId: o.villageId, townshipId: o.townshipId },
      },
    });
  }
  for (const data of m.people) out.push({ streamId: `membership/${data.branchId}`, event: { type: 'MembershipRecorded', data } });
  return out;
}

export interface DemoCase {
  personId: string;
  personName: string;
  branchId: string;
  villageId: string | null;
  townshipId: string;
  state: DevelopmentState;
}

/**
 * Development cases for the demo, a few per township at every stage, so that inboxes
 * have open steps today: a talk, an activist designation or review, a development
 * target at the first gate or at the branch assembly, a target waiting out a failed
 * vote, a probationary member due for the oath or for conversion.
 */
export function demoDevelopmentCases(m: DemoMembership, policy: MemberDevelopmentPolicy, perTownship = 2): DemoCase[] {
  const orgs = new Map(m.organizations.map((o) => [o.orgUnitId, o]));
  const townshipIds = [...new Set(m.organizations.filter((o) => o.category === 'village-branch').map((o) => o.townshipId))].sort();
  const plans: Array<(e: MembershipRecorded['data']) => DevelopmentState | undefined> = [
    // A new application: the talk is open.
    (e) => (e.status === 'applicant' ? stateFromRegister(e, m.asOf, policy) : undefined),
    // An activist with a review due (the latest one past).
    (e) => {
      const s = e.status === 'activist' ? stateFromRegister(e, m.asOf, policy) : undefined;
      return s && compareDates(addMonths(s.activistOn!, policy.activistReviewEveryMonths), m.asOf) <= 0 ? s : undefined;
    },
    // A development target at the first gate.
    (e) => (e.status === 'development-target' ? stateFromRegister(e, m.asOf, policy) : undefined),
    // A probationary member past the end of the probation: conversion is due.
    (e) => {
      const s = e.status === 'probationary' ? stateFromRegister(e, m.asOf, policy) : undefined;
      return s && compareDates(s.probationEndsOn!, m.asOf) <= 0 ? { ...s, oathOn: s.admittedOn } : undefined;
    },
    // An applicant already talked to: the activist designation is open.
    (e) => {
      const s = e.status === 'applicant' ? stateFromRegister(e, m.asOf, policy) : undefined;
      return s ? { ...s, talkedOn: addDays(s.appliedOn, 10) } : undefined;
    },
    // A development target at the branch assembly (the earlier gates passed before the system).
    (e) => {
      const s = e.status === 'development-target' ? stateFromRegister(e, m.asOf, policy) : undefined;
      return s ? { ...s, nextGate: GATES.indexOf('members-vote') } : undefined;
    },
    // A probationary member admitted recently: the oath is open, the conversion months away.
    (e) => {
      const s = e.status === 'probationary' ? stateFromRegister(e, m.asOf, policy) : undefined;
      return s && compareDates(s.probationEndsOn!, m.asOf) > 0 ? s : undefined;
    },
    // An activist mid-observation: the case waits for the next review.
    (e) => {
      const s = e.status === 'activist' ? stateFromRegister(e, m.asOf, policy) : undefined;
      return s && compareDates(addMonths(s.activistOn!, policy.activistReviewEveryMonths), m.asOf) > 0 ? s : undefined;
    },
  ];
  const out: DemoCase[] = [];
  const taken = new Set<string>();
  let next = 0;
  for (const townshipId of townshipIds) {
    const here = m.people.filter(
      (e) => orgs.get(e.branchId)?.townshipId === townshipId && orgs.get(e.branchId)?.category === 'village-branch',
    );
    for (let k = 0; k < perTownship; k++) {
      const plan = plans[next++ % plans.length]!;
      for (const e of here) {
        if (taken.has(e.personId)) continue;
        const state = plan(e);
        if (!state) continue;
        const org = orgs.get(e.branchId)!;
        taken.add(e.personId);
        out.push({ personId: e.personId, personName: e.name, branchId: e.branchId, villageId: org.villageId, townshipId, state });
        break;
      }
    }
  }
  return out;
}

// ── Helpers ─────────────────────────────────────────────────────────────────

/** Splits total into n parts differing by at most one, the larger first. */
function apportion(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => base + (i < total - base * n ? 1 : 0));
}

function personName(rng: Rng, gender: 'male' | 'female'): string {
  const family = surname(rng);
  if (rng.chance(0.2)) return family + rng.pick(GIVEN_SINGLE[gender]);
  const first = rng.pick(GIVEN_FIRST[gender]);
  let second = rng.pick(GIVEN_SECOND[gender]);
  while (second === first) second = rng.pick(GIVEN_SECOND[gender]);
  return family + first + second;
}
