/**
 * The HTTP API as the UI uses it. The UI is served from the API's own origin, so calls
 * are relative and the http-only session cookie travels with them; errors arrive as
 * RFC 9457 problem documents and are raised as ApiProblem with their detail intact.
 */

import type { Actor, Role } from '../../domain/actors';
import type { CaseSummary } from '../../domain/wire/caseSummary';
import type { CaseVerification } from '../../domain/wire/caseVerification';
import type { CaseView, TimelineEntry } from '../../domain/wire/caseView';
import type { Dashboard, RectificationSummary } from '../../domain/wire/dashboard';
import type { DecisionFinding } from '../../domain/wire/decisionFinding';
import type { DecisionReceipt } from '../../domain/wire/decisionReceipt';
import type { Page } from '../../domain/wire/page';
import type { PersonListItem } from '../../domain/wire/personListItem';
import type { Problem } from '../../domain/wire/problem';
import type { RecordLine } from '../../domain/wire/recordLine';
import type { GradeCounts, RoundCounts, RoundDashboard } from '../../domain/wire/roundDashboard';
import type { RoundProgress, RoundStart, RoundView } from '../../domain/wire/roundProgress';
import type { Task } from '../../domain/wire/task';
import type { UnitMemberLine } from '../../domain/wire/unitMemberLine';
import type { User } from '../../domain/wire/user';

// The wire types are written once, in domain/wire/ (and domain/actors.ts), for the server and
// this UI; the pages take them from here.
export type {
  Actor,
  CaseSummary,
  CaseVerification,
  CaseView,
  Dashboard,
  DecisionFinding,
  DecisionReceipt,
  GradeCounts,
  Page,
  PersonListItem,
  Problem,
  RecordLine,
  RectificationSummary,
  Role,
  RoundCounts,
  RoundDashboard,
  RoundProgress,
  RoundStart,
  RoundView,
  Task,
  TimelineEntry,
  UnitMemberLine,
  User,
};
export { RECTIFICATION_STATUSES } from '../../domain/rectificationStatus';

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiProblem';
  }
  get status(): number {
    return this.problem.status;
  }
}

/** Called on any 401 outside sign-in, so the app can send the user back to the login page. */
let onUnauthenticated: (() => void) | undefined;
export function setUnauthenticatedHandler(fn: (() => void) | undefined): void {
  onUnauthenticated = fn;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' }),
        ...extraHeaders,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiProblem({
      type: 'network',
      title: 'Network error',
      status: 0,
      detail: `the server did not answer (${(err as Error).message})`,
    });
  }
  if (res.status === 204) return undefined as T;
  return answerOf<T>(path, res.status, res.statusText, await res.text());
}

/**
 * An answer's body as its JSON, or its problem raised (a 401 outside sign-in sends the user
 * back to the login page); shared with requests that need XMLHttpRequest (an upload's progress).
 */
export function answerOf<T>(path: string, status: number, statusText: string, text: string): T {
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (status < 200 || status > 299) {
    const p = (parsed ?? {}) as Partial<Problem>;
    const problem: Problem = {
      type: p.type ?? 'unknown',
      title: p.title ?? statusText,
      status,
      detail: p.detail ?? (text.slice(0, 200) || statusText),
      ...(p.reason ? { reason: p.reason } : {}),
      ...(p.requestId ? { requestId: p.requestId } : {}),
      ...(p.errors ? { errors: p.errors } : {}),
      ...(p.zh !== undefined && p.en !== undefined ? { zh: p.zh, en: p.en } : {}),
    };
    if (status === 401 && path !== '/auth/login') onUnauthenticated?.();
    throw new ApiProblem(problem);
  }
  return parsed as T;
}

export const enc = encodeURIComponent;

export const getMe = () => api<User>('GET', '/auth/me');
export const login = (loginName: string, password: string) =>
  api<{ user: User; expiresAt: string }>('POST', '/auth/login', { login: loginName, password });
export const logout = () => api<void>('POST', '/auth/logout');
export const getTasks = (township?: string) => api<Task[]>('GET', township ? `/tasks?township=${enc(township)}` : '/tasks');
export const getCase = (caseId: string) => api<CaseView>('GET', `/cases/${enc(caseId)}`);
export const listCases = (query: Record<string, string | undefined> = {}) => {
  const qs = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  return api<Page<CaseSummary>>('GET', `/cases${qs ? `?${qs}` : ''}`);
};
export const decide = (caseId: string, step: string, decision: Record<string, unknown>) =>
  api<DecisionReceipt>('POST', `/cases/${enc(caseId)}/decisions`, { step, decision });

