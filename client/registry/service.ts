/**
 * The registry's changes as county staff make them, from the web UI, the API and the CLI
 * alike: a request in the forms' terms (domain/registryForms.ts parses it with the
 * roster's checks), the state read from the read models (the person with their details
 * opened, their posts and departure; every unit), the decision (domain/registryDecider.ts),
 * the ID and phone numbers sealed, and one append to the person's or the unit's stream with
 * the actor in each event's metadata. The outcome is plain JSON (it crosses the control
 * channel), never a thrown refusal.
 *
 * Idempotency: a caller's key (the API's `Idempotency-Key`) names the append, and a key
 * seen before answers as a duplicate before anything is read or decided. Without one the
 * key is derived from the request and the stream's version it was decided on, which is
 * also the append's expected version: a retry after the first append reads the new
 * version, and its decision sees the change already made (refused, not written twice).
 */
import { createHash } from 'node:crypto';
import { appendToStream, StreamVersionConflictError } from '../../activities/eventStore';
import type { Actor } from '../../domain/actors';
import type { DomainEvent } from '../../domain/events';
import {
  decideRegistryChange,
  RegistryRefusal,
  type RegistryChange,
  type RegistryPersonState,
  type RegistryRefusalCode,
} from '../../domain/registryDecider';
import {
  parseAppointForm,
  parseCorrectionForm,
  parseDay,
  parsePostEndReason,
  parseRegisterForm,
  parseUnitCode,
  parseUnitForm,
  parseUnitName,
  type CorrectableKey,
  type FormParse,
  type FormProblem,
  type PersonForm,
} from '../../domain/registryForms';
import type { RegistryOrgUnit } from '../../domain/roster/registry';
import type { DB } from '../../schema/db';
import type { PersonalDataCipher } from '../crypto/personalData';
import { carriesPersonalData } from '../roster/importWrite';
import { DETAIL_SELECTION, detailsOfRow, noKey } from '../roster/personDetailsRow';

export type RegistryRequest =
  | { kind: 'register'; form: PersonForm }
  | { kind: 'correct'; personId: string; form: Partial<Record<CorrectableKey, string | null>> }
  | { kind: 'transfer'; personId: string; unit: string; on?: string }
  | { kind: 'retire'; personId: string; on?: string }
  | { kind: 'death'; personId: string; on?: string }
  | { kind: 'appoint'; personId: string; unit?: string; title?: string; titleSince?: string; rank?: string }
  | { kind: 'end-post'; assignmentId: string; reason?: string; on?: string }
  | { kind: 'unit-add'; form: { code?: string; name?: string; kind?: string; parent?: string; since?: string } }
  | { kind: 'unit-rename'; orgUnitId: string; name?: string }
  | { kind: 'unit-dissolve'; orgUnitId: string; mergedInto?: string | null; on?: string };

export type RegistryOutcome =
  | {
      ok: true;
      /** The person's or the unit's id (a new person's is made here). */
      subjectId: string;
      streamId: string;
      /** The types of the events appended; empty for a duplicate. */
      events: string[];
      /** The key was used before: nothing was written now. */
      duplicate: boolean;
    }
  | { ok: false; status: 'invalid'; problems: FormProblem[] }
  | { ok: false; status: 'refused'; code: RegistryRefusalCode | 'conflict'; zh: string; en: string };

export interface RegistryServiceDeps {
  db: DB;
  personalData?: PersonalDataCipher;
}

