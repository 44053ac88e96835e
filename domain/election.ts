/**
 * Rules of the election flow (两推一选 / 双推直选, docs/domain.md §1): who decides, and
 * the form each step's decision takes and the checks it must pass, from the request to
 * the filing; how nominees follow from the recommendations and the slate from them.
 * Pure: the workflow calls these with the policy the case started under. The meetings
 * that vote are domain/electionMeetings.ts, the ballots of the assembly
 * domain/electionBallots.ts, the posts the result fills domain/electionPosts.ts; quorum,
 * counting, the winner rule and the slate margin are domain/ballots/ and domain/slate.ts.
 */
import type { Role } from './actors';
import {
  calendarDay,
  count,
  fail,
  isRecord,
  ok,
  oneOf,
  onlyKeys,
  record,
  recordedDay,
  text,
  type DecisionParser,
  type Parsed,
} from './decisions';
import { checkSlate, defaultSlateRule, slateSize, type Recommendations } from './slate';
import type { ElectionForm } from './events/election';
import type { Policy } from './policy';

export type { ElectionForm, OfficeRole } from './events/election';

export const ELECTION_FORMS = ['village', 'township'] as const satisfies readonly ElectionForm[];

/** One case per unit and term: starting it twice starts nothing. */
export function electionWorkflowId(orgUnitId: string, term: string): string {
  return `election/${orgUnitId}/${term}`;
}

/**
 * Who approves and records every step: the township committee for a village branch,
 * the county organization department for a township committee (one level up).
 */
export function approvingRole(form: ElectionForm): Role {
  switch (form) {
    case 'village':
      return 'township-committee';
    case 'township':
      return 'county-org-dept';
    default: {
      const never: never = form;
      throw new Error(`unknown election form ${JSON.stringify(never)}`);
    }
  }
}

// ── Small field parsers ─────────────────────────────────────────────────────

const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function personId(raw: unknown, field: string): Parsed<string> {
  if (typeof raw !== 'string' || !PERSON_ID.test(raw.trim())) {
    return fail(`${field} must be a person id from the registry (e.g. p-0612), got ${JSON.stringify(raw)}`);
  }
  return ok(raw.trim());
}

/** A list of person ids: a JSON array, or text separated by commas (the CLI's `-f slate=p-1,p-2`). */
export function personList(raw: unknown, field: string, opts: { required: boolean }): Parsed<string[]> {
  let items: unknown[];
  if (raw === undefined || raw === null || raw === '') items = [];
  else if (Array.isArray(raw)) items = raw;
  else if (typeof raw === 'string') items = raw.split(/[,，、\s]+/).filter((s) => s !== '');
  else return fail(`${field} must be a list of person ids, got ${JSON.stringify(raw)}`);
  if (opts.required && items.length === 0) return fail(`${field} must name at least one person`);
  const out: string[] = [];
  for (const item of items) {
    const id = personId(item, field);
    if (!id.ok) return id;
    if (out.includes(id.value)) return fail(`${field} names ${id.value} twice`);
    out.push(id.value);
  }
  return ok(out);
}

/**
 * Whether every person a decision names is one the election may name: a person of the
 * township in the registry (its cadres and its Party register), as read when the case
 * started. `eligible` is undefined for a case started before the check, which names
 * anyone; its validator and its replay then both accept as they did.
 */
export function checkEligible(
  ids: readonly string[],
  eligible: ReadonlySet<string> | undefined,
  townshipId: string,
  field: string,
): Parsed<void> {
  if (eligible === undefined) return ok(undefined);
  const outside = ids.filter((id) => !eligible.has(id));
  if (outside.length === 0) return ok(undefined);
  const list = outside.join(', ');
  return fail(
    `${field} names ${list}: not registered as ${outside.length === 1 ? 'a person' : 'people'} of township ${townshipId} ` +
      `(unknown to the registry, or of another township) / ${outside.join('、')} 不是本乡镇（${townshipId}）登记在册的人员`,
  );
}

// ── 1. 请示 / 批复, and 10. approval of the result ───────────────────────────

export const APPROVAL_OUTCOMES = ['approve', 'reject'] as const;

export interface ElectionApprovalDecision {
  outcome: (typeof APPROVAL_OUTCOMES)[number];
  reason: string;
}

/** The approving body's answer; a rejection must say why. */
export const parseElectionApproval: DecisionParser<ElectionApprovalDecision> = (raw) => {
  const parsed = record<ElectionApprovalDecision>({
    outcome: (v) => oneOf(v, 'outcome', APPROVAL_OUTCOMES),
    reason: (v) => text(v, 'reason', { required: false }),
  })(raw);
  if (parsed.ok && parsed.value.outcome === 'reject' && parsed.value.reason === '') return fail('reason is required to reject');
  return parsed;
};

// ── 2. 选举通知 ───────────────────────────────────────────────────────────────

export interface NoticeDecision {
  /** The day of the election meeting (党员大会); its task opens no earlier. */
  date: string;
  method: string;
  /** Full members with voting rights (有表决权的正式党员): the base of every members' quorum. */
  eligibleVoters: number;
}

