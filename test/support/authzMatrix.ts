/**
 * The authorization matrix's helpers (test/integration/api-authz.test.ts): the callers, the
 * townships, the expected-status rows and the fixtures the endpoints' requests are made of.
 * The endpoints themselves are in ./authzEndpoints.ts and its areas (./authzEndpoints*.ts),
 * so that a new route is one entry there.
 */
import type { InjectOptions } from 'fastify';
import { XLSX_TYPE } from '../../client/api/routes/registryImports';
import { writeRosterWorkbook } from '../../client/roster/workbookWrite';
import type { TestDatabase } from './db';

/** Evaluation rounds share the test run's Temporal server: a year no other suite uses keeps their ids apart. */
export const ROUND_YEAR = 2024;
export const PASSWORD = 'correct horse battery staple';
/** The matrix's elections run in a term no other suite uses, so their case ids never meet. */
export const MATRIX_TERM = '2096';
/** The term of the elections the setup starts for the read routes (GET /cases/{caseId}/election). */
export const FIXTURE_TERM = '2097';

export type Who = 'anonymous' | 'admin' | 'county' | 'auditor' | 'township';
export type Target = 'own' | 'other';
export const WHO: readonly Who[] = ['anonymous', 'admin', 'county', 'auditor', 'township'];
export const TARGETS: readonly Target[] = ['own', 'other'];
/** The township member acts for ts-01; "own" resources are in ts-01, "other" ones in ts-02. */
export const TOWNSHIP: Record<Target, string> = { own: 'ts-01', other: 'ts-02' };
export const LOGIN: Record<Exclude<Who, 'anonymous'>, string> = {
  admin: 'org-admin',
  county: 'org-staff',
  auditor: 'auditor',
  township: 'ts-01-committee',
};

// ── The matrix ──────────────────────────────────────────────────────────────

export type Expect = number | { own: number; other: number };
/** Expected status per caller; `township` may differ between own and other township. */
export type Row = Record<Who, Expect>;

export const read: Row = { anonymous: 401, admin: 403, county: 200, auditor: 200, township: { own: 200, other: 403 } };
/** A single case or cadre: another township's is answered as a missing one (404), not refused (403). */
export const readOne: Row = { anonymous: 401, admin: 403, county: 200, auditor: 200, township: { own: 200, other: 404 } };
export const auditorsAndAdmins: Row = { anonymous: 401, admin: 200, county: 403, auditor: 200, township: 403 };
/** A decision-maker's action on one task: another township's task is answered as a missing one. */
export const decideOne = (ok: number): Row => ({ anonymous: 401, admin: 403, county: ok, auditor: 403, township: { own: ok, other: 404 } });
export const anyUser = (ok: number): Row => ({ anonymous: 401, admin: ok, county: ok, auditor: ok, township: ok });
export const anyone = (ok: number): Row => ({ anonymous: ok, admin: ok, county: ok, auditor: ok, township: ok });
export const countyOnly = (ok: number): Row => ({ anonymous: 401, admin: 403, county: ok, auditor: 403, township: 403 });
export const adminOnly = (ok: number): Row => ({ anonymous: 401, admin: ok, county: 403, auditor: 403, township: 403 });

export interface Endpoint {
  name: string;
  expect: Row;
  request(target: Target, who: Who): Promise<InjectOptions> | InjectOptions;
  /** Cases whose log and history must not change while only refusals hit them. */
  guards?: (target: Target) => string[];
}

/** Per township: a case with check-in-1 open, a case with its public notice open, a cadre to start a case for. */
export interface Fixture {
  checkInCase: string;
  noticeCase: string;
  person: string;
  startPerson: string;
  round: string;
  selection: string;
  /** A village off the demo's list whose rectification case no other suite starts. */
  branch: string;
  assignCase: string;
  /** An election started in the setup (term FIXTURE_TERM), a rectification case of another village, a cadre's case of the round. */
  election: string;
  rectification: string;
  evaluationCase: string;
}

/** What the endpoints' requests are made of: the suite's fixtures, filled in by its beforeAll. */
export interface MatrixFixtures {
  fixture: Record<Target, Fixture>;
  unitName: Record<Target, string>;
  userIds: Map<Who, string>;
  /** The suite's database (the API's). */
  db(): TestDatabase['db'];
  attachmentOf(t: Target): Promise<string>;
  /** A task of the township's check-in case, open; one unassigned; one held by the caller. */
  checkInTask(t: Target): Promise<string>;
  unassignedTask(t: Target): Promise<string>;
  taskHeldBy(t: Target, who: Who): Promise<string>;
}

let rosterBytes: Buffer | undefined;
/** The roster template as an upload: a workbook with no rows. */
export async function rosterUpload(): Promise<Pick<InjectOptions, 'payload' | 'headers'>> {
  rosterBytes ??= await writeRosterWorkbook();
  return { payload: rosterBytes, headers: { 'content-type': XLSX_TYPE } };
}

/** A selection opened today for a post of the target's township. */
export function selectionOpening(t: Target, postId: string) {
  return {
    orgUnitId: TOWNSHIP[t],
    post: { postId, title: '副乡长', rank: '副科级' },
    method: 'ordinary',
    qualifications: '大学本科以上学历',
    scope: '全县乡镇在职干部',
  };
}

/** A scanned page of minutes, as a PDF's first bytes. */
export const MINUTES = Buffer.from('%PDF-1.7\n% 党委会议记录\n%%EOF\n');

export const enc = encodeURIComponent;
