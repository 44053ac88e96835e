/**
 * 两推一选 / 双推直选 (docs/domain.md §1; 《中国共产党基层组织选举工作条例》, 2020): the
 * election of a village branch committee, or of a township committee one level up.
 *
 *   请示 → 批复 → 选举通知 → 党员推荐 + 群众推荐 (each re-held without a quorum)
 *   → 审查 (rejected nominees replaced, 递补) → 考察 per nominee → 候选人预备人选
 *   with the policy's margin (差额) → 公示 (an upheld objection strikes a candidate;
 *   the slate is refilled and posted again if it falls short) → 党员大会选举
 *   (re-held without a quorum; ties to a further ballot; vacant seats to 另行选举 or
 *   fewer seats) → 书记、副书记 → 批准 → 备案, and the registry's posts follow.
 *
 * Every step is decided by the approving body (the township committee for a village,
 * the county organization department for a township); filing is the county's.
 */
import { ApplicationFailure, defineQuery, setHandler } from '@temporalio/workflow';
import type { Actor } from '../domain/actors';
import type { DomainEvent } from '../domain/events';
import { fail, ok, type DecisionParser, type Parsed } from '../domain/decisions';
import type { Policy } from '../domain/policy';
import type { VoteTotals } from '../domain/ballots/counting';
import type { Recommendations } from '../domain/slate';
import {
  approvingRole,
  checkOfficers,
  checkReplacement,
  checkNomineeReview,
  checkSlateChoice,
  checkStrikes,
  checkEligible,
  electionWorkflowId,
  minimumSlate,
  nomineesFrom,
  parseElectionApproval,
  parseFiling,
  parseNotice,
  parseOfficers,
  parseReplacement,
  parseNomineeReview,
  parseSlate,
  parseStrikes,
  parseVetting,
  type ElectionForm,
  type Nominee,
} from '../domain/election';
import { committeePosts, type PreviousHolder } from '../domain/electionPosts';
import {
  judgeMeeting,
  meetingParser,
  type MeetingJudgement,
  type ElectionMeetingKind,
  type MeetingRecord,
} from '../domain/electionMeetings';
import {
  checkVacancy,
  decideBallot,
  parseVacancy,
  seatReduction,
  type BallotOutcome,
  type BallotSpec,
  type VacancyDecision,
} from '../domain/electionBallots';
import {
  decideElectionMeeting,
  decideFiling,
  decideNomineeReview,
  decideNotice,
  decideOfficers,
  decideRecommendationMeeting,
  decideReplacement,
  decideRequestApproval,
  decideResultApproval,
  decideSlate,
  decideStrikes,
  decideVacancy,
  decideVetting,
  electionOpened,
  evolveNominees,
} from '../domain/electionDecider';
import { CaseRuntime, humanTask, publicNotice, runCase, sleepUntilDay, taskDefaults, type Decided } from './kit';

export { electionWorkflowId };

export interface ElectionInput {
  /**
   * Who started the case (the signed-in user, or the CLI's --user account), recorded as the
   * actor of its first events. Absent in cases started before it was passed: their first
   * events carry no actor, as they did, so their histories replay unchanged.
   */
  startedBy?: Actor;
  /** The village (or branch) for the village form, the township for the township form. */
  orgUnitId: string;
  orgUnitName: string;
  townshipId: string;
  form: ElectionForm;
  /** The term being elected, e.g. '2026'. */
  term: string;
  seats: number;
  /** Posts the new committee replaces, looked up by the client when the case starts. */
  previousHolders: PreviousHolder[];
  /**
   * Who a recommendation's votes and a replacement (递补) may name: the registry's people
   * of the township (cadres and the Party register), read by the client when the case
   * starts, since a validator cannot read the database. Absent in cases started before
   * the check: those name anyone, as they did (so their histories replay unchanged).
   */
  eligiblePersons?: string[];
  policy: Policy;
}

export type ElectionOutcome = 'filed' | 'request-rejected' | 'not-approved';

export interface ElectionStatus {
  stage: string;
  seats: number;
  eligibleVoters: number | null;
  electionDate: string | null;
  nominees: Nominee[];
  slate: string[];
  committee: string[];
  secretary: string | null;
  deputy: string | null;
  outcome?: ElectionOutcome;
}

export const electionStatusQuery = defineQuery<ElectionStatus>('electionStatus');

