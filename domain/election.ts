/**
 * Rules of the election flow (两推一选 / 双推直选, docs/domain.md §1) that are not ballot
 * arithmetic: who decides, the forms each step takes, how nominees, slate and ballots
 * follow from one another, and which posts the result fills. Pure: the workflow calls
 * these with the policy the case started under. Quorum, counting, the winner rule and
 * the slate margin are domain/ballots/ and domain/slate.ts.
 */
import type { Role } from './actors';
import { calendarDay, count, fail, isRecord, ok, oneOf, onlyKeys, record, recordedDay, text, type DecisionParser, type Parsed } from './decisions';
import { smallestPassing } from './ballots/arithmetic';
import { checkQuorum, quorumThreshold, type MeetingKind } from './ballots/quorum';
import type { VoteTotals } from './ballots/counting';
import { decideFurtherBallot, decideSeatReduction, electWinners, type SeatReductionOutcome, type Tie } from './ballots/winners';
import { totalsFromForm, voteCountParser, type VoteCountForm } from './ballots/forms';
import { checkSlate, defaultSlateRule, slateSize, type Recommendations } from './slate';
import { RANK_VILLAGE_CADRE } from './demoCounty';
import type { ElectionForm, OfficeRole, QuorumResult } from './events/election';
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

// ── Posts (职务) ─────────────────────────────────────────────────────────────

export const OFFICE_TITLES: Readonly<Record<ElectionForm, Readonly<Record<OfficeRole, string>>>> = {
  village: { secretary: '党支部书记', deputy: '党支部副书记', member: '党支部委员' },
  township: { secretary: '党委书记', deputy: '党委副书记', member: '党委委员' },
};

/**
 * Rank of a new post when nobody held one like it before: a village post is 村干部;
 * a township secretary 正科级, the rest of the committee 副科级 (乡镇领导职数).
 */
const FALLBACK_RANK: Readonly<Record<ElectionForm, Readonly<Record<OfficeRole, string>>>> = {
  village: { secretary: RANK_VILLAGE_CADRE, deputy: RANK_VILLAGE_CADRE, member: RANK_VILLAGE_CADRE },
  township: { secretary: '正科级', deputy: '副科级', member: '副科级' },
};

/**
 * Which committee post a registry title is, if any. A combined title (一肩挑,
 * "党支部书记、村委会主任") counts by its Party part: the election replaces it.
 */
export function officeRoleOfTitle(title: string, form: ElectionForm): OfficeRole | undefined {
  const parts = title.split(/[、,，/]/).map((p) => p.trim());
  const titles = OFFICE_TITLES[form];
  for (const role of ['secretary', 'deputy', 'member'] as const) {
    if (parts.includes(titles[role])) return role;
  }
  return undefined;
}

/** A post the elected committee replaces, as the client found it in the registry. */
export interface PreviousHolder {
  assignmentId: string;
  personId: string;
  title: string;
  rank: string;
  role: OfficeRole;
}

/** The rank a post carried before (the secretary's for the secretary, …), else the form's usual one. */
export function rankForOffice(role: OfficeRole, previous: readonly PreviousHolder[], form: ElectionForm): string {
  return previous.find((p) => p.role === role)?.rank ?? FALLBACK_RANK[form][role];
}

export interface OfficeAssignment {
  personId: string;
  role: OfficeRole;
  title: string;
  rank: string;
}

