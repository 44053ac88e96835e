/**
 * The registry's changes as decisions: given what the registry holds about a person or a
 * unit and a change county staff ask for, the events to record (domain/events/registry.ts)
 * or a refusal that says why, in Chinese and English. Pure: the caller reads the state,
 * appends the events with the actor in their metadata, and passes the day (`on`).
 *
 * Rules:
 * - A correction records only the fields that differ (details too, null clearing one);
 *   one that changes nothing is refused.
 *   A departed person's record may still be corrected (it was wrong, not them).
 * - A transfer needs a serving person and a unit that exists, is not dissolved and is not
 *   the one the person is in.
 * - A person retires once and dies once; a retired person may die, a dead one may not
 *   retire. Leaving ends the current post (PostEnded, reason `other`) first.
 * - A rename needs a unit that exists and is not dissolved, and a new, non-empty name.
 */
import { PERSON_DETAIL_KEYS, type DomainEvent, type OrgUnitRenamed, type PersonDetails, type PersonFields, type PostEnded } from './events';
import type { RegistryOrgUnit } from './roster/registry';

export interface RegistryPersonState {
  personId: string;
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  orgUnitId: string;
  rank: string;
  /** Plain: the caller opens the ID and phone numbers before deciding. */
  details: PersonDetails;
  currentAssignmentId: string | null;
  departed: { reason: 'retired' | 'died'; on: string } | null;
}

export interface RegistryState {
  /** The person the change is about; null when the registry has no such person. */
  person: RegistryPersonState | null;
  orgUnits: ReadonlyMap<string, RegistryOrgUnit>;
}

export type RegistryChange =
  | { kind: 'correct'; personId: string; fields: PersonFields; on: string }
  | { kind: 'transfer'; personId: string; toOrgUnitId: string; on: string }
  | { kind: 'retire'; personId: string; on: string }
  | { kind: 'record-death'; personId: string; on: string }
  | { kind: 'rename-unit'; orgUnitId: string; name: string; on: string };

export type RegistryRefusalCode =
  | 'unknown-person'
  | 'unknown-unit'
  | 'dissolved-unit'
  | 'same-unit'
  | 'departed'
  | 'already-retired'
  | 'already-died'
  | 'unchanged'
  | 'empty-name';

/** A change the registry refuses; nothing is recorded. */
export class RegistryRefusal extends Error {
  override readonly name = 'RegistryRefusal';
  constructor(
    readonly code: RegistryRefusalCode,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

export function decideRegistryChange(change: RegistryChange, state: RegistryState): DomainEvent[] {
  if (change.kind === 'rename-unit') return [rename(change, state)];
  const p = state.person;
  if (!p || p.personId !== change.personId) {
    throw new RegistryRefusal('unknown-person', `系统中没有人员 ${change.personId}`, `the registry has no person ${change.personId}`);
  }
  switch (change.kind) {
    case 'correct': {
      const fields: PersonFields = {};
      const f = change.fields;
      if (f.name !== undefined && f.name !== p.name) fields.name = f.name;
      if (f.gender !== undefined && f.gender !== p.gender) fields.gender = f.gender;
      if (f.birthYear !== undefined && f.birthYear !== p.birthYear) fields.birthYear = f.birthYear;
      if (f.rank !== undefined && f.rank !== p.rank) fields.rank = f.rank;
      for (const key of PERSON_DETAIL_KEYS) {
        const v = f[key];
        // null clears a detail; clearing one the registry does not hold changes nothing.
        if (v !== undefined && v !== (p.details[key] ?? null)) fields[key] = v;
      }
      if (Object.keys(fields).length === 0) {
        throw new RegistryRefusal('unchanged', `更正与登记的内容相同（${p.personId}）`, `the correction changes nothing for ${p.personId}`);
      }
      return [{ type: 'PersonCorrected', data: { personId: p.personId, fields, correctedOn: change.on } }];
    }
    case 'transfer': {
      refuseDeparted(p);
      const to = servingUnit(state, change.toOrgUnitId);
      if (to.orgUnitId === p.orgUnitId) {
        throw new RegistryRefusal('same-unit', `${p.name}已在${to.name}`, `${p.personId} already works in ${to.orgUnitId}`);
      }
      return [
        {
          type: 'PersonTransferred',
          data: { personId: p.personId, fromOrgUnitId: p.orgUnitId, toOrgUnitId: to.orgUnitId, effectiveOn: change.on },
        },
      ];
    }
    case 'retire': {
      if (p.departed?.reason === 'retired') {
        throw new RegistryRefusal('already-retired', `${p.name}已于 ${p.departed.on} 退休`, `${p.personId} retired on ${p.departed.on}`);
      }
      refuseDeparted(p);
      return [...endPost(p, change.on), { type: 'PersonRetired', data: { personId: p.personId, retiredOn: change.on } }];
    }
    case 'record-death': {
      if (p.departed?.reason === 'died') {
        throw new RegistryRefusal(
          'already-died',
          `${p.name}的去世已于 ${p.departed.on} 登记`,
          `${p.personId}'s death was recorded on ${p.departed.on}`,
        );
      }
      return [...endPost(p, change.on), { type: 'PersonDied', data: { personId: p.personId, diedOn: change.on } }];
    }
  }
}

function rename(change: Extract<RegistryChange, { kind: 'rename-unit' }>, state: RegistryState): OrgUnitRenamed {
  const unit = servingUnit(state, change.orgUnitId);
  const name = change.name.trim();
  if (name === '') throw new RegistryRefusal('empty-name', '单位名称不能为空', 'the new name is empty');
  if (name === unit.name) throw new RegistryRefusal('unchanged', `单位已叫${name}`, `${unit.orgUnitId} is already named ${name}`);
  return { type: 'OrgUnitRenamed', data: { orgUnitId: unit.orgUnitId, name, previousName: unit.name, effectiveOn: change.on } };
}

function servingUnit(state: RegistryState, orgUnitId: string): RegistryOrgUnit {
  const unit = state.orgUnits.get(orgUnitId);
  if (!unit) throw new RegistryRefusal('unknown-unit', `系统中没有单位 ${orgUnitId}`, `the registry has no unit ${orgUnitId}`);
  if (unit.dissolved) {
    throw new RegistryRefusal(
      'dissolved-unit',
      `${unit.name}已于 ${unit.dissolved.effectiveTo} 撤并`,
      `${orgUnitId} was dissolved on ${unit.dissolved.effectiveTo}`,
    );
  }
  return unit;
}

function refuseDeparted(p: RegistryPersonState): void {
  if (!p.departed) return;
  const zh = p.departed.reason === 'retired' ? '退休' : '去世';
  throw new RegistryRefusal('departed', `${p.name}已于 ${p.departed.on} ${zh}`, `${p.personId} ${p.departed.reason} on ${p.departed.on}`);
}

function endPost(p: RegistryPersonState, on: string): PostEnded[] {
  if (p.currentAssignmentId === null) return [];
  return [{ type: 'PostEnded', data: { assignmentId: p.currentAssignmentId, personId: p.personId, endedOn: on, reason: 'other' } }];
}