export const parseNotice: DecisionParser<NoticeDecision> = (raw) => {
  const parsed = record<NoticeDecision>({
    date: (v) => calendarDay(v, 'date'),
    method: (v) => text(v, 'method', { required: true, max: 200 }),
    eligibleVoters: (v) => count(v, 'eligibleVoters'),
  })(raw);
  if (parsed.ok && parsed.value.eligibleVoters < 1) return fail('eligibleVoters must be at least 1');
  return parsed;
};

// ── 3–4. Nominees (推荐人选) ─────────────────────────────────────────────────

export type NomineeStatus = 'nominated' | 'rejected' | 'passed' | 'failed' | 'struck';

export interface Nominee {
  personId: string;
  memberVotes: number;
  massesVotes: number;
  status: NomineeStatus;
  /** Whom this nominee replaced (递补), if anyone. */
  replaces: string | null;
}

/**
 * Everyone either recommendation named with at least one vote, most votes (both meetings
 * together) first, then more members' votes, then by id so the order is total.
 */
export function nomineesFrom(r: Recommendations): Nominee[] {
  const names = [...new Set([...Object.keys(r.members.votes), ...Object.keys(r.masses.votes)])];
  return names
    .map((personId) => ({
      personId,
      memberVotes: r.members.votes[personId] ?? 0,
      massesVotes: r.masses.votes[personId] ?? 0,
      status: 'nominated' as NomineeStatus,
      replaces: null,
    }))
    .filter((n) => n.memberVotes + n.massesVotes > 0)
    .sort(byVotes);
}

function byVotes(a: Nominee, b: Nominee): number {
  const d = b.memberVotes + b.massesVotes - (a.memberVotes + a.massesVotes);
  if (d !== 0) return d;
  if (a.memberVotes !== b.memberVotes) return b.memberVotes - a.memberVotes;
  return a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0;
}

export interface NomineeReviewDecision {
  rejected: string[];
  reason: string;
}

/** 乡镇党委审查: the nominees it rejects (each then replaced by 递补), and why. */
export const parseNomineeReview: DecisionParser<NomineeReviewDecision> = (raw) => {
  const parsed = record<NomineeReviewDecision>({
    rejected: (v) => personList(v, 'rejected', { required: false }),
    reason: (v) => text(v, 'reason', { required: false }),
  })(raw);
  if (parsed.ok && parsed.value.rejected.length > 0 && parsed.value.reason === '') return fail('reason is required to reject a nominee');
  return parsed;
};

export function checkNomineeReview(d: NomineeReviewDecision, nominees: readonly Nominee[]): Parsed<NomineeReviewDecision> {
  const known = nominees.map((n) => n.personId);
  const unknown = d.rejected.find((p) => !known.includes(p));
  if (unknown !== undefined) return fail(`${unknown} is not a nominee (nominees: ${known.join(', ')})`);
  return ok(d);
}

export interface ReplacementDecision {
  personId: string;
  memberVotes: number | null;
  massesVotes: number | null;
}

export const parseReplacement: DecisionParser<ReplacementDecision> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['personId', 'memberVotes', 'massesVotes']);
  if (extra) return fail(extra);
  const id = personId(raw.personId, 'personId');
  if (!id.ok) return id;
  const votes = (v: unknown, field: string): Parsed<number | null> => (v === undefined ? ok(null) : count(v, field));
  const m = votes(raw.memberVotes, 'memberVotes');
  if (!m.ok) return m;
  const M = votes(raw.massesVotes, 'massesVotes');
  if (!M.ok) return M;
  return ok({ personId: id.value, memberVotes: m.value, massesVotes: M.value });
};

/**
 * A replacement is someone new, recorded with the votes of the further recommendation
 * (递补推荐), or a nominee who passed vetting and is not on the slate (`reserve`), who
 * keeps the votes already recorded.
 */
export function checkReplacement(
  d: ReplacementDecision,
  nominees: readonly Nominee[],
  reserve: readonly string[],
): Parsed<ReplacementDecision> {
  const existing = nominees.find((n) => n.personId === d.personId);
  if (existing) {
    if (!reserve.includes(d.personId)) {
      return fail(
        `${d.personId} is already a nominee (${existing.status}); name someone else${reserve.length ? ` or one of ${reserve.join(', ')}` : ''}`,
      );
    }
    if (d.memberVotes !== null || d.massesVotes !== null)
      return fail(`${d.personId} is a nominee already: their recorded votes stand, give none`);
    return ok(d);
  }
  if (d.memberVotes === null || d.massesVotes === null)
    return fail('a new nominee needs memberVotes and massesVotes from the further recommendation');
  if (d.memberVotes + d.massesVotes === 0) return fail(`${d.personId} has no recommendation votes`);
  return ok(d);
}

// ── 5. 考察 ──────────────────────────────────────────────────────────────────

export const VETTING_OUTCOMES = ['pass', 'fail'] as const;

export interface VettingDecision {
  outcome: (typeof VETTING_OUTCOMES)[number];
  findings: string;
}

