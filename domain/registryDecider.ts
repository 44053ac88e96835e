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
 * - Registering needs a person id the registry does not hold and a serving unit; a post
 *   given with it is assigned (formal, not on trial) in the same append.
 * - An appointment (任职) needs a serving person and unit and a title; a post the person
 *   holds ends (PostEnded, `replaced`) on the new one's first day, which may not be earlier
 *   than the day it began. Trial posts begin in a selection case, not here.
 * - A removal (免职) ends a post the person holds now, on a day not before it began.
 * - A new unit needs a code no unit has, a name, and a serving parent one level up
 *   (county > township > village; a branch under a township or a village); only the
 *   county has none.
 * - Dissolving (撤销) or merging (合并, 合乡并村) needs a serving unit other than the
 *   county; a merger's target is another serving unit of the same kind. A unit that still
 *   has serving units under it, or people serving in it, is not dissolved: they would be
 *   left in a unit that no longer exists, so they are moved first (transfers, mergers).
 */
import {
  PERSON_DETAIL_KEYS,
  type DomainEvent,
  type OrgUnitKind,
  type OrgUnitRenamed,
  type PersonDetails,
  type PersonFields,
  type PostEnded,
} from './events';
import type { RegistryOrgUnit } from './roster/registry';
import { UNIT_KIND_LABEL, UNIT_LEVEL } from './roster/closedSets';

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
  /** Every post the person holds or held; needed to end one (absent: only the current one is known). */
  posts?: readonly RegistryPostState[];
}

export interface RegistryPostState {
  assignmentId: string;
  title: string;
  startedOn: string;
  endedOn: string | null;
}

/** A person as registering records them (PersonRegistered's data). */
export interface NewPerson {
  personId: string;
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  orgUnitId: string;
  rank: string;
  details: PersonDetails;
}

export type PostEndReason = 'ended-early' | 'replaced' | 'other';

export interface RegistryState {
  /** The person the change is about; null when the registry has no such person. */
  person: RegistryPersonState | null;
  orgUnits: ReadonlyMap<string, RegistryOrgUnit>;
  /** How many people serve (have not retired or died) in each unit; read for a dissolution. */
  servingPeople?: ReadonlyMap<string, number>;
}

export type RegistryChange =
  | { kind: 'correct'; personId: string; fields: PersonFields; on: string }
  | { kind: 'transfer'; personId: string; toOrgUnitId: string; on: string }
  | { kind: 'retire'; personId: string; on: string }
  | { kind: 'record-death'; personId: string; on: string }
  | { kind: 'rename-unit'; orgUnitId: string; name: string; on: string }
  | { kind: 'register'; person: NewPerson; post: { assignmentId: string; title: string; startedOn: string } | null; on: string }
  | { kind: 'appoint'; personId: string; assignmentId: string; orgUnitId: string; title: string; rank: string; startedOn: string }
  | { kind: 'end-post'; personId: string; assignmentId: string; reason: PostEndReason; on: string }
  | { kind: 'establish-unit'; orgUnitId: string; name: string; unitKind: OrgUnitKind; parentId: string | null; on: string }
  | { kind: 'dissolve-unit'; orgUnitId: string; mergedInto: string | null; on: string };

export type RegistryRefusalCode =
  | 'unknown-person'
  | 'unknown-unit'
  | 'dissolved-unit'
  | 'same-unit'
  | 'departed'
  | 'already-retired'
  | 'already-died'
  | 'unchanged'
  | 'empty-name'
  | 'already-registered'
  | 'empty-title'
  | 'unknown-post'
  | 'post-ended'
  | 'before-start'
  | 'unit-exists'
  | 'bad-parent'
  | 'county-unit'
  | 'merged-into-itself'
  | 'bad-merge'
  | 'unit-not-empty';

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
  switch (change.kind) {
    case 'rename-unit':
      return [rename(change, state)];
    case 'establish-unit':
      return [establish(change, state)];
    case 'dissolve-unit':
      return [dissolve(change, state)];
    case 'register':
      return register(change, state);
  }
  const p = state.person;
  if (change.kind === 'end-post' && (!p || p.personId !== change.personId)) {
    throw new RegistryRefusal(
      'unknown-post',
      `系统中没有任职记录 ${change.assignmentId}`,
      `the registry has no post ${change.assignmentId}`,
    );
  }
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
    case 'appoint':
      return appoint(change, p, state);
    case 'end-post':
      return [endOne(change, p)];
  }
}

