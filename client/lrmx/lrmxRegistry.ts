/**
 * LRMX and the 任免审批表 against the database: what the registry, the evaluation read
 * models and an open selection case say about a person (readFormFacts), an LRMX file
 * written from it, and one imported into it (domain/lrmx/importDecision.ts decides, the
 * events go into the log in one append with the importing account as their actor).
 *
 * An LRMX file carries the full ID number (it is the national exchange format), so
 * writing one is a full-value view: it is recorded in the access log in the transaction
 * that reads the person, as GET /registry/people/:id records a view. No record, no file.
 */
import { sql } from 'kysely';
import { appendBatch } from '../../activities/eventStore';
import { readStream } from '../../activities/eventReads';
import type { Actor } from '../../domain/actors';
import type { AppointmentFormRecorded, PersonDetails } from '../../domain/events';
import { gradeLabel } from '../../domain/grades';
import { LrmxError, type LrmxForm } from '../../domain/lrmx/form';
import { decideLrmxImport, matchLrmxPerson, type LrmxImportDecision } from '../../domain/lrmx/importDecision';
import { formOfRegistry } from '../../domain/lrmx/registryForm';
import type { DB, PersonProbationStatus } from '../../schema/db';
import { recordAccess, type AccessBy } from '../api/accessLog';
import type { PersonalDataCipher } from '../crypto/personalData';
import { sha256Hex } from '../roster/importWrite';
import { DETAIL_SELECTION, detailsOfRow, noKey } from '../roster/personDetailsRow';
import { readRegistrySnapshot } from '../roster/registrySnapshot';
import { parseLrmx, writeLrmx } from './lrmxXml';

/** How many years of grades the form lists (年度考核结果: the last three, as the form asks). */
export const GRADE_YEARS = 3;

export interface FormFacts {
  personId: string;
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  orgUnitId: string;
  orgUnitName: string | null;
  townshipId: string | null;
  rank: string;
  currentTitle: string | null;
  probationStatus: PersonProbationStatus;
  /** Plain: opened with the key. */
  details: PersonDetails;
  /** The form last imported for the person, if any. */
  recorded: LrmxForm | null;
  /** The latest years' grades, oldest first. */
  grades: Array<{ year: number; label: string }>;
  /** 拟任职务: the post of an open selection case that names the person. */
  proposedPost: string | null;
}

/** The grades as the form writes them: `2023年度称职；2024年度优秀；2025年度称职`. */
export function gradesText(grades: FormFacts['grades']): string {
  return grades.map((g) => `${g.year}年度${g.label}`).join('；');
}

/** The person's form as last recorded: the latest AppointmentFormRecorded on the person's stream. */
export async function recordedFormOf(db: DB, personId: string): Promise<LrmxForm | null> {
  const events = await readStream(db, `person/${personId}`);
  const last = events.filter((e) => e.type === 'AppointmentFormRecorded').at(-1);
  return last ? (last.data as AppointmentFormRecorded['data']).form : null;
}

/** Everything a form shows about a person; null when the registry has no such person. */
export async function readFormFacts(db: DB, personalData: PersonalDataCipher | undefined, personId: string): Promise<FormFacts | null> {
  const p = await db
    .selectFrom('people')
    .leftJoin('person_details', 'person_details.person_id', 'people.person_id')
    .leftJoin('org_units', 'org_units.org_unit_id', 'people.org_unit_id')
    .select(DETAIL_SELECTION)
    .select([
      'people.person_id',
      'people.name',
      'people.gender',
      'people.birth_year',
      'people.org_unit_id',
      'org_units.name as org_unit_name',
      'people.township_id',
      'people.rank',
      'people.current_title',
      'people.probation_status',
    ])
    .where('people.person_id', '=', personId)
    .executeTakeFirst();
  if (!p) return null;
  const grades = await db
    .selectFrom('evaluation_cadres')
    .select(['year', 'grade', 'unit_kind'])
    .where('person_id', '=', personId)
    .where('grade', 'is not', null)
    .where('grade_status', 'in', ['fixed', 'final'])
    .orderBy('year', 'desc')
    .limit(GRADE_YEARS)
    .execute();
  // A selection still running that lists the person as a target or an approved candidate.
  const selection = await db
    .selectFrom('selection_cases')
    .select(['org_unit_name', 'post_title'])
    .where('outcome', 'is', null)
    .where(sql<boolean>`(targets ? ${personId} or approved ? ${personId}) and not (removed ? ${personId} or cancelled ? ${personId})`)
    .orderBy('opened_on', 'desc')
    .executeTakeFirst();
  return {
    personId: p.person_id,
    name: p.name,
    gender: p.gender,
    birthYear: p.birth_year,
    orgUnitId: p.org_unit_id,
    orgUnitName: p.org_unit_name,
    townshipId: p.township_id,
    rank: p.rank,
    currentTitle: p.current_title,
    probationStatus: p.probation_status,
    details: detailsOfRow(p, personalData),
    recorded: await recordedFormOf(db, personId),
    grades: grades.reverse().map((g) => ({ year: g.year, label: gradeLabel(g.grade!, g.unit_kind) })),
    proposedPost: selection ? postName(selection.org_unit_name, selection.post_title) : null,
  };
}