// ── Dashboard, evaluation rounds, audit verification ────────────────────────────

export const getDashboard = () => api<Dashboard>('GET', '/dashboard');
export const startEvaluationRound = (year: number, townships?: string[]) =>
  api<RoundStart>('POST', '/evaluation/rounds', townships && townships.length > 0 ? { year, townships } : { year });
export const getEvaluationRound = (roundId: string) => api<RoundView>('GET', `/evaluation/rounds/${enc(roundId)}`);
export const getVerification = (caseId: string) => api<CaseVerification>('GET', `/audit/cases/${enc(caseId)}/verification`);
export const getTownships = () => api<Array<{ orgUnitId: string; name: string; kind: string }>>('GET', '/registry/org-units?kind=township');

export const getUnitMembers = (roundId: string, unitId: string) =>
  api<{ roundId: string; unitId: string; townshipId: string; members: UnitMemberLine[] }>(
    'GET',
    `/evaluation/rounds/${enc(roundId)}/units/${enc(unitId)}/members`,
  );

// ── Selection (选拔任用) ─────────────────────────────────────────────────────────

/** A township's people, by name: whom a selection's recommendations and targets may name (at most the API's page of 500). */
export const getTownshipPeople = (township: string) =>
  api<Page<PersonListItem>>('GET', `/registry/people?township=${enc(township)}&limit=500`).then((p) => p.items);

/** Opens a selection; the body is exactly what domain/selectionForms.ts `parseSelectionOpening` reads. */
export const startSelection = (opening: Record<string, unknown>) =>
  api<{ caseId: string; started: boolean }>('POST', '/cases/selection', opening);

// ── Starting a case (新建案件) ─────────────────────────────────────────────────────

/** Villages of a township (or of the county, without one), for the unit pickers. */
export const getVillages = (township?: string) =>
  api<Array<{ orgUnitId: string; name: string; kind: string; townshipId: string | null }>>(
    'GET',
    `/registry/org-units?${township ? `township=${enc(township)}&` : ''}kind=village`,
  );

/** Starts a probation; the body is exactly what domain/probationStart.ts `parseProbationStart` reads. */
export const startProbation = (start: Record<string, unknown>) =>
  api<{ caseId: string; started: boolean }>('POST', '/cases/probation', start);

/** Starts an election; the body is exactly what domain/electionStart.ts `parseElectionStart` reads. */
export const startElection = (start: Record<string, unknown>) =>
  api<{ caseId: string; started: boolean; form: string }>('POST', '/cases/election', start);

import type { ScreenResult } from '../../domain/rectificationStart';
export type { ListedBranch } from '../../domain/rectificationStart';

/** Screens the village branches; the body is what domain/rectificationStart.ts `parseRectificationScreening` reads. */
export const screenBranches = (screening: Record<string, unknown>) => api<ScreenResult>('POST', '/rectification/screenings', screening);

/** Starts the cases of the list; the body is what domain/rectificationStart.ts `parseRectificationStart` reads. */
export const startRectification = (start: Record<string, unknown>) =>
  api<{ on: string; started: string[]; existing: string[] }>('POST', '/cases/rectification', start);

/** Opens a member development case; the body is what domain/memberApplication.ts `parseMemberApplication` reads. */
export const startMemberApplication = (application: Record<string, unknown>) =>
  api<{ caseId: string; started: boolean; stage: string }>('POST', '/cases/member-development', application);

export const getSelectionRecord = (caseId: string) => api<{ caseId: string; lines: RecordLine[] }>('GET', `/cases/${enc(caseId)}/record`);
/** Where the browser downloads the record as a Word document (same origin: the session cookie goes with it). */
export const selectionRecordDocxUrl = (caseId: string) => `/cases/${enc(caseId)}/record.docx`;
/** A person's 干部任免审批表: the Word document (readers) and the LRMX file (county staff; access-logged). */
export const appointmentFormDocxUrl = (personId: string) => `/registry/people/${enc(personId)}/appointment-form.docx`;
export const lrmxUrl = (personId: string) => `/registry/people/${enc(personId)}/lrmx`;