function register(change: Extract<RegistryChange, { kind: 'register' }>, state: RegistryState): DomainEvent[] {
  const n = change.person;
  if (state.person) {
    throw new RegistryRefusal(
      'already-registered',
      `人员 ${n.personId}（${state.person.name}）已在库`,
      `${n.personId} (${state.person.name}) is registered already`,
    );
  }
  const unit = servingUnit(state, n.orgUnitId);
  const details = Object.keys(n.details).length > 0 ? { details: n.details } : {};
  const events: DomainEvent[] = [
    {
      type: 'PersonRegistered',
      data: {
        personId: n.personId,
        name: n.name,
        gender: n.gender,
        birthYear: n.birthYear,
        orgUnitId: unit.orgUnitId,
        rank: n.rank,
        ...details,
      },
    },
  ];
  if (change.post) {
    const title = requireTitle(change.post.title);
    events.push({
      type: 'PostAssigned',
      data: {
        assignmentId: change.post.assignmentId,
        personId: n.personId,
        orgUnitId: unit.orgUnitId,
        title,
        rank: n.rank,
        startedOn: change.post.startedOn,
        onTrial: false,
      },
    });
  }
  return events;
}

function appoint(change: Extract<RegistryChange, { kind: 'appoint' }>, p: RegistryPersonState, state: RegistryState): DomainEvent[] {
  refuseDeparted(p);
  const unit = servingUnit(state, change.orgUnitId);
  const title = requireTitle(change.title);
  const events: DomainEvent[] = [];
  if (p.currentAssignmentId !== null) {
    const current = p.posts?.find((x) => x.assignmentId === p.currentAssignmentId);
    if (current && change.startedOn < current.startedOn) {
      throw new RegistryRefusal(
        'before-start',
        `新职务的任职时间 ${change.startedOn} 早于现任职务（${current.title}）的任职时间 ${current.startedOn}`,
        `the new post would begin on ${change.startedOn}, before the current post (${current.title}) began on ${current.startedOn}`,
      );
    }
    events.push({
      type: 'PostEnded',
      data: { assignmentId: p.currentAssignmentId, personId: p.personId, endedOn: change.startedOn, reason: 'replaced' },
    });
  }
  events.push({
    type: 'PostAssigned',
    data: {
      assignmentId: change.assignmentId,
      personId: p.personId,
      orgUnitId: unit.orgUnitId,
      title,
      rank: change.rank,
      startedOn: change.startedOn,
      onTrial: false,
    },
  });
  return events;
}

function endOne(change: Extract<RegistryChange, { kind: 'end-post' }>, p: RegistryPersonState): PostEnded {
  const post = p.posts?.find((x) => x.assignmentId === change.assignmentId);
  if (!post) {
    throw new RegistryRefusal(
      'unknown-post',
      `${p.name}没有任职记录 ${change.assignmentId}`,
      `${p.personId} holds no post ${change.assignmentId}`,
    );
  }
  if (post.endedOn !== null || change.assignmentId !== p.currentAssignmentId) {
    throw new RegistryRefusal(
      'post-ended',
      `${p.name}的职务“${post.title}”已于 ${post.endedOn ?? '此前'} 免去`,
      `${p.personId}'s post ${post.title} ended on ${post.endedOn ?? 'an earlier day'}`,
    );
  }
  if (change.on < post.startedOn) {
    throw new RegistryRefusal(
      'before-start',
      `免职时间 ${change.on} 早于任职时间 ${post.startedOn}`,
      `the post would end on ${change.on}, before it began on ${post.startedOn}`,
    );
  }
  return { type: 'PostEnded', data: { assignmentId: post.assignmentId, personId: p.personId, endedOn: change.on, reason: change.reason } };
}

