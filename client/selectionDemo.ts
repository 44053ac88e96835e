/**
 * The demo's selections (demo/selections.ts): opened as `selection start` opens one and
 * taken to where each waits by the decisions `cadreflow decide` would send, as the
 * demo's county staff login. A running worker takes each step; the demo waits for it.
 *
 * Running it again adds nothing: a demo selection already in the `selection_cases` read
 * model (opened on any day) is the one taken on, and a step already decided is skipped.
 */
import type { Client } from '@temporalio/client';
import type { Actor } from '../domain/actors';
import { addWorkingDays, shanghaiDate } from '../domain/calendar';
import type { Policy } from '../domain/policy';
import type { DemoCounty } from '../demo/county';
import { demoSelections, demoSelectionSteps, type DemoSelection } from '../demo/selections';
import type { DB } from '../schema/db';
import { decide } from './cases';
import type { DemoReporter } from './demoProgress';
import { selectionBackend } from './selectionService';

/** The demo's county staff login (client/api/accounts.ts, `createDemoUsers`): who opens and decides. */
const DEMO_STAFF: Actor = { id: 'org-staff', role: 'county-org-dept' };

/** How long a step may take to open before the demo says no worker is taking them. */
const STEP_OPEN_BOUND_MS = 120_000;
const POLL_MS = 25;

export interface SelectionDemoResult {
  casesStarted: number;
  casesExisting: number;
  /** Each case with its stage once the demo's steps were taken. */
  cases: Array<{ caseId: string; method: string; stage: string }>;
}

/** Opens the demo's selections and takes each, step by step, to where it waits. */
export async function runSelectionDemo(
  client: Client,
  db: DB,
  policy: Policy,
  taskQueue: string,
  county: DemoCounty,
  now = Date.now(),
  opts: { report?: DemoReporter; signal?: AbortSignal } = {},
): Promise<SelectionDemoResult> {
  const opened = await openDemoSelections(client, db, policy, taskQueue, county, now);
  return takeDemoSelections(client, db, policy, taskQueue, opened, opts);
}

/** A demo selection opened (or found open), not yet taken to where it waits. */
interface OpenedDemoSelection {
  selection: DemoSelection;
  caseId: string;
  openedOn: string;
  started: boolean;
}

async function openDemoSelections(
  client: Client,
  db: DB,
  policy: Policy,
  taskQueue: string,
  county: DemoCounty,
  now = Date.now(),
): Promise<OpenedDemoSelection[]> {
  const calls = selectionBackend.create({ db, client, policy, taskQueue });
  const today = shanghaiDate(now);
  const opened: OpenedDemoSelection[] = [];
  for (const selection of demoSelections(county, policy)) {
    const o = await openOnce(db, selection, today, (opening) => calls.start({ opening, actor: DEMO_STAFF }));
    opened.push({ selection, ...o });
  }
  return opened;
}

/** Takes each opened selection, step by step, to where it waits; its stage then. */
async function takeDemoSelections(
  client: Client,
  db: DB,
  policy: Policy,
  taskQueue: string,
  opened: readonly OpenedDemoSelection[],
  opts: { report?: DemoReporter; signal?: AbortSignal } = {},
): Promise<SelectionDemoResult> {
  const { report, signal } = opts;
  report?.begin('selections', opened.length);
  // Settled, not all: on a failure or an abort the other selection's step in flight ends first.
  const taken = await Promise.allSettled(
    opened.map(async ({ selection: s, caseId, openedOn }) => {
      for (const phase of demoSelectionSteps(s, openedOn, policy)) {
        await Promise.all(
          phase.map(async ({ step, decision }) => {
            if ((await stepOpened(db, caseId, step, taskQueue, signal)) === 'pending')
              await decide(client, caseId, step, DEMO_STAFF, decision);
          }),
        );
      }
      await Promise.all(s.waitsAt.map((step) => stepOpened(db, caseId, step, taskQueue, signal)));
      report?.advance('selections', 1);
    }),
  );
  const failed = taken.find((t): t is PromiseRejectedResult => t.status === 'rejected');
  if (failed) throw failed.reason;
  report?.end('selections');
  const ids = opened.map((o) => o.caseId);
  const rows = await db.selectFrom('selection_cases').select(['case_id', 'stage']).where('case_id', 'in', ids).execute();
  const stage = new Map(rows.map((r) => [r.case_id, r.stage]));
  return {
    casesStarted: opened.filter((o) => o.started).length,
    casesExisting: opened.filter((o) => !o.started).length,
    cases: opened.map((o) => ({ caseId: o.caseId, method: o.selection.opening.method, stage: stage.get(o.caseId) ?? 'started' })),
  };
}

/** The demo selection of this unit and post the log already has, or a new one opened today (less its age). */
async function openOnce(
  db: DB,
  s: DemoSelection,
  today: string,
  start: (opening: unknown) => Promise<{ caseId: string; started: boolean }>,
): Promise<{ caseId: string; openedOn: string; started: boolean }> {
  const existing = await db
    .selectFrom('selection_cases')
    .select(['case_id', 'opened_on'])
    .where('org_unit_id', '=', s.opening.orgUnitId)
    .where('post_id', '=', s.opening.post.postId)
    .orderBy('opened_on')
    .executeTakeFirst();
  if (existing) return { caseId: existing.case_id, openedOn: existing.opened_on, started: false };
  const openedOn = addWorkingDays(today, -s.openedWorkingDaysAgo);
  const r = await start({ ...s.opening, openedOn });
  return { caseId: r.caseId, openedOn, started: r.started };
}

/**
 * Waits until the case has opened `step` (its TaskOpened is in the log): 'pending', or
 * 'done' when it was decided (or withdrawn) already, as on a second run.
 */
async function stepOpened(db: DB, caseId: string, step: string, taskQueue: string, signal?: AbortSignal): Promise<'pending' | 'done'> {
  const deadline = Date.now() + STEP_OPEN_BOUND_MS;
  for (;;) {
    signal?.throwIfAborted();
    const task = await db.selectFrom('tasks').select('status').where('task_id', '=', `${caseId}:${step}`).executeTakeFirst();
    if (task) return task.status === 'pending' ? 'pending' : 'done';
    if (Date.now() > deadline) {
      throw new Error(
        `the demo selection ${caseId} did not open its step ${step} in ${STEP_OPEN_BOUND_MS / 1000} s: is a worker running on task queue "${taskQueue}"?`,
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
