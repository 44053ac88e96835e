/**
 * Starting member-development cases (发展党员), and the demo county's: its membership
 * register and a case at every stage. Apart from the CLI's commands (commands/members.ts),
 * so the demo (client/demo.ts) starts them without the command line's backend.
 */
import type { Actor } from '../domain/actors';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { shanghaiDate } from '../domain/calendar';
import { demoDevelopmentCases, demoMembershipEvents, generateDemoMembership, type DemoCase } from '../demo/membership';
import { MEMBER_DEVELOPMENT_KIND, memberDevelopmentCaseId, type DevelopmentState } from '../domain/memberDevelopment';
import { DEFAULT_POLICY, type Policy } from '../domain/policy';
import type { DB } from '../schema/db';
import type { MemberDevelopmentInput } from '../workflows/memberDevelopment';
import { caseSearchAttributes } from '../workflows/searchAttributes';
import { forEachBounded, type DemoReporter } from './demoProgress';
import { seedDemoStreams, seedRegistry, type SeedOptions } from './registrySeed';

export interface MemberDemoResult {
  registerEvents: number;
  registerAppended: boolean;
  casesStarted: number;
  casesExisting: number;
  caseIds: string[];
}

function today(now = Date.now()): string {
  return shanghaiDate(now);
}

export interface CaseToStart {
  personId: string;
  personName: string;
  branchId: string;
  villageId: string | null;
  townshipId: string;
  state: DevelopmentState;
  /** The account that starts it, recorded as the actor of the case's first events. */
  startedBy?: Actor;
}

export async function startDevelopmentCase(
  client: Client,
  policy: Policy,
  c: CaseToStart,
  taskQueue: string,
): Promise<{ caseId: string; started: boolean }> {
  const caseId = memberDevelopmentCaseId(c.personId);
  const input: MemberDevelopmentInput = { ...c, policy };
  try {
    await client.workflow.start('memberDevelopment', {
      taskQueue,
      workflowId: caseId,
      args: [input],
      typedSearchAttributes: caseSearchAttributes(MEMBER_DEVELOPMENT_KIND, c.townshipId, c.personId),
      // One case per applicant, ever: its event stream cannot start over.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return { caseId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { caseId, started: false };
    throw err;
  }
}

/**
 * The demo county's Party organizations and membership register, as of the day given
 * (default today); the county's own registry (client/demo.ts seedRegistry) must be in the
 * log first. Appends nothing the second time.
 */
export async function seedMembership(
  db: DB,
  opts: { policy?: Policy; now?: number } & SeedOptions = {},
): Promise<{ events: number; appended: boolean }> {
  const policy = opts.policy ?? DEFAULT_POLICY;
  const membership = generateDemoMembership({ asOf: today(opts.now), policy: policy.memberDevelopment });
  return seedDemoStreams(db, demoMembershipEvents(membership), 'demo-membership', opts);
}

export interface MemberDemoOptions {
  /** The county's registry is in the log already (client/demo.ts seeded it): not seeded again. */
  registrySeeded?: boolean;
  report?: DemoReporter;
  signal?: AbortSignal;
  /** Cases started at once (each start is a round trip to Temporal). */
  concurrency?: number;
}

/** `cadreflow member demo`: the county, its membership register, and development cases at every stage. */
export async function runMemberDemo(
  client: Client,
  db: DB,
  policy: Policy,
  taskQueue: string,
  now = Date.now(),
  opts: MemberDemoOptions = {},
): Promise<MemberDemoResult> {
  const { report, signal } = opts;
  if (!opts.registrySeeded) await seedRegistry(db, { ...(signal ? { signal } : {}) });
  const membership = generateDemoMembership({ asOf: today(now), policy: policy.memberDevelopment });
  report?.begin('membership', demoMembershipEvents(membership).length);
  const register = await seedMembership(db, {
    policy,
    now,
    onChunk: (n) => report?.advance('membership', n),
    ...(signal ? { signal } : {}),
  });
  report?.end('membership');
  const result: MemberDemoResult = {
    registerEvents: register.events,
    registerAppended: register.appended,
    casesStarted: 0,
    casesExisting: 0,
    caseIds: [],
  };
  const cases: DemoCase[] = demoDevelopmentCases(membership, policy.memberDevelopment);
  report?.begin('member-development', cases.length);
  const ids: string[] = new Array<string>(cases.length);
  await forEachBounded(
    cases,
    opts.concurrency ?? 1,
    async (c, i) => {
      const started = await startDevelopmentCase(client, policy, c, taskQueue);
      ids[i] = started.caseId;
      if (started.started) result.casesStarted++;
      else result.casesExisting++;
      report?.advance('member-development', 1);
    },
    signal,
  );
  report?.end('member-development');
  // In the cases' order, whatever order they were started in.
  result.caseIds.push(...ids);
  return result;
}