function establish(change: Extract<RegistryChange, { kind: 'establish-unit' }>, state: RegistryState): DomainEvent {
  const existing = state.orgUnits.get(change.orgUnitId);
  if (existing) {
    throw new RegistryRefusal(
      'unit-exists',
      `单位编码 ${change.orgUnitId} 已被${existing.name}使用`,
      `the code ${change.orgUnitId} is ${existing.name}'s already`,
    );
  }
  const name = change.name.trim();
  if (name === '') throw new RegistryRefusal('empty-name', '单位名称不能为空', 'the name is empty');
  const kind = change.unitKind;
  if (kind === 'county') {
    if (change.parentId !== null) throw new RegistryRefusal('bad-parent', '县没有上级单位', 'the county has no parent unit');
  } else {
    if (change.parentId === null)
      throw new RegistryRefusal('bad-parent', `${UNIT_KIND_LABEL[kind]}须有上级单位`, `a ${kind} needs its parent unit`);
    const parent = servingUnit(state, change.parentId);
    const levelOk =
      kind === 'branch'
        ? UNIT_LEVEL[parent.kind] < UNIT_LEVEL[kind] && parent.kind !== 'county'
        : UNIT_LEVEL[parent.kind] === UNIT_LEVEL[kind] - 1;
    if (!levelOk) {
      throw new RegistryRefusal(
        'bad-parent',
        `${UNIT_KIND_LABEL[kind]}的上级不能是${UNIT_KIND_LABEL[parent.kind]}（${parent.name}）`,
        `a ${kind} cannot be under a ${parent.kind} (${parent.name})`,
      );
    }
  }
  return {
    type: 'OrgUnitEstablished',
    data: { orgUnitId: change.orgUnitId, name, kind, parentId: change.parentId, effectiveFrom: change.on },
  };
}

function dissolve(change: Extract<RegistryChange, { kind: 'dissolve-unit' }>, state: RegistryState): DomainEvent {
  const unit = servingUnit(state, change.orgUnitId);
  if (unit.kind === 'county') throw new RegistryRefusal('county-unit', '县不能撤销或合并', 'the county cannot be dissolved or merged');
  if (change.mergedInto !== null) {
    if (change.mergedInto === unit.orgUnitId) {
      throw new RegistryRefusal('merged-into-itself', `${unit.name}不能并入自身`, `${unit.orgUnitId} cannot be merged into itself`);
    }
    const into = servingUnit(state, change.mergedInto);
    if (into.kind !== unit.kind) {
      throw new RegistryRefusal(
        'bad-merge',
        `${UNIT_KIND_LABEL[unit.kind]}（${unit.name}）不能并入${UNIT_KIND_LABEL[into.kind]}（${into.name}）`,
        `a ${unit.kind} (${unit.orgUnitId}) cannot be merged into a ${into.kind} (${into.orgUnitId})`,
      );
    }
  }
  const under = [...state.orgUnits.values()].filter((u) => u.parentId === unit.orgUnitId && !u.dissolved);
  if (under.length > 0) {
    throw new RegistryRefusal(
      'unit-not-empty',
      `${unit.name}下还有 ${under.length} 个未撤并的下级单位（${under.map((u) => u.name).join('、')}），请先撤并或调整`,
      `${under.length} unit(s) under ${unit.orgUnitId} still serve (${under.map((u) => u.orgUnitId).join(', ')}): dissolve or merge them first`,
    );
  }
  const serving = state.servingPeople?.get(unit.orgUnitId) ?? 0;
  if (serving > 0) {
    throw new RegistryRefusal(
      'unit-not-empty',
      `${unit.name}还有 ${serving} 名在职人员，请先调动`,
      `${serving} people still serve in ${unit.orgUnitId}: transfer them first`,
    );
  }
  if (change.on < unit.effectiveFrom) {
    throw new RegistryRefusal(
      'before-start',
      `撤并时间 ${change.on} 早于设立时间 ${unit.effectiveFrom}`,
      `the unit would end on ${change.on}, before it was set up on ${unit.effectiveFrom}`,
    );
  }
  return { type: 'OrgUnitDissolved', data: { orgUnitId: unit.orgUnitId, effectiveTo: change.on, mergedInto: change.mergedInto } };
}

function requireTitle(title: string): string {
  const t = title.trim();
  if (t === '') throw new RegistryRefusal('empty-title', '职务名称不能为空', 'the post title is empty');
  return t;
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
