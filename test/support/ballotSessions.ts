/**
 * An open step that takes votes, as the case's workflow leaves it in the read models (a
 * `cases` row and a pending `tasks` row), for the suites that open ballot sessions on it
 * without running the election itself: the election meeting of a village branch of
 * ts-03, chaired by that township's committee.
 */
import type { Actor } from '../../domain/actors';
import type { DB } from '../../schema/db';

export const BALLOT_CHAIR: Actor = { id: 'ts-03-committee', role: 'township-committee', townshipId: 'ts-03' };
export const BALLOT_STEP = 'election-meeting';
export const SLATE = ['p-0101', 'p-0102', 'p-0103', 'p-0104'];
export const YES3 = { kind: 'approve', votes: { 'p-0101': 'yes', 'p-0102': 'yes', 'p-0103': 'yes', 'p-0104': 'no' } };

let made = 0;

/** A fresh election case of ts-03 whose election meeting is open; its id. */
export async function openElectionMeeting(db: DB, tag: string): Promise<string> {
  made += 1;
  const village = `ts-03-v${String(made).padStart(2, '0')}`;
  const caseId = `election/${village}/${tag}-${process.pid}-${made}`;
  const now = new Date();
  await db
    .insertInto('cases')
    .values({
      case_id: caseId,
      kind: 'election',
      subject_id: village,
      township_id: 'ts-03',
      policy_version: 'test',
      stage: 'election-meeting',
      status: 'open',
      outcome: null,
      summary: '党员大会选举',
      started_at: now,
      updated_at: now,
      closed_at: null,
    })
    .execute();
  await db
    .insertInto('tasks')
    .values({
      task_id: `${caseId}#${BALLOT_STEP}`,
      case_id: caseId,
      step: BALLOT_STEP,
      title: '党员大会选举',
      role: 'township-committee',
      org_unit_id: village,
      township_id: 'ts-03',
      status: 'pending',
      opened_at: now,
      remind_at: now,
      due_at: now,
      due_working_days: 5,
    })
    .execute();
  return caseId;
}

/** A session's status and who closed it, as stored. */
export async function sessionState(db: DB, sessionId: string) {
  return db
    .selectFrom('ballot_sessions')
    .select(['status', 'closed_by', 'closed_at', 'closes_at', 'head_hash', 'head_position'])
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
}
