/**
 * Opening a Party member development case (发展党员, docs/memberDevelopment.md): a new
 * application, or a person in the membership register from their stage on. One call under
 * the CLI (`cadreflow member apply`), the HTTP API (`POST /cases/member-development`) and
 * the web form; the application is read by the domain's `parseMemberApplication`
 * (domain/memberApplication.ts) here, once, for all three.
 */
import type { Actor } from '../domain/actors';
import type { Client } from '@temporalio/client';
import { shanghaiDate } from '../domain/calendar';
import type { DevelopmentStage, MemberStatus } from '../domain/events/membership';
import { parseMemberApplication, type MemberApplication } from '../domain/memberApplication';
import { newApplication, stateFromRegister, type DevelopmentState } from '../domain/memberDevelopment';
import type { Policy } from '../domain/policy';
import type { DB } from '../schema/db';
import { NotInRegistryError, refusedInput, UserError } from './cases';
import { startDevelopmentCase } from './memberCases';

/** What `member apply`, `POST /cases/member-development` and the web form send: the application as entered. */
export type ApplyArgs = MemberApplication;

export interface ApplyResult {
  caseId: string;
  started: boolean;
  stage: DevelopmentStage | MemberStatus;
}

export async function applyForMembership(
  client: Client,
  db: DB,
  policy: Policy,
  raw: ApplyArgs,
  taskQueue: string,
  startedBy?: Actor,
  now = Date.now(),
): Promise<ApplyResult> {
  const day = shanghaiDate(now);
  const parsed = parseMemberApplication(raw, day);
  if (!parsed.ok) throw refusedInput(parsed);
  const args = parsed.value;
  const entry = await db.selectFrom('party_members').selectAll().where('person_id', '=', args.personId).executeTakeFirst();
  if (entry?.case_id) return { caseId: entry.case_id, started: false, stage: entry.status };

  let name: string;
  let branchId = args.branchId ?? entry?.branch_id;
  let state: DevelopmentState | undefined;
  if (entry) {
    name = entry.name;
    const recorded = {
      status: entry.status,
      appliedOn: entry.status === 'applicant' && args.appliedOn ? args.appliedOn : entry.applied_on,
      activistOn: entry.activist_on,
      targetOn: entry.target_on,
      admittedOn: entry.admitted_on,
      probationEndsOn: entry.probation_ends_on,
    };
    state = stateFromRegister(recorded, day, policy.memberDevelopment);
    if (!state)
      throw new UserError(`${args.personId} is already ${entry.status === 'full' ? 'a full member' : 'disqualified'} in the register`);
  } else {
    const person = await db.selectFrom('people').selectAll().where('person_id', '=', args.personId).executeTakeFirst();
    if (!person) throw new NotInRegistryError(`no person ${args.personId} in the registry or the membership register`);
    name = person.name;
    branchId ??= `${person.org_unit_id}-pb`;
    state = newApplication(args.appliedOn ?? day);
  }
  const branch = await db.selectFrom('party_organizations').selectAll().where('org_unit_id', '=', branchId!).executeTakeFirst();
  if (!branch) {
    throw new UserError(
      args.branchId
        ? `no Party organization ${args.branchId}`
        : `${args.personId} has no village branch to apply to: give --branch (a Party organization's id)`,
    );
  }
  const started = await startDevelopmentCase(
    client,
    policy,
    {
      personId: args.personId,
      personName: name,
      branchId: branch.org_unit_id,
      villageId: branch.village_id,
      townshipId: branch.township_id,
      state,
      ...(startedBy ? { startedBy } : {}),
    },
    taskQueue,
  );
  return { ...started, stage: state.stage };
}