export const parseVetting: DecisionParser<VettingDecision> = (raw) => {
  const parsed = record<VettingDecision>({
    outcome: (v) => oneOf(v, 'outcome', VETTING_OUTCOMES),
    findings: (v) => text(v, 'findings', { required: false }),
  })(raw);
  if (parsed.ok && parsed.value.outcome === 'fail' && parsed.value.findings === '') return fail('findings are required when vetting fails');
  return parsed;
};

// ── 6. 候选人预备人选 ────────────────────────────────────────────────────────

export function minimumSlate(seats: number, policy: Pick<Policy, 'election'>): number {
  return slateSize(seats, defaultSlateRule(policy.election)).min;
}

export interface SlateDecision {
  candidates: string[];
  /** The day the slate's notice (公示) was posted, if it was before this decision was recorded. */
  noticePostedOn?: string;
}

export const parseSlate: DecisionParser<SlateDecision> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['candidates', 'noticePostedOn']);
  if (extra) return fail(extra);
  const candidates = personList(raw.candidates, 'candidates', { required: true });
  if (!candidates.ok) return candidates;
  const posted = recordedDay(raw.noticePostedOn, 'noticePostedOn');
  if (!posted.ok) return posted;
  return ok({ candidates: candidates.value, ...(posted.value !== undefined ? { noticePostedOn: posted.value } : {}) });
};

/** Only nominees who passed vetting, and as many as the policy's margin (差额) asks. */
export function checkSlateChoice(
  slate: readonly string[],
  available: readonly string[],
  seats: number,
  policy: Pick<Policy, 'election'>,
  recommendations: Recommendations,
): Parsed<string[]> {
  const outside = slate.find((p) => !available.includes(p));
  if (outside !== undefined) return fail(`${outside} is not a nominee who passed vetting (available: ${available.join(', ') || 'none'})`);
  const checked = checkSlate(slate, seats, defaultSlateRule(policy.election), recommendations);
  return checked.ok ? ok([...slate]) : fail(checked.message);
}

// ── 7. 公示: strikes ─────────────────────────────────────────────────────────

export interface StrikeDecision {
  struck: string[];
  /**
   * When the slate falls short and is refilled: the day the refilled slate's notice was
   * posted, if it was before the refill was recorded.
   */
  noticePostedOn?: string;
}

export const parseStrikes: DecisionParser<StrikeDecision> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['struck', 'noticePostedOn']);
  if (extra) return fail(extra);
  const struck = personList(raw.struck, 'struck', { required: true });
  if (!struck.ok) return struck;
  const posted = recordedDay(raw.noticePostedOn, 'noticePostedOn');
  if (!posted.ok) return posted;
  return ok({ struck: struck.value, ...(posted.value !== undefined ? { noticePostedOn: posted.value } : {}) });
};

/**
 * Each upheld objection concerns one candidate; several may concern the same one. A
 * posting day for the refilled slate's notice only when the slate falls below `minimum`.
 */
export function checkStrikes(d: StrikeDecision, slate: readonly string[], upheld: number, minimum?: number): Parsed<StrikeDecision> {
  const outside = d.struck.find((p) => !slate.includes(p));
  if (outside !== undefined) return fail(`${outside} is not on the slate (${slate.join(', ')})`);
  if (d.struck.length > upheld) return fail(`${d.struck.length} candidates named for ${upheld} upheld objection(s)`);
  if (d.noticePostedOn !== undefined && minimum !== undefined && slate.length - d.struck.length >= minimum) {
    return fail(
      `noticePostedOn: the slate keeps ${slate.length - d.struck.length} of at least ${minimum} candidates, so it is not refilled nor posted again`,
    );
  }
  return ok(d);
}

// ── 9. 书记、副书记 ───────────────────────────────────────────────────────────

export interface OfficersDecision {
  secretary: string;
  deputy: string | null;
}

export const parseOfficers: DecisionParser<OfficersDecision> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['secretary', 'deputy']);
  if (extra) return fail(extra);
  const secretary = personId(raw.secretary, 'secretary');
  if (!secretary.ok) return secretary;
  if (raw.deputy === undefined || raw.deputy === null || raw.deputy === '') return ok({ secretary: secretary.value, deputy: null });
  const deputy = personId(raw.deputy, 'deputy');
  if (!deputy.ok) return deputy;
  if (deputy.value === secretary.value) return fail('the secretary cannot also be the deputy');
  return ok({ secretary: secretary.value, deputy: deputy.value });
};

export function checkOfficers(d: OfficersDecision, committee: readonly string[]): Parsed<OfficersDecision> {
  for (const [field, id] of [
    ['secretary', d.secretary],
    ['deputy', d.deputy],
  ] as const) {
    if (id !== null && !committee.includes(id)) return fail(`${field} ${id} was not elected to the committee (${committee.join(', ')})`);
  }
  return ok(d);
}

// ── 10. 备案 ─────────────────────────────────────────────────────────────────

export interface FilingDecision {
  /** 备案文号, if the department gives one. */
  reference: string;
}

export const parseFiling: DecisionParser<FilingDecision> = record<FilingDecision>({
  reference: (v) => text(v, 'reference', { required: false, max: 200 }),
});
