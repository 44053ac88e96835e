/**
 * `cadreflow demo`: the seed's county in the registry, its Party membership register, and
 * probation, member-development and selection cases at several stages so that inboxes have
 * real pending tasks. Running it again adds nothing: the registry appends are idempotent and
 * each case has a business id.
 */
import type { Client } from '@temporalio/client';
import type { Policy } from '../domain/policy';
import { demoPromotedStaff, generateDemoCounty } from '../demo/county';
import { addMonths, shanghaiDate } from '../domain/calendar';
import { seedRegistry } from './registrySeed';
import type { DB } from '../schema/db';
import { startProbation } from './probationService';
import { runMemberDemo, type MemberDemoResult } from './memberCases';
import { runSelectionDemo, type SelectionDemoResult } from './selectionDemo';

export { seedRegistry };

export interface DemoResult {
  registryEvents: number;
  registryAppended: boolean;
  casesStarted: number;
  casesExisting: number;
  caseIds: string[];
  /** The Party membership register (about 500 activists) and development cases at every stage. */
  membership: MemberDemoResult;
  /** Two selections (选拔任用), an ordinary one at the inspection's checks and a competitive one at the committee's vote. */
  selections: SelectionDemoResult;
}

/** Cases backdated by these many months: each lands at a different stage today. */
const DEMO_PROBATION_AGES = [4, 7, 10, 13, 4, 7, 10, 13, 4, 7, 10, 13];

export async function runDemo(client: Client, db: DB, policy: Policy, taskQueue: string, now = Date.now()): Promise<DemoResult> {
  const registry = await seedRegistry(db);
  const county = generateDemoCounty();
  const today = shanghaiDate(now);
  const result: Omit<DemoResult, 'membership' | 'selections'> = {
    registryEvents: registry.events,
    registryAppended: registry.appended,
    casesStarted: 0,
    casesExisting: 0,
    caseIds: [],
  };
  // First, while the worker has nothing else to do: each of their steps is a round trip to
  // it. Measured beside the register's large appends (which hold the log's lock) or after
  // the other cases started (whose first steps fill the worker's queue), they took longer.
  const selections = await runSelectionDemo(client, db, policy, taskQueue, county, now);
  // One promotion per township: a staff member of each township made deputy on trial.
  for (const [i, township] of county.townships.entries()) {
    const staff = demoPromotedStaff(county, township.orgUnitId);
    if (!staff) continue;
    const age = DEMO_PROBATION_AGES[i % DEMO_PROBATION_AGES.length]!;
    const started = await startProbation(
      client,
      db,
      policy,
      {
        personId: staff.personId,
        title: township.name.endsWith('镇') ? '副镇长' : '副乡长',
        appointedOn: addMonths(today, -age),
        appointmentId: 'demo',
      },
      taskQueue,
    );
    result.caseIds.push(started.caseId);
    if (started.started) result.casesStarted++;
    else result.casesExisting++;
  }
  return { ...result, selections, membership: await runMemberDemo(client, db, policy, taskQueue, now) };
}
