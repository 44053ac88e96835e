/**
 * The registry's changes that add to it (domain/registryDecider.ts), given/when/then:
 * registering a person, appointing to and removing from a post, setting up a unit and
 * dissolving or merging one; each refusal records nothing. Corrections, transfers,
 * departures and renames are in registryDecider.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  decideRegistryChange,
  RegistryRefusal,
  type RegistryChange,
  type RegistryPersonState,
  type RegistryState,
} from '../../domain/registryDecider';
import type { RegistryOrgUnit } from '../../domain/roster/registry';
import { decider } from '../support/decider';

const unit = (
  orgUnitId: string,
  name: string,
  kind: RegistryOrgUnit['kind'] = 'township',
  parentId: string | null = 'county',
  dissolved: RegistryOrgUnit['dissolved'] = null,
): RegistryOrgUnit => ({ orgUnitId, name, kind, parentId, effectiveFrom: '2020-01-01', dissolved });
const orgUnits = new Map(
  [
    unit('county', '某县', 'county', null),
    unit('ts-01', '城关镇'),
    unit('ts-02', '东关镇'),
    unit('ts-09', '西河乡', 'township', 'county', { effectiveTo: '2021-06-30', mergedInto: 'ts-01' }),
    unit('ts-01-v01', '城关村', 'village', 'ts-01'),
  ].map((u) => [u.orgUnitId, u]),
);
const person: RegistryPersonState = {
  personId: 'p-0001',
  name: '王芳',
  gender: 'female',
  birthYear: 1985,
  orgUnitId: 'ts-01',
  rank: '科员',
  details: {},
  currentAssignmentId: 'a-2',
  departed: null,
  posts: [
    { assignmentId: 'a-1', title: '宣传委员', startedOn: '2018-03-01', endedOn: '2022-02-28' },
    { assignmentId: 'a-2', title: '组织委员', startedOn: '2022-03-01', endedOn: null },
  ],
};
const given = (p: RegistryPersonState | null = person): RegistryState => ({ person: p, orgUnits });
const on = '2026-12-07';
const codeOf = (change: RegistryChange, state: RegistryState): string => {
  try {
    decideRegistryChange(change, state);
  } catch (err) {
    expect(err).toBeInstanceOf(RegistryRefusal);
    return (err as RegistryRefusal).code;
  }
  throw new Error('not refused');
};

describe('registering a person', () => {
  const newPerson = {
    personId: 'p-new',
    name: '李强',
    gender: 'male' as const,
    birthYear: 1990,
    orgUnitId: 'ts-02',
    rank: '科员',
    details: { ethnicity: '汉族', birthMonth: '1990-05' },
  };

  it('given no such person, when registered with a post, then PersonRegistered with the details and a formal PostAssigned are recorded', () => {
    decider(decideRegistryChange)
      .given(given(null))
      .when({
        kind: 'register',
        person: newPerson,
        post: { assignmentId: 'p-new/post/1', title: ' 组织委员 ', startedOn: '2024-03-01' },
        on,
      })
      .then([
        {
          type: 'PersonRegistered',
          data: {
            personId: 'p-new',
            name: '李强',
            gender: 'male',
            birthYear: 1990,
            orgUnitId: 'ts-02',
            rank: '科员',
            details: newPerson.details,
          },
        },
        {
          type: 'PostAssigned',
          data: {
            assignmentId: 'p-new/post/1',
            personId: 'p-new',
            orgUnitId: 'ts-02',
            title: '组织委员',
            rank: '科员',
            startedOn: '2024-03-01',
            onTrial: false,
          },
        },
      ]);
  });

  it('given no details, when registered without a post, then only PersonRegistered is recorded, without a details field', () => {
    decider(decideRegistryChange)
      .given(given(null))
      .when({ kind: 'register', person: { ...newPerson, details: {} }, post: null, on })
      .then([
        {
          type: 'PersonRegistered',
          data: { personId: 'p-new', name: '李强', gender: 'male', birthYear: 1990, orgUnitId: 'ts-02', rank: '科员' },
        },
      ]);
  });

  it('is refused for a person already registered, an unknown unit, a dissolved unit and an empty title', () => {
    const change = (over: Partial<typeof newPerson>, title = '委员'): RegistryChange => ({
      kind: 'register',
      person: { ...newPerson, ...over },
      post: { assignmentId: 'x', title, startedOn: '2024-01-01' },
      on,
    });
    expect(codeOf(change({}), given())).toBe('already-registered');
    expect(codeOf(change({ orgUnitId: 'ts-77' }), given(null))).toBe('unknown-unit');
    expect(codeOf(change({ orgUnitId: 'ts-09' }), given(null))).toBe('dissolved-unit');
    expect(codeOf(change({}, '  '), given(null))).toBe('empty-title');
  });
});

describe('appointing to a post (任职)', () => {
  const appoint = (over: Partial<Extract<RegistryChange, { kind: 'appoint' }>> = {}): RegistryChange => ({
    kind: 'appoint',
    personId: 'p-0001',
    assignmentId: 'a-3',
    orgUnitId: 'ts-01',
    title: '党委副书记',
    rank: '副科级',
    startedOn: '2026-12-01',
    ...over,
  });

  it('given a person in a post, when appointed to another, then the old post ends on the new one’s first day (replaced) and the new one is assigned', () => {
    decider(decideRegistryChange)
      .given(given())
      .when(appoint())
      .then([
        { type: 'PostEnded', data: { assignmentId: 'a-2', personId: 'p-0001', endedOn: '2026-12-01', reason: 'replaced' } },
        {
          type: 'PostAssigned',
          data: {
            assignmentId: 'a-3',
            personId: 'p-0001',
            orgUnitId: 'ts-01',
            title: '党委副书记',
            rank: '副科级',
            startedOn: '2026-12-01',
            onTrial: false,
          },
        },
      ]);
  });

  it('given a person without a post, when appointed, then only the new post is recorded', () => {
    const events = decideRegistryChange(appoint(), given({ ...person, currentAssignmentId: null }));
    expect(events.map((e) => e.type)).toEqual(['PostAssigned']);
  });

  it('is refused for a departed person, a dissolved unit, an unknown person, an empty title and a start before the current post began', () => {
    expect(codeOf(appoint(), given({ ...person, departed: { reason: 'retired', on: '2025-01-01' } }))).toBe('departed');
    expect(codeOf(appoint({ orgUnitId: 'ts-09' }), given())).toBe('dissolved-unit');
    expect(codeOf(appoint({ personId: 'p-0404' }), given(null))).toBe('unknown-person');
    expect(codeOf(appoint({ title: '' }), given())).toBe('empty-title');
    decider(decideRegistryChange)
      .given(given())
      .when(appoint({ startedOn: '2021-01-01' }))
      .thenThrows(/早于现任职务.*before the current post/);
  });
});

describe('removing from a post (免职)', () => {
  const end = (over: Partial<Extract<RegistryChange, { kind: 'end-post' }>> = {}): RegistryChange => ({
    kind: 'end-post',
    personId: 'p-0001',
    assignmentId: 'a-2',
    reason: 'ended-early',
    on,
    ...over,
  });

  it('given a current post, when removed, then PostEnded is recorded with the reason given', () => {
    decider(decideRegistryChange)
      .given(given())
      .when(end())
      .then([{ type: 'PostEnded', data: { assignmentId: 'a-2', personId: 'p-0001', endedOn: on, reason: 'ended-early' } }]);
  });

  it('given a post that ended, when removed again, then it is refused naming the day it ended', () => {
    decider(decideRegistryChange)
      .given(given())
      .when(end({ assignmentId: 'a-1' }))
      .thenThrows(/已于 2022-02-28 免去.*ended on 2022-02-28/);
  });

  it('is refused for a post the person never held and for a day before the post began', () => {
    expect(codeOf(end({ assignmentId: 'a-77' }), given())).toBe('unknown-post');
    expect(codeOf(end({ on: '2022-02-01' }), given())).toBe('before-start');
  });
});

describe('setting up a unit (设立)', () => {
  const establish = (over: Partial<Extract<RegistryChange, { kind: 'establish-unit' }>> = {}): RegistryChange => ({
    kind: 'establish-unit',
    orgUnitId: 'ts-01-v02',
    name: ' 南街村 ',
    unitKind: 'village',
    parentId: 'ts-01',
    on,
    ...over,
  });

  it('given a township, when a village is set up under it, then OrgUnitEstablished is recorded with the trimmed name', () => {
    decider(decideRegistryChange)
      .given(given(null))
      .when(establish())
      .then([
        {
          type: 'OrgUnitEstablished',
          data: { orgUnitId: 'ts-01-v02', name: '南街村', kind: 'village', parentId: 'ts-01', effectiveFrom: on },
        },
      ]);
  });

  it('sets up a branch under a township or a village, not under the county', () => {
    expect(decideRegistryChange(establish({ unitKind: 'branch', parentId: 'ts-01' }), given(null))).toHaveLength(1);
    expect(decideRegistryChange(establish({ unitKind: 'branch', parentId: 'ts-01-v01' }), given(null))).toHaveLength(1);
    expect(codeOf(establish({ unitKind: 'branch', parentId: 'county' }), given(null))).toBe('bad-parent');
  });

  it('is refused for a code in use, an empty name, a parent at the wrong level, a county with a parent, and a dissolved or unknown parent', () => {
    expect(codeOf(establish({ orgUnitId: 'ts-01-v01' }), given(null))).toBe('unit-exists');
    expect(codeOf(establish({ name: ' ' }), given(null))).toBe('empty-name');
    decider(decideRegistryChange)
      .given(given(null))
      .when(establish({ parentId: 'county' }))
      .thenThrows(/村的上级不能是县.*a village cannot be under a county/);
    expect(codeOf(establish({ unitKind: 'county', orgUnitId: 'c2', parentId: 'county' }), given(null))).toBe('bad-parent');
    expect(codeOf(establish({ unitKind: 'township', orgUnitId: 'ts-03', parentId: null }), given(null))).toBe('bad-parent');
    expect(codeOf(establish({ parentId: 'ts-09' }), given(null))).toBe('dissolved-unit');
    expect(codeOf(establish({ parentId: 'ts-77' }), given(null))).toBe('unknown-unit');
  });
});

describe('dissolving or merging a unit (撤销, 合并)', () => {
  const dissolve = (orgUnitId: string, mergedInto: string | null, day = on): RegistryChange => ({
    kind: 'dissolve-unit',
    orgUnitId,
    mergedInto,
    on: day,
  });

  it('given two townships, when one is merged into the other, then OrgUnitDissolved names the unit it went into', () => {
    decider(decideRegistryChange)
      .given(given(null))
      .when(dissolve('ts-02', 'ts-01'))
      .then([{ type: 'OrgUnitDissolved', data: { orgUnitId: 'ts-02', effectiveTo: on, mergedInto: 'ts-01' } }]);
  });

  it('given a village, when dissolved without a merger, then OrgUnitDissolved has no target', () => {
    decider(decideRegistryChange)
      .given(given(null))
      .when(dissolve('ts-01-v01', null))
      .then([{ type: 'OrgUnitDissolved', data: { orgUnitId: 'ts-01-v01', effectiveTo: on, mergedInto: null } }]);
  });

  it('is refused for a merger into itself, an unknown or dissolved target, another kind of unit, the county, a dissolved unit and a day before it was set up', () => {
    decider(decideRegistryChange)
      .given(given(null))
      .when(dissolve('ts-02', 'ts-02'))
      .thenThrows(/不能并入自身.*merged into itself/);
    expect(codeOf(dissolve('ts-02', 'ts-77'), given(null))).toBe('unknown-unit');
    expect(codeOf(dissolve('ts-02', 'ts-09'), given(null))).toBe('dissolved-unit');
    expect(codeOf(dissolve('ts-02', 'ts-01-v01'), given(null))).toBe('bad-merge');
    expect(codeOf(dissolve('county', null), given(null))).toBe('county-unit');
    expect(codeOf(dissolve('ts-09', null), given(null))).toBe('dissolved-unit');
    expect(codeOf(dissolve('ts-02', null, '2019-12-31'), given(null))).toBe('before-start');
  });

  it('given a township with a village still under it, when dissolved, then it is refused naming the village', () => {
    decider(decideRegistryChange)
      .given(given(null))
      .when(dissolve('ts-01', 'ts-02'))
      .thenThrows(/城关镇下还有 1 个未撤并的下级单位（城关村）.*1 unit\(s\) under ts-01 still serve \(ts-01-v01\)/);
  });

  it('given people serving in a village, when it is dissolved, then it is refused until they are transferred', () => {
    const serving = (n: number): RegistryState => ({ ...given(null), servingPeople: new Map([['ts-01-v01', n]]) });
    decider(decideRegistryChange)
      .given(serving(2))
      .when(dissolve('ts-01-v01', null))
      .thenThrows(/城关村还有 2 名在职人员，请先调动.*2 people still serve in ts-01-v01: transfer them first/);
    decider(decideRegistryChange)
      .given(serving(0))
      .when(dissolve('ts-01-v01', null))
      .then([{ type: 'OrgUnitDissolved', data: { orgUnitId: 'ts-01-v01', effectiveTo: on, mergedInto: null } }]);
  });
});