/** 拟任职务 as the form writes it: the unit's name before the post's, unless the post already names it. */
function postName(unit: string, title: string): string {
  return title.startsWith(unit) ? title : `${unit}${title}`;
}

/** The LRMX form for a person, the ID number included when `withIdNumber`. */
export function lrmxFormOf(facts: FormFacts, withIdNumber: boolean): LrmxForm {
  const details = { ...facts.details };
  if (!withIdNumber) delete details.idNumber;
  return formOfRegistry(
    {
      name: facts.name,
      gender: facts.gender,
      birthYear: facts.birthYear,
      details,
      currentTitle: facts.currentTitle,
      grades: facts.grades.length > 0 ? gradesText(facts.grades) : undefined,
      proposedPost: facts.proposedPost ?? undefined,
    },
    facts.recorded,
  );
}

export class PersonNotFound extends LrmxError {
  constructor(personId: string) {
    super(`系统中没有人员 ${personId}`, `the registry has no person ${personId}`);
  }
}

/**
 * The person's LRMX file, with the full ID number; the export is recorded in the access
 * log (kind `person.lrmx-exported`) in the same transaction. `visible` lets the API
 * answer another township's person as a missing one.
 */
export async function exportLrmx(
  db: DB,
  personalData: PersonalDataCipher | undefined,
  personId: string,
  by: AccessBy,
  visible: (townshipId: string | null) => boolean = () => true,
): Promise<{ name: string; file: Buffer }> {
  return db.transaction().execute(async (trx) => {
    const facts = await readFormFacts(trx, personalData, personId);
    if (!facts || !visible(facts.townshipId)) throw new PersonNotFound(personId);
    await recordAccess(trx, by, 'person.lrmx-exported', personId, {
      townshipId: facts.townshipId,
      fields: facts.details.idNumber !== undefined ? ['idNumber'] : [],
    });
    return { name: facts.name, file: writeLrmx(lrmxFormOf(facts, true)) };
  });
}

export interface LrmxImportResult {
  personId: string;
  name: string;
  /** How the person was found; null: registered now. */
  matchedBy: LrmxImportDecision['matchedBy'];
  /** Event types appended now (none when the registry already said it all). */
  written: string[];
  /** Boxes the registry could not take as written; kept as the form's text. */
  textOnly: LrmxImportDecision['fields']['textOnly'];
}

export interface LrmxImportOptions {
  /** For a person the registry does not hold. */
  orgUnitId?: string;
  rank?: string;
  today: string;
}

/** An LRMX file imported: parsed, matched, decided and appended as one append with `actor` in the metadata. */
export async function importLrmx(
  db: DB,
  personalData: PersonalDataCipher | undefined,
  bytes: Uint8Array,
  opts: LrmxImportOptions,
  actor: Actor,
): Promise<LrmxImportResult> {
  const form = parseLrmx(bytes);
  if (!personalData && form.fields.ShenFenZheng) throw noKey();
  const registry = await readRegistrySnapshot(db, personalData);
  // The form recorded last for the person the file is about, read before deciding (a new person has none).
  const matched = matchLrmxPerson(form, registry, opts.today);
  const recorded = matched === null ? null : await recordedFormOf(db, matched);
  const final = decideLrmxImport({
    form,
    registry,
    recordedFormOf: () => recorded,
    newPerson: { orgUnitId: opts.orgUnitId, rank: opts.rank },
    today: opts.today,
    digest: sha256Hex,
  });
  if (final.events.length > 0) {
    const events = personalData ? personalData.sealEvents(final.events) : final.events;
    const [result] = await appendBatch(db, [
      {
        streamId: `person/${final.personId}`,
        expectedVersion: 'any',
        idempotencyKey: final.idempotencyKey!,
        events: events.map((event) => ({ event, metadata: { actor, causationId: 'lrmx-import' } })),
      },
    ]);
    if (result?.duplicate) return { ...summary(final), written: [] };
  }
  return summary(final);
}

function summary(d: LrmxImportDecision): LrmxImportResult {
  return {
    personId: d.personId,
    name: d.fields.name,
    matchedBy: d.matchedBy,
    written: d.events.map((e) => e.type),
    textOnly: d.fields.textOnly,
  };
}