/** Each member of the new committee gets one post: 书记, 副书记, or 委员. */
export function committeePosts(
  committee: readonly string[],
  officers: { secretary: string; deputy: string | null },
  previous: readonly PreviousHolder[],
  form: ElectionForm,
): OfficeAssignment[] {
  return committee.map((personId) => {
    const role: OfficeRole = personId === officers.secretary ? 'secretary' : personId === officers.deputy ? 'deputy' : 'member';
    return { personId, role, title: OFFICE_TITLES[form][role], rank: rankForOffice(role, previous, form) };
  });
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

// ── Meetings: attendance, and the count when there was a quorum ──────────────

/** A meeting as recorded: attendance always; the count only if the meeting could vote. */
export interface MeetingRecord {
  eligible: number;
  present: number;
  count: VoteCountForm | null;
}

const MEETING_FIELDS = ['eligible', 'present', 'cast', 'invalid', 'votes'] as const;

/**
 * The form of a meeting that votes. `candidates` is the list on the ballot, or 'open'
 * for a recommendation, where the names are whoever the ballots named; `seats` is how
 * many names one ballot may mark. Attendance alone (eligible, present) records a
 * meeting that could not vote.
 */
export function meetingParser(candidates: readonly string[] | 'open', seats: number): DecisionParser<MeetingRecord> {
  const fixed = candidates === 'open' ? undefined : voteCountParser({ candidates, seats });
  return (raw) => {
    if (!isRecord(raw)) return fail('decision must be an object');
    const extra = onlyKeys(raw, MEETING_FIELDS);
    if (extra) return fail(extra);
    const eligible = count(raw.eligible, 'eligible');
    if (!eligible.ok) return eligible;
    const present = count(raw.present, 'present');
    if (!present.ok) return present;
    if (eligible.value < 1) return fail('eligible must be at least 1');
    if (present.value > eligible.value) return fail(`present (${present.value}) cannot exceed eligible (${eligible.value})`);
    if (raw.cast === undefined && raw.invalid === undefined && raw.votes === undefined) {
      return ok({ eligible: eligible.value, present: present.value, count: null });
    }
    let parser = fixed;
    if (!parser) {
      if (!isRecord(raw.votes)) return fail('votes must map each person recommended to a count, e.g. votes.p-0612=25');
      const names = Object.keys(raw.votes);
      if (names.length === 0) return fail('votes must name at least one person');
      for (const name of names) {
        const id = personId(name, 'votes');
        if (!id.ok) return id;
      }
      parser = voteCountParser({ candidates: names, seats });
    }
    const form = parser(raw);
    if (!form.ok) return form;
    return ok({ eligible: eligible.value, present: present.value, count: form.value });
  };
}

export type MeetingJudgement =
  | { outcome: 'no-quorum'; quorum: QuorumResult; message: string }
  | { outcome: 'void-count'; quorum: QuorumResult; message: string }
  | { outcome: 'counted'; quorum: QuorumResult; totals: VoteTotals; present: number };

/** The meetings of an election: the two recommendations and the election itself (not 发展党员's member vote). */
export type ElectionMeetingKind = Exclude<MeetingKind, 'member-vote'>;

/**
 * Whether a recorded meeting could vote. A meeting of the members must count every
 * member with a vote as the notice did; a count recorded without a quorum, or a quorum
 * recorded without a count, is refused so the record says what happened.
 */
export function judgeMeeting(
  m: MeetingRecord,
  kind: ElectionMeetingKind,
  policy: Policy,
  eligibleVoters: number | undefined,
): Parsed<MeetingJudgement> {
  if (eligibleVoters !== undefined && m.eligible !== eligibleVoters) {
    return fail(`eligible must be the ${eligibleVoters} members with voting rights named in the notice, got ${m.eligible}`);
  }
  const threshold = quorumThreshold(kind, policy);
  const needed = smallestPassing(m.eligible, threshold);
  const quorum = checkQuorum({ eligible: m.eligible, present: m.present }, threshold);
  if (!quorum.ok) {
    if (m.count) return fail(`${quorum.message}: without a quorum the meeting cannot vote; record eligible and present only`);
    return ok({ outcome: 'no-quorum', quorum: { met: false, needed }, message: quorum.message });
  }
  if (!m.count) return fail(`${m.present} of ${m.eligible} present is a quorum: record cast, invalid and votes`);
  const totals = totalsFromForm(m.count);
  if (!totals.ok) return ok({ outcome: 'void-count', quorum: { met: true, needed }, message: totals.message });
  return ok({ outcome: 'counted', quorum: { met: true, needed }, totals: totals.tally, present: m.present });
}

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
      return fail(`${d.personId} is already a nominee (${existing.status}); name someone else${reserve.length ? ` or one of ${reserve.join(', ')}` : ''}`);
    }
    if (d.memberVotes !== null || d.massesVotes !== null) return fail(`${d.personId} is a nominee already: their recorded votes stand, give none`);
    return ok(d);
  }
  if (d.memberVotes === null || d.massesVotes === null) return fail('a new nominee needs memberVotes and massesVotes from the further recommendation');
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
    return fail(`noticePostedOn: the slate keeps ${slate.length - d.struck.length} of at least ${minimum} candidates, so it is not refilled nor posted again`);
  }
  return ok(d);
}

// ── 8. 选举: ballots ─────────────────────────────────────────────────────────

