/**
 * The registry's changes (domain/registryDecider.ts), given/when/then: each change's
 * events, and each refusal with nothing recorded.
 */
import { describe, expect, it } from 'vitest';
import { decideRegistryChange, RegistryRefusal, type RegistryPersonState, type RegistryState } from '../../domain/registryDecider';
import type { RegistryOrgUnit } from '../../domain/roster/registry';
import { decider } from '../support/decider';

const unit = (orgUnitId: string, name: string, dissolved: RegistryOrgUnit['dissolved'] = null): RegistryOrgUnit => ({
  orgUnitId,
  name,
  kind: 'township',
  parentId: 'county',
  effectiveFrom: '2020-01-01',
  dissolved,
});
const orgUnits = new Map(
  [unit('ts-01', '城关镇'), unit('ts-02', '东关镇'), unit('ts-09', '西河乡', { effectiveTo: '2021-06-30', mergedInto: 'ts-01' })].map(
    (u) => [u.orgUnitId, u],
  ),
);
const person: RegistryPersonState = {
  personId: 'p-0001',
  name: '王芳',
  gender: 'female',
  birthYear: 1985,
  orgUnitId: 'ts-01',
  details: {},
  rank: '科员',
  currentAssignmentId: 'a-0001',
  departed: null,
};
const given = (p: RegistryPersonState | null = person): RegistryState => ({ person: p, orgUnits });
const on = '2026-12-07';

describe('a correction', () => {
  it('given a person, when two fields are corrected and one is restated, then only the two that differ are recorded', () => {
    decider(decideRegistryChange)
      .given(given())
      .when({ kind: 'correct', personId: 'p-0001', fields: { name: '王芳芳', birthYear: 1986, rank: '科员' }, on })
      .then([{ type: 'PersonCorrected', data: { personId: 'p-0001', fields: { name: '王芳芳', birthYear: 1986 }, correctedOn: on } }]);
  });

  it('given a person, when the correction restates what is registered, then it is refused as changing nothing', () => {
    decider(decideRegistryChange)
      .given(given())
      .when({ kind: 'correct', personId: 'p-0001', fields: { name: '王芳', gender: 'female' }, on })
      .thenThrows(/更正与登记的内容相同.*changes nothing/);
  });

  it('given a retired person, when the record is corrected, then the correction is recorded (the record was wrong, not them)', () => {
    decider(decideRegistryChange)
      .given(given({ ...person, departed: { reason: 'retired', on: '2025-01-01' } }))
      .when({ kind: 'correct', personId: 'p-0001', fields: { gender: 'male' }, on })
      .then([{ type: 'PersonCorrected', data: { personId: 'p-0001', fields: { gender: 'male' }, correctedOn: on } }]);
  });

  it('given no such person, when a correction arrives, then it is refused with the code unknown-person', () => {
    let caught: unknown;
    try {
      decideRegistryChange({ kind: 'correct', personId: 'p-0404', fields: { name: '李' }, on }, given(null));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RegistryRefusal);
    expect((caught as RegistryRefusal).code).toBe('unknown-person');
  });
});

describe('a transfer', () => {
  it('given a person in 城关镇, when transferred to 东关镇, then the move from one to the other is recorded', () => {
    decider(decideRegistryChange)
      .given(given())
      .when({ kind: 'transfer', personId: 'p-0001', toOrgUnitId: 'ts-02', on })
      .then([{ type: 'PersonTransferred', data: { personId: 'p-0001', fromOrgUnitId: 'ts-01', toOrgUnitId: 'ts-02', effectiveOn: on } }]);
  });

  it('given a dissolved unit, when a person is transferred to it, then it is refused naming the day it was dissolved', () => {
    decider(decideRegistryChange)
      .given(given())
      .when({ kind: 'transfer', personId: 'p-0001', toOrgUnitId: 'ts-09', on })
      .thenThrows(/西河乡已于 2021-06-30 撤并.*dissolved on 2021-06-30/);
  });

  it('is refused to a unit the registry does not have, to the unit the person is in, and for a retired person', () => {
    const t = decider(decideRegistryChange);
    t.given(given())
      .when({ kind: 'transfer', personId: 'p-0001', toOrgUnitId: 'ts-77', on })
      .thenThrows(/no unit ts-77/);
    t.given(given())
      .when({ kind: 'transfer', personId: 'p-0001', toOrgUnitId: 'ts-01', on })
      .thenThrows(/already works in ts-01/);
    t.given(given({ ...person, departed: { reason: 'retired', on: '2025-01-01' } }))
      .when({ kind: 'transfer', personId: 'p-0001', toOrgUnitId: 'ts-02', on })
      .thenThrows(/已于 2025-01-01 退休.*retired on 2025-01-01/);
  });
});

describe('leaving the roster', () => {
  it('given a person in a post, when they retire, then the post ends and the retirement is recorded', () => {
    decider(decideRegistryChange)
      .given(given())
      .when({ kind: 'retire', personId: 'p-0001', on })
      .then([
        { type: 'PostEnded', data: { assignmentId: 'a-0001', personId: 'p-0001', endedOn: on, reason: 'other' } },
        { type: 'PersonRetired', data: { personId: 'p-0001', retiredOn: on } },
      ]);
  });

  it('given a retired person, when they retire again, then it is refused naming the first retirement', () => {
    decider(decideRegistryChange)
      .given(given({ ...person, currentAssignmentId: null, departed: { reason: 'retired', on: '2025-01-01' } }))
      .when({ kind: 'retire', personId: 'p-0001', on })
      .thenThrows(/已于 2025-01-01 退休.*retired on 2025-01-01/);
  });

  it('given a retired person without a post, when their death is recorded, then only the death is recorded', () => {
    decider(decideRegistryChange)
      .given(given({ ...person, currentAssignmentId: null, departed: { reason: 'retired', on: '2025-01-01' } }))
      .when({ kind: 'record-death', personId: 'p-0001', on })
      .then([{ type: 'PersonDied', data: { personId: 'p-0001', diedOn: on } }]);
  });

  it('given a person whose death is recorded, when they are retired or their death recorded again, then both are refused', () => {
    const dead = given({ ...person, currentAssignmentId: null, departed: { reason: 'died', on: '2025-05-01' } });
    decider(decideRegistryChange)
      .given(dead)
      .when({ kind: 'retire', personId: 'p-0001', on })
      .thenThrows(/died on 2025-05-01/);
    decider(decideRegistryChange)
      .given(dead)
      .when({ kind: 'record-death', personId: 'p-0001', on })
      .thenThrows(/recorded on 2025-05-01/);
  });
});

describe('a unit renamed', () => {
  it('given 东关镇, when renamed 东关街道, then the new name and the previous one are recorded', () => {
    decider(decideRegistryChange)
      .given(given(null))
      .when({ kind: 'rename-unit', orgUnitId: 'ts-02', name: ' 东关街道 ', on })
      .then([{ type: 'OrgUnitRenamed', data: { orgUnitId: 'ts-02', name: '东关街道', previousName: '东关镇', effectiveOn: on } }]);
  });

  it('is refused for the same name, an empty name, and a dissolved unit', () => {
    const t = decider(decideRegistryChange).given(given(null));
    t.when({ kind: 'rename-unit', orgUnitId: 'ts-02', name: '东关镇', on }).thenThrows(/already named 东关镇/);
    t.when({ kind: 'rename-unit', orgUnitId: 'ts-02', name: '  ', on }).thenThrows(/the new name is empty/);
    t.when({ kind: 'rename-unit', orgUnitId: 'ts-09', name: '西河镇', on }).thenThrows(/dissolved/);
  });
});