export async function election(input: ElectionInput): Promise<ElectionOutcome> {
  const { policy, orgUnitId, townshipId, form } = input;
  // A start no retry can fix fails the case at once instead of wedging its first task.
  if (!Number.isSafeInteger(input.seats) || input.seats < 1) {
    throw ApplicationFailure.nonRetryable(`seats must be a whole number ≥ 1, got ${input.seats}`, 'InvalidElectionInput');
  }
  const rt = new CaseRuntime(policy.version);
  const caseId = rt.caseId;
  const name = input.orgUnitName;
  const status: ElectionStatus = {
    stage: 'started',
    seats: input.seats,
    eligibleVoters: null,
    electionDate: null,
    nominees: [],
    slate: [],
    committee: [],
    secretary: null,
    deputy: null,
  };
  setHandler(electionStatusQuery, () => status);

  function task<T>(spec: {
    step: string;
    title: string;
    parse: DecisionParser<T>;
    check?: (value: T) => Parsed<T>;
    onDecided?: (value: T, actor: Actor) => DomainEvent[];
    role?: 'county-org-dept';
  }): Promise<Decided<T>> {
    return humanTask(rt, {
      ...spec,
      role: spec.role ?? approvingRole(form),
      orgUnitId,
      townshipId,
      ...taskDefaults(policy),
    });
  }

  async function enter(stage: string): Promise<void> {
    status.stage = stage;
    await rt.stage(stage);
  }

  const eligible = input.eligiblePersons === undefined ? undefined : new Set(input.eligiblePersons);
  const nominees = status.nominees;
  const find = (personId: string) => nominees.find((n) => n.personId === personId);
  const passed = () => nominees.filter((n) => n.status === 'passed').map((n) => n.personId);
  const reserve = () => passed().filter((p) => !status.slate.includes(p));
  /** Applies recorded events to the nominees in place: a step holds on to the nominee it is about. */
  const applyToNominees = (events: readonly DomainEvent[]): void => {
    for (const next of events.reduce(evolveNominees, nominees as readonly Nominee[])) {
      const n = find(next.personId);
      if (!n) nominees.push({ ...next });
      else if (n !== next) Object.assign(n, next);
    }
  };

  // ── the meetings ──────────────────────────────────────────────────────────

  /** A check that refuses a form whose meeting cannot have happened as recorded. */
  function judged(kind: ElectionMeetingKind, eligibleVoters: number | undefined) {
    const judge = (m: MeetingRecord): MeetingJudgement => {
      const j = judgeMeeting(m, kind, policy, eligibleVoters);
      if (!j.ok) throw new Error(`unchecked meeting record: ${j.error}`);
      return j.value;
    };
    const check = (m: MeetingRecord): Parsed<MeetingRecord> => {
      const j = judgeMeeting(m, kind, policy, eligibleVoters);
      return j.ok ? ok(m) : j;
    };
    return { judge, check };
  }

  /** 党员推荐 or 群众推荐, held again until it has a quorum and a valid count. */
  async function recommendationMeeting(meeting: 'members' | 'masses', eligibleVoters: number): Promise<VoteTotals> {
    const kind: ElectionMeetingKind = meeting === 'members' ? 'members-recommendation' : 'masses-recommendation';
    // Only the members' meeting is bound to the notice's count; the masses' has its own.
    const { judge, check: checkMeeting } = judged(kind, meeting === 'members' ? eligibleVoters : undefined);
    // A ballot may name anyone, but a person the registry does not list in the township is no nominee.
    const check = (m: MeetingRecord): Parsed<MeetingRecord> => {
      const registered = checkEligible(Object.keys(m.count?.votes ?? {}), eligible, townshipId, 'votes');
      return registered.ok ? checkMeeting(m) : registered;
    };
    const label = meeting === 'members' ? '党员推荐' : '群众推荐';
    for (let round = 1; ; round++) {
      const d = await task({
        step: round === 1 ? kind : `${kind}-${round}`,
        title: `${label}会议${round > 1 ? `（第${round}次）` : ''} ${meeting === 'members' ? 'Members' : 'Masses'}' recommendation: ${name}`,
        parse: meetingParser('open', input.seats),
        check,
        onDecided: (m, actor) => decideRecommendationMeeting({ value: m, actor }, { caseId, meeting, round, judgement: judge(m) }),
      });
      const j = judge(d.value);
      if (j.outcome === 'counted') return j.totals;
    }
  }

  // ── nominees: replacement (递补) and vetting (考察) ────────────────────────────

  let replacements = 0;

  /**
   * 递补: someone takes the place of `replaces` (or fills a gap when null). Only after
   * the slate is set can a nominee who passed vetting but is not on it stand in.
   */
  async function replace(replaces: string | null, reserveIds: () => string[]): Promise<Decided<Nominee>> {
    const index = ++replacements;
    let added: Nominee | undefined;
    const d = await task({
      step: `replacement-${index}`,
      title: `递补人选${replaces ? `（替 ${replaces}）` : ''} Replacement ${index}: ${name}`,
      parse: parseReplacement,
      check: (d) => {
        const registered = checkEligible([d.personId], eligible, townshipId, 'personId');
        return registered.ok ? checkReplacement(d, nominees, reserveIds()) : registered;
      },
      // Claimed as the decision is accepted, so a parallel replacement cannot name the same person.
      onDecided: (d, actor) => {
        const events = decideReplacement({ value: d, actor }, { caseId, replaces, nominees });
        applyToNominees(events);
        added = find(d.personId);
        return events;
      },
    });
    return { value: added!, actor: d.actor };
  }

  async function vet(n: Nominee): Promise<void> {
    await task({
      step: `vetting-${n.personId}`,
      title: `考察 Vetting: ${n.personId} (${name})`,
      parse: parseVetting,
      onDecided: (d, actor) => {
        const events = decideVetting({ value: d, actor }, { caseId, personId: n.personId });
        applyToNominees(events);
        return events;
      },
    });
  }

  /** A replacement who still needs vetting is vetted; one who fails leaves another gap. */
  async function replaceAndVet(replaces: string | null, reserveIds: () => string[]): Promise<Decided<Nominee>> {
    const r = await replace(replaces, reserveIds);
    if (r.value.status === 'nominated') await vet(r.value);
    return r;
  }

  // ── ballots of the members' assembly ──────────────────────────────────────────

  const ballotSteps = { first: 'election-meeting', further: 'further-ballot', second: 'second-ballot' } as const;
  const ballotsHeld = { first: 0, further: 0, second: 0 };

  /** One ballot, held again until the meeting has a quorum and a valid count. */
  async function holdBallot(spec: BallotSpec, eligibleVoters: number): Promise<BallotOutcome> {
    const { judge, check: checkMeeting } = judged('election', eligibleVoters);
    const decide = (m: MeetingRecord): { j: MeetingJudgement; result?: BallotOutcome } => {
      const j = judge(m);
      return j.outcome === 'counted' ? { j, result: decideBallot(spec, j.totals, j.present, policy) } : { j };
    };
    // The ballot rule runs in the validator too: a count it cannot take is refused, never thrown mid-decision.
    const check = (m: MeetingRecord): Parsed<MeetingRecord> => {
      const c = checkMeeting(m);
      if (!c.ok) return c;
      try {
        decide(m);
        return c;
      } catch (err) {
        return fail(err instanceof Error ? err.message : String(err));
      }
    };
    for (;;) {
      const n = ++ballotsHeld[spec.kind];
      const step = n === 1 ? ballotSteps[spec.kind] : `${ballotSteps[spec.kind]}-${n}`;
      const d = await task({
        step,
        title: `党员大会选举 ${step}: ${name} (${spec.seats} seat(s), ${spec.candidates.length} candidate(s))`,
        parse: meetingParser(spec.candidates, spec.seats),
        check,
        onDecided: (m, actor) => {
          const { j, result } = decide(m);
          const state = { caseId, step, spec, seats: status.seats, filled: status.committee.length, judgement: j, result };
          return decideElectionMeeting({ value: m, actor }, state);
        },
      });
      const { result } = decide(d.value);
      if (result) return result;
    }
  }

  let vacancies = 0;

  /** 另行选举 or fewer seats, as the recorder chooses; a failed reduction vote asks again. */
  async function resolveVacancy(
    result: Extract<BallotOutcome, { outcome: 'vacant' }>,
    eligibleVoters: number,
  ): Promise<'second-ballot' | 'reduced'> {
    for (;;) {
      const index = ++vacancies;
      const d = await task<VacancyDecision>({
        step: index === 1 ? 'vacancy' : `vacancy-${index}`,
        title: `${result.vacant} 名额未选满：另行选举或减少名额 Vacant seats: ${name}`,
        parse: parseVacancy,
        check: (v) => checkVacancy(v, { remaining: result.remaining, elected: status.committee.length, eligibleVoters }),
        onDecided: (v, actor) => decideVacancy({ value: v, actor }, { caseId, seats: status.seats, ballot: result, policy }),
      });
      const v = d.value;
      if (v.action === 'second-ballot') return 'second-ballot';
      if (seatReduction(v, policy).outcome === 'reduced') {
        status.seats -= result.vacant;
        return 'reduced';
      }
    }
  }

  // ── the procedure ────────────────────────────────────────────────────────────

  const body = async (): Promise<ElectionOutcome> => {
    const { term, seats, previousHolders } = input;
    const policyVersion = policy.version;
    await rt.emit(
      'start',
      electionOpened({ caseId, orgUnitId, orgUnitName: name, townshipId, form, term, seats, previousHolders, policyVersion }),
      input.startedBy,
    );

    // 1. 请示 / 批复
    await enter('request');
    const request = await task({
      step: 'request-approval',
      title: `选举请示批复 Approve the election request: ${name}`,
      parse: parseElectionApproval,
      onDecided: (d, actor) => decideRequestApproval({ value: d, actor }, { caseId }),
    });
    if (request.value.outcome === 'reject') {
      status.outcome = 'request-rejected';
      status.stage = 'closed';
      await rt.close('close', status.outcome, [], request.actor);
      return status.outcome;
    }

    // 2. 选举通知
    await enter('notice');
    const notice = await task({
      step: 'election-notice',
      title: `选举通知 Election notice: ${name}`,
      parse: parseNotice,
      onDecided: (d, actor) => decideNotice({ value: d, actor }, { caseId }),
    });
    const { eligibleVoters, date: electionDate } = notice.value;
    status.eligibleVoters = eligibleVoters;
    status.electionDate = electionDate;

    // 3. 两推: the two meetings are independent of each other.
    await enter('recommendation');
    const [members, masses] = await Promise.all([
      recommendationMeeting('members', eligibleVoters),
      recommendationMeeting('masses', eligibleVoters),
    ]);
    const recommendations: Recommendations = { members, masses };
    nominees.push(...nomineesFrom(recommendations));

    // 4. 审查: each rejected nominee is replaced by a further recommendation.
    await enter('review');
    const review = await task({
      step: 'township-review',
      title: `审查推荐人选 Review the nominees: ${name}`,
      parse: parseNomineeReview,
      check: (d) => checkNomineeReview(d, nominees),
      onDecided: (d, actor) => decideNomineeReview({ value: d, actor }, { caseId }),
    });
    applyToNominees(decideNomineeReview(review, { caseId }));
    await Promise.all(review.value.rejected.map((personId) => replace(personId, () => [])));

    // 5. 考察, in parallel; too few passing for the margin → 递补 for those who failed.
    await enter('vetting');
    await Promise.all(nominees.filter((n) => n.status === 'nominated').map((n) => vet(n)));
    const minimum = minimumSlate(status.seats, policy);
    const replaced = new Set<string>();
    while (passed().length < minimum) {
      const gaps = nominees.filter((n) => n.status === 'failed' && !replaced.has(n.personId)).map((n) => n.personId);
      const batch = Array.from({ length: minimum - passed().length }, (_, i) => gaps[i] ?? null);
      for (const p of batch) if (p !== null) replaced.add(p);
      await Promise.all(batch.map((p) => replaceAndVet(p, () => [])));
    }

    // 6. 候选人预备人选
    await enter('slate');
    const slateDecision = await task({
      step: 'slate',
      title: `确定候选人预备人选 Set the slate: ${name} (${status.seats} seats, at least ${minimum})`,
      parse: parseSlate,
      check: (d) => {
        const c = checkSlateChoice(d.candidates, passed(), status.seats, policy, recommendations);
        return c.ok ? ok(d) : c;
      },
      onDecided: (d, actor) => decideSlate({ value: d, actor }, { caseId, round: 1, seats: status.seats, minimum }),
    });
    status.slate = [...slateDecision.value.candidates];
    // A notice posted before its step was recorded (on paper in the village) counts from that day.
    let postedOn = slateDecision.value.noticePostedOn;

    // 7. 公示: struck candidates leave the slate; below the margin it is refilled and posted again.
    await enter('slate-notice');
    for (let round = 1; ; round++) {
      const noticeStep = round === 1 ? 'slate-notice' : `slate-notice-${round}`;
      const outcome = await publicNotice(rt, {
        step: noticeStep,
        subject: `候选人预备人选公示 ${name}: ${status.slate.join('、')}`,
        workingDays: policy.publicNotice.electionSlateWorkingDays,
        orgUnitId,
        townshipId,
        findingDueWorkingDays: policy.tasks.defaultDueWorkingDays,
        reminderWorkingDaysBefore: policy.tasks.reminderWorkingDaysBefore,
        ...(postedOn !== undefined ? { postedOn } : {}),
      });
      if (outcome.upheld === 0) break;
      const slate = status.slate;
      const notice = { caseId, noticeStep, findings: outcome.findings };
      const strikes = await task({
        step: `${noticeStep}:strikes`,
        title: `公示异议成立，取消候选人资格 Strike candidates: ${name}`,
        parse: parseStrikes,
        check: (d) => checkStrikes(d, slate, outcome.upheld, minimum),
        onDecided: (d, actor) => decideStrikes({ value: d, actor }, notice),
      });
      applyToNominees(decideStrikes(strikes, notice));
      status.slate = slate.filter((p) => !strikes.value.struck.includes(p));
      if (status.slate.length >= minimum) break;
      postedOn = strikes.value.noticePostedOn;

      // One at a time: a reserve nominee is taken before anyone new is recommended.
      const gaps: Array<string | null> = [...strikes.value.struck];
      let last: Actor = strikes.actor;
      while (status.slate.length < minimum) {
        const r = await replaceAndVet(gaps.shift() ?? null, reserve);
        last = r.actor;
        if (r.value.status === 'passed') status.slate = [...status.slate, r.value.personId];
        else gaps.push(r.value.personId);
      }
      const refilled = { value: { candidates: status.slate }, actor: last };
      await rt.emit(`slate-${round + 1}`, decideSlate(refilled, { caseId, round: round + 1, seats: status.seats, minimum }), last);
    }

    // 8. 选举 at the members' assembly, on the noticed day at the earliest.
    await enter('election');
    await sleepUntilDay(rt, electionDate);
    let ballot: BallotSpec = { kind: 'first', candidates: [...status.slate], seats: status.seats };
    for (;;) {
      const result = await holdBallot(ballot, eligibleVoters);
      status.committee.push(...result.elected);
      if (result.outcome === 'filled') break;
      if (result.outcome === 'further-ballot') {
        ballot = { kind: 'further', candidates: [...result.tie.names], seats: result.tie.seats, tie: result.tie };
        continue;
      }
      if ((await resolveVacancy(result, eligibleVoters)) === 'reduced') break;
      ballot = { kind: 'second', candidates: [...result.remaining], seats: result.vacant };
    }

    // 9. 书记、副书记, elected by the new committee from among its members.
    await enter('officers');
    const officers = await task({
      step: 'officers',
      title: `选举书记、副书记 Elect the secretary and deputy: ${name}`,
      parse: parseOfficers,
      check: (d) => checkOfficers(d, status.committee),
      onDecided: (d, actor) => decideOfficers({ value: d, actor }, { caseId, committee: status.committee }),
    });
    status.secretary = officers.value.secretary;
    status.deputy = officers.value.deputy;

    // 10. 批准; the new posts start, and the posts they replace end, on the day of approval.
    await enter('approval');
    const posts = committeePosts(status.committee, officers.value, input.previousHolders, form);
    const approval = await task({
      step: 'result-approval',
      title: `审批选举结果 Approve the result: ${name}`,
      parse: parseElectionApproval,
      onDecided: (d, actor) =>
        decideResultApproval({ value: d, actor }, { caseId, orgUnitId, previousHolders: input.previousHolders, posts }),
    });
    if (approval.value.outcome === 'reject') {
      status.outcome = 'not-approved';
      status.stage = 'closed';
      await rt.close('close', status.outcome, [], approval.actor);
      return status.outcome;
    }

    // 报县委组织部备案
    await enter('filing');
    const filing = await task({
      step: 'filing',
      title: `选举结果备案 File the result: ${name}`,
      role: 'county-org-dept',
      parse: parseFiling,
      onDecided: (d, actor) => decideFiling({ value: d, actor }, { caseId }),
    });
    status.outcome = 'filed';
    status.stage = 'closed';
    await rt.close('close', status.outcome, [], filing.actor);
    return status.outcome;
  };

  return runCase(body);
}
