/**
 * `cadreflow demo`: the seed's county in the registry, its Party membership register, and
 * probation, member-development and selection cases at several stages so that inboxes have
 * real pending tasks. Running it again adds nothing: the registry appends are idempotent and
 * each case has a business id; a load cut short (Ctrl-C during `up --demo`) is finished by
 * the next one.
 */
import type { Client } from '@temporalio/client';
import type { Policy } from '../domain/policy';
import { demoCountyEvents, demoPromotedStaff, generateDemoCounty } from '../demo/county';
import { addMonths, shanghaiDate } from '../domain/calendar';
import { seedRegistry } from './registrySeed';
import type { DB } from '../schema/db';
import { startProbation } from './probationService';
import { runMemberDemo, type MemberDemoResult } from './memberCases';
import { forEachBounded, type DemoReporter } from './demoProgress';
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

export interface DemoOptions {
  /** Told of each part as it begins, advances and ends (`up --demo` prints them, /health reports them). */
  report?: DemoReporter;
  /** Stops the load between steps (`up` stopping); what is in the log stays, the next run finishes it. */
  signal?: AbortSignal;
  /**
   * Cases started at once. Each start is one round trip to Temporal, and the worker takes
   * the started cases' first steps meanwhile; a few at a time keep both busy without
   * queueing every case's first activity at once behind the API's requests.
   */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 4;

export async function runDemo(
  client: Client,
  db: DB,
  policy: Policy,
  taskQueue: string,
  now = Date.now(),
  opts: DemoOptions = {},
): Promise<DemoResult> {
  const { report, signal } = opts;
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const county = generateDemoCounty();
  report?.begin('registry', demoCountyEvents(county).length);
  const registry = await seedRegistry(db, { onChunk: (n) => report?.advance('registry', n), ...(signal ? { signal } : {}) });
  report?.end('registry');
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
  const selections = await runSelectionDemo(client, db, policy, taskQueue, county, now, {
    ...(report ? { report } : {}),
    ...(signal ? { signal } : {}),
  });
  // One promotion per township: a staff member of each township made deputy on trial.
  const promotions = county.townships.flatMap((township, i) => {
    const staff = demoPromotedStaff(county, township.orgUnitId);
    return staff ? [{ township, staff, age: DEMO_PROBATION_AGES[i % DEMO_PROBATION_AGES.length]! }] : [];
  });
  report?.begin('probation', promotions.length);
  const ids: string[] = new Array<string>(promotions.length);
  await forEachBounded(
    promotions,
    concurrency,
    async ({ township, staff, age }, i) => {
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
      ids[i] = started.caseId;
      if (started.started) result.casesStarted++;
      else result.casesExisting++;
      report?.advance('probation', 1);
    },
    signal,
  );
  report?.end('probation');
  result.caseIds.push(...ids);
  const membership = await runMemberDemo(client, db, policy, taskQueue, now, {
    registrySeeded: true,
    concurrency,
    ...(report ? { report } : {}),
    ...(signal ? { signal } : {}),
  });
  return { ...result, selections, membership };
}