/** The first ballot on the slate, a further ballot among tied candidates, or 另行选举. */
export interface BallotSpec {
  kind: 'first' | 'further' | 'second';
  candidates: string[];
  seats: number;
  /** For a further ballot: the tie it settles. */
  tie?: Tie;
}

export type BallotOutcome =
  | { outcome: 'filled'; elected: string[]; needed: number | null }
  | { outcome: 'further-ballot'; elected: string[]; tie: Tie; needed: number | null }
  | { outcome: 'vacant'; elected: string[]; vacant: number; remaining: string[]; needed: number };

/**
 * What a counted ballot decides. Winners need yes-votes meeting the policy's share of
 * those present (exactly half fails by default); equal votes at the cut-off go to a
 * further ballot; too few winners leave seats vacant. A further ballot needs no share:
 * everyone in it already passed.
 */
export function decideBallot(spec: BallotSpec, totals: VoteTotals, present: number, policy: Pick<Policy, 'election'>): BallotOutcome {
  if (spec.kind === 'further') {
    if (!spec.tie) throw new Error('a further ballot needs the tie it settles');
    const r = decideFurtherBallot(totals, spec.tie);
    const elected = r.elected.map((c) => c.name);
    return r.outcome === 'filled'
      ? { outcome: 'filled', elected, needed: null }
      : { outcome: 'further-ballot', elected, tie: r.tie, needed: null };
  }
  const r = electWinners(totals, present, spec.seats, policy.election, 'further-ballot');
  const elected = r.elected.map((c) => c.name);
  switch (r.outcome) {
    case 'filled':
      return { outcome: 'filled', elected, needed: r.needed };
    case 'further-ballot':
      return { outcome: 'further-ballot', elected, tie: r.tie, needed: r.needed };
    case 'vacant':
      return { outcome: 'vacant', elected, vacant: r.vacant, remaining: r.remaining.map((c) => c.name), needed: r.needed };
    default: {
      const never: never = r;
      throw new Error(`unknown ballot outcome ${JSON.stringify(never)}`);
    }
  }
}

export const VACANCY_ACTIONS = ['second-ballot', 'reduce-seats'] as const;

export type VacancyDecision =
  | { action: 'second-ballot' }
  | { action: 'reduce-seats'; agreeing: number; present: number };

/** The recorder's choice for seats left vacant: 另行选举, or the assembly's vote to reduce the seats. */
export const parseVacancy: DecisionParser<VacancyDecision> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const action = oneOf(raw.action, 'action', VACANCY_ACTIONS);
  if (!action.ok) return action;
  if (action.value === 'second-ballot') {
    const extra = onlyKeys(raw, ['action']);
    return extra ? fail(`${extra}; a second ballot needs no votes`) : ok({ action: 'second-ballot' });
  }
  const extra = onlyKeys(raw, ['action', 'agreeing', 'present']);
  if (extra) return fail(extra);
  const agreeing = count(raw.agreeing, 'agreeing');
  if (!agreeing.ok) return agreeing;
  const present = count(raw.present, 'present');
  if (!present.ok) return present;
  if (present.value < 1) return fail('present must be at least 1');
  if (agreeing.value > present.value) return fail(`agreeing (${agreeing.value}) cannot exceed present (${present.value})`);
  return ok({ action: 'reduce-seats', agreeing: agreeing.value, present: present.value });
};

export function checkVacancy(
  d: VacancyDecision,
  ctx: { remaining: readonly string[]; elected: number; eligibleVoters: number },
): Parsed<VacancyDecision> {
  if (d.action === 'second-ballot' && ctx.remaining.length === 0) return fail('no candidates remain for a second ballot: reduce the seats');
  if (d.action === 'reduce-seats') {
    if (ctx.elected === 0) return fail('nobody was elected: the seats cannot be reduced to none, hold a second ballot');
    if (d.present > ctx.eligibleVoters) return fail(`present (${d.present}) cannot exceed the ${ctx.eligibleVoters} members with voting rights`);
  }
  return ok(d);
}

export function seatReduction(d: { agreeing: number; present: number }, policy: Pick<Policy, 'election'>): SeatReductionOutcome {
  return decideSeatReduction(d.agreeing, d.present, policy.election);
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
  for (const [field, id] of [['secretary', d.secretary], ['deputy', d.deputy]] as const) {
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