export interface RegistryCallOptions {
  /** `YYYY-MM-DD` in Asia/Shanghai: the default day of a change and the latest allowed. */
  today: string;
  /** The caller's key for this change (e.g. the API's Idempotency-Key header). */
  idempotencyKey?: string;
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const invalid = (problems: FormProblem[]): RegistryOutcome => ({ ok: false, status: 'invalid', problems });
const ON = { zh: '日期', en: 'day' };

/** The change a request asks for, its stream, and the person the decision needs; or the form's problems. */
async function planChange(
  deps: RegistryServiceDeps,
  req: RegistryRequest,
  today: string,
): Promise<FormParse<{ change: RegistryChange; streamId: string; subjectId: string; person: RegistryPersonState | null }>> {
  const personChange = async (personId: string, make: (p: RegistryPersonState | null) => FormParse<RegistryChange>) => {
    const person = await readPersonState(deps, personId);
    const change = make(person);
    return change.ok
      ? { ok: true as const, value: { change: change.value, streamId: `person/${personId}`, subjectId: personId, person } }
      : change;
  };
  const day = (raw: string | undefined) => parseDay(raw, 'on', ON, today);
  switch (req.kind) {
    case 'register': {
      const f = parseRegisterForm(req.form, today);
      if (!f.ok) return f;
      const { person, post } = f.value;
      // The import's id scheme (domain/roster/importPlan.ts): the ID number when given, else who and where.
      const idNumber = person.details.idNumber;
      const identity =
        idNumber !== undefined
          ? `id:${idNumber}`
          : `row:${JSON.stringify([person.name, person.gender, person.birthYear, person.details.birthMonth ?? null, person.orgUnitId])}`;
      const personId = `p-r${sha(identity).slice(0, 12)}`;
      const existing = await readPersonState(deps, personId);
      return {
        ok: true,
        value: {
          change: {
            kind: 'register',
            person: { ...person, personId },
            post: post && { ...post, assignmentId: `${personId}:post:${post.startedOn}` },
            on: today,
          },
          streamId: `person/${personId}`,
          subjectId: personId,
          person: existing,
        },
      };
    }
    case 'correct':
      return personChange(req.personId, (p) => {
        if (!p) return { ok: true, value: { kind: 'correct', personId: req.personId, fields: {}, on: today } };
        const f = parseCorrectionForm(req.form, p, today);
        return f.ok ? { ok: true, value: { kind: 'correct', personId: req.personId, fields: f.value, on: today } } : f;
      });
    case 'transfer':
      return personChange(req.personId, () => {
        const unit = parseUnitCode(req.unit, 'unit', { zh: '调入单位', en: 'unit' });
        const on = day(req.on);
        if (!unit.ok || !on.ok) return invalidOf(unit, on);
        return { ok: true, value: { kind: 'transfer', personId: req.personId, toOrgUnitId: unit.value, on: on.value } };
      });
    case 'retire':
    case 'death':
      return personChange(req.personId, () => {
        const on = day(req.on);
        if (!on.ok) return on;
        return { ok: true, value: { kind: req.kind === 'retire' ? 'retire' : 'record-death', personId: req.personId, on: on.value } };
      });
    case 'appoint':
      return personChange(req.personId, (p) => {
        const f = parseAppointForm({ title: req.title, titleSince: req.titleSince, rank: req.rank ?? p?.rank }, today);
        const unit = req.unit === undefined || req.unit === '' ? null : parseUnitCode(req.unit, 'unit', { zh: '任职单位', en: 'unit' });
        if (!f.ok || (unit && !unit.ok)) return invalidOf(f, unit ?? { ok: true, value: '' });
        const orgUnitId = unit?.ok ? unit.value : (p?.orgUnitId ?? '');
        return {
          ok: true,
          value: {
            kind: 'appoint',
            personId: req.personId,
            assignmentId: `${req.personId}:post:${f.value.startedOn}:${sha(JSON.stringify([orgUnitId, f.value.title])).slice(0, 8)}`,
            orgUnitId,
            title: f.value.title,
            rank: f.value.rank,
            startedOn: f.value.startedOn,
          },
        };
      });
    case 'end-post': {
      const post = await deps.db
        .selectFrom('post_assignments')
        .select('person_id')
        .where('assignment_id', '=', req.assignmentId)
        .executeTakeFirst();
      const personId = post?.person_id ?? '';
      return personChange(personId, () => {
        const reason = parsePostEndReason(req.reason);
        const on = day(req.on);
        if (!reason.ok || !on.ok) return invalidOf(reason, on);
        return { ok: true, value: { kind: 'end-post', personId, assignmentId: req.assignmentId, reason: reason.value, on: on.value } };
      });
    }
    case 'unit-add': {
      const f = parseUnitForm(req.form, today);
      if (!f.ok) return f;
      const u = f.value;
      return {
        ok: true,
        value: {
          change: {
            kind: 'establish-unit',
            orgUnitId: u.orgUnitId,
            name: u.name,
            unitKind: u.kind,
            parentId: u.parentId,
            on: u.effectiveFrom,
          },
          streamId: `orgunit/${u.orgUnitId}`,
          subjectId: u.orgUnitId,
          person: null,
        },
      };
    }
    case 'unit-rename': {
      const name = parseUnitName(req.name);
      if (!name.ok) return name;
      return {
        ok: true,
        value: {
          change: { kind: 'rename-unit', orgUnitId: req.orgUnitId, name: name.value, on: today },
          streamId: `orgunit/${req.orgUnitId}`,
          subjectId: req.orgUnitId,
          person: null,
        },
      };
    }
    case 'unit-dissolve': {
      const into =
        req.mergedInto === undefined || req.mergedInto === null || req.mergedInto === ''
          ? ({ ok: true, value: null } as const)
          : parseUnitCode(req.mergedInto, 'mergedInto', { zh: '并入单位', en: 'merged into' });
      const on = day(req.on);
      if (!into.ok || !on.ok) return invalidOf(into, on);
      return {
        ok: true,
        value: {
          change: { kind: 'dissolve-unit', orgUnitId: req.orgUnitId, mergedInto: into.value, on: on.value },
          streamId: `orgunit/${req.orgUnitId}`,
          subjectId: req.orgUnitId,
          person: null,
        },
      };
    }
  }
}

function invalidOf(...parses: Array<FormParse<unknown>>): { ok: false; problems: FormProblem[] } {
  return { ok: false, problems: parses.flatMap((p) => (p.ok ? [] : p.problems)) };
}

/** How many people serve (not retired, not dead) in a unit, for the decider's check before it is dissolved. */
async function servingPeopleIn(db: RegistryServiceDeps['db'], orgUnitId: string): Promise<ReadonlyMap<string, number>> {
  const row = await db
    .selectFrom('people')
    .leftJoin('person_departures', 'person_departures.person_id', 'people.person_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('people.org_unit_id', '=', orgUnitId)
    .where('person_departures.person_id', 'is', null)
    .executeTakeFirstOrThrow();
  return new Map([[orgUnitId, Number(row.n)]]);
}

/** Makes one registry change as `actor` (county staff: the caller checks the role). */
export async function makeRegistryChange(
  deps: RegistryServiceDeps,
  req: RegistryRequest,
  actor: Actor,
  opts: RegistryCallOptions,
): Promise<RegistryOutcome> {
  const callerKey = opts.idempotencyKey === undefined ? undefined : `registry:${actor.id}:${sha(opts.idempotencyKey).slice(0, 32)}`;
  if (callerKey !== undefined) {
    const seen = await deps.db.selectFrom('events').select('stream_id').where('idempotency_key', '=', `${callerKey}#0`).executeTakeFirst();
    if (seen) return { ok: true, subjectId: seen.stream_id.replace(/^[^/]+\//, ''), streamId: seen.stream_id, events: [], duplicate: true };
  }
  const planned = await planChange(deps, req, opts.today);
  if (!planned.ok) return invalid(planned.problems);
  const { change, streamId, subjectId, person } = planned.value;
  const orgUnits = await readOrgUnits(deps.db);
  const servingPeople = change.kind === 'dissolve-unit' ? await servingPeopleIn(deps.db, change.orgUnitId) : undefined;
  let events: DomainEvent[];
  try {
    events = decideRegistryChange(change, { person, orgUnits, ...(servingPeople ? { servingPeople } : {}) });
  } catch (err) {
    if (!(err instanceof RegistryRefusal)) throw err;
    return { ok: false, status: 'refused', code: err.code, zh: err.zh, en: err.en };
  }
  const version = await streamVersion(deps.db, streamId);
  const key = callerKey ?? `registry:${req.kind}:${sha(JSON.stringify([req, version])).slice(0, 32)}`;
  try {
    const result = await appendToStream(deps.db, {
      streamId,
      expectedVersion: version,
      idempotencyKey: key,
      events: seal(events, deps.personalData).map((event) => ({ event, metadata: { actor, causationId: `registry-${req.kind}` } })),
    });
    return { ok: true, subjectId, streamId, events: result.duplicate ? [] : events.map((e) => e.type), duplicate: result.duplicate };
  } catch (err) {
    if (!(err instanceof StreamVersionConflictError)) throw err;
    return {
      ok: false,
      status: 'refused',
      code: 'conflict',
      zh: `${subjectId} 刚被他人修改，请刷新后重试`,
      en: `${subjectId} was changed by someone else meanwhile; reload and try again`,
    };
  }
}

function seal(events: DomainEvent[], personalData: PersonalDataCipher | undefined): DomainEvent[] {
  if (!events.some(carriesPersonalData)) return events;
  if (!personalData) throw noKey();
  return personalData.sealEvents(events);
}

async function streamVersion(db: DB, streamId: string): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('stream_version').as('v'))
    .where('stream_id', '=', streamId)
    .executeTakeFirst();
  return row?.v === null || row?.v === undefined ? 0 : Number(row.v);
}

/** A person as a decision reads them: details opened, every post, and whether they left. */
export async function readPersonState(deps: RegistryServiceDeps, personId: string): Promise<RegistryPersonState | null> {
  if (personId === '') return null;
  const p = await deps.db
    .selectFrom('people')
    .leftJoin('person_details', 'person_details.person_id', 'people.person_id')
    .leftJoin('person_departures', 'person_departures.person_id', 'people.person_id')
    .select(DETAIL_SELECTION)
    .select([
      'people.person_id',
      'people.name',
      'people.gender',
      'people.birth_year',
      'people.org_unit_id',
      'people.rank',
      'people.current_assignment_id',
      'person_departures.reason',
      'person_departures.departed_on',
    ])
    .where('people.person_id', '=', personId)
    .executeTakeFirst();
  if (!p) return null;
  const posts = await deps.db
    .selectFrom('post_assignments')
    .select(['assignment_id', 'title', 'started_on', 'ended_on'])
    .where('person_id', '=', personId)
    .orderBy('started_on')
    .execute();
  return {
    personId: p.person_id,
    name: p.name,
    gender: p.gender,
    birthYear: p.birth_year,
    orgUnitId: p.org_unit_id,
    rank: p.rank,
    details: detailsOfRow(p, deps.personalData),
    currentAssignmentId: p.current_assignment_id,
    departed: p.reason && p.departed_on ? { reason: p.reason, on: p.departed_on } : null,
    posts: posts.map((x) => ({ assignmentId: x.assignment_id, title: x.title, startedOn: x.started_on, endedOn: x.ended_on })),
  };
}

async function readOrgUnits(db: DB): Promise<Map<string, RegistryOrgUnit>> {
  const rows = await db.selectFrom('org_units').selectAll().execute();
  return new Map(
    rows.map((u) => [
      u.org_unit_id,
      {
        orgUnitId: u.org_unit_id,
        name: u.name,
        kind: u.kind,
        parentId: u.parent_id,
        effectiveFrom: u.effective_from,
        dissolved: u.effective_to === null ? null : { effectiveTo: u.effective_to, mergedInto: u.merged_into },
      },
    ]),
  );
}
