/**
 * 发展党员: one applicant's way into the Party (《中国共产党发展党员工作细则》, docs/domain.md §5),
 * with the seed county's gates 两考、两票、两审、两公示.
 *
 *   application → talk within a month → activist chosen by the branch, with contacts,
 *   reviewed half-yearly and observed a year at least → development target, with
 *   sponsors → theory exam, branch inspection, masses' satisfaction vote, village notice,
 *   township review, members' vote at the branch assembly, county review, higher-level
 *   notice → approval by the township committee → probationary member, oath → after the
 *   probation: conversion, one extension, or disqualification.
 *
 * A failed gate defers the target (暂缓发展); after a failed members' vote the case waits
 * out the policy's block before the township committee may put the target forward again,
 * from that gate. Every step is the township committee's, except the county review.
 *
 * A case lasts years, so it continues as new at each stage boundary (and after each
 * review, a failed round and the branch assembly), carrying its state and its stream
 * version: each run's history stays small, and step names stay unique across runs.
 */
import { allHandlersFinished, condition, continueAsNew, defineQuery, setHandler } from '@temporalio/workflow';
import type { Actor } from '../domain/actors';
import type { DomainEvent } from '../domain/events';
import type { DevelopmentStopOutcome } from '../domain/events/membership';
import type { Policy } from '../domain/policy';
import {
  activistReviewDates,
  approvalDueOn,
  GATES,
  MEMBER_DEVELOPMENT_KIND,
  massesVoteOutcome,
  membersVoteOutcome,
  observationEndsOn,
  resubmissionBlockedUntil,
  resumeGate,
  STEP,
  talkDueOn,
  theoryExamPassed,
  workingDaysUntil,
  type DevelopmentGate,
  type DevelopmentState,
} from '../domain/memberDevelopment';
import {
  applyConversion,
  checkActivistDesignation,
  checkAdmission,
  checkConversion,
  checkDevelopmentTarget,
  checkMembersVote,
  checkOath,
  checkTalk,
  checkTheoryExam,
  parseActivistDesignation,
  parseActivistReview,
  parseAdmission,
  parseConversion,
  parseCountyReview,
  parseDevelopmentTarget,
  parseMassesVoteBeforeNotice,
  parseMembersVote,
  parseOath,
  parsePassFail,
  parseResubmission,
  parseTalk,
  parseTheoryExam,
} from '../domain/memberDevelopmentForms';
import {
  decideActivistDesignation,
  decideActivistReview,
  decideAdmission,
  decideConversion,
  decideConversionClose,
  decideDevelopmentTarget,
  decideMassesVoteGate,
  decideMembersVoteGate,
  decideOath,
  decidePassFailGate,
  decideResubmission,
  decideTalk,
  decideTheoryExam,
  developmentOpened,
  developmentStopped,
  evolveDevelopment,
  roundFailed,
  stepScheduled,
} from '../domain/memberDevelopmentDecider';
import { CaseRuntime, humanTask, msUntilDay, publicNotice, serverToday } from './kit';

export interface MemberDevelopmentInput {
  personId: string;
  personName: string;
  /** The Party organization the person applied to; tasks are about it. */
  branchId: string;
  villageId: string | null;
  /** Whose committee decides the steps. */
  townshipId: string;
  policy: Policy;
  /** A new application, a person taken over from the register at their stage, or the state a previous run carried. */
  state: DevelopmentState;
  /**
   * Who started the case (the signed-in user, or the CLI's --user account), recorded as the
   * actor of its first events. Absent in cases started before it was passed: their first
   * events carry no actor, as they did, so their histories replay unchanged.
   */
  startedBy?: Actor;
  /** Set by continue-as-new: the case's stream version, and which run this is. */
  carried?: { streamVersion: number; run: number };
}

export type MemberDevelopmentOutcome = 'converted' | 'disqualified' | DevelopmentStopOutcome;

export interface MemberDevelopmentStatus {
  run: number;
  state: DevelopmentState;
  outcome?: MemberDevelopmentOutcome;
}

export const memberDevelopmentStatusQuery = defineQuery<MemberDevelopmentStatus>('memberDevelopmentStatus');

export function memberDevelopmentWorkflowId(personId: string): string {
  return `${MEMBER_DEVELOPMENT_KIND}/${personId}`;
}

/** What a run ends with: the case's outcome, or a new run carrying the state. */
type RunEnd = MemberDevelopmentOutcome | 'continue';

type GateResult = { passed: true } | { passed: false; reason: string; blockedUntil: string | null };

export async function memberDevelopment(input: MemberDevelopmentInput): Promise<MemberDevelopmentOutcome> {
  const policy = input.policy;
  const p = policy.memberDevelopment;
  const run = input.carried?.run ?? 1;
  const rt = new CaseRuntime(policy.version, input.carried?.streamVersion ?? 0);
  // Copied: the input is the history's record of how this run started.
  const s: DevelopmentState = { ...input.state, contacts: [...input.state.contacts], sponsors: [...input.state.sponsors] };
  const status: MemberDevelopmentStatus = { run, state: s };
  setHandler(memberDevelopmentStatusQuery, () => status);

  const who = { caseId: rt.caseId, personId: input.personId };
  const evolve = evolveDevelopment(p);
  /** Applies what the log recorded to the case's state, in place: the status query and the next run read it. */
  const apply = (events: readonly DomainEvent[]): void => {
    for (const event of events) Object.assign(s, evolve(s, event));
  };
  const name = input.personName;
  const task = {
    orgUnitId: input.branchId,
    townshipId: input.townshipId,
    reminderWorkingDaysBefore: policy.tasks.reminderWorkingDaysBefore,
  };
  const township = { ...task, role: 'township-committee' as const, dueWorkingDays: policy.tasks.defaultDueWorkingDays };

  /** Today in Shanghai, by the server's clock (kit/calendar.ts). */
  const today = (): Promise<string> => serverToday(s.appliedOn);

  /** Calendar waits are long (months): announced in the register, timed by the server's clock. */
  const waitUntilDay = async (day: string, step: string): Promise<void> => {
    const ms = await msUntilDay(day);
    if (ms <= 0) return;
    await rt.emit(`schedule:${step}`, stepScheduled(who, step, day));
    await rt.waitFor(() => false, ms);
  };

  const stop = async (outcome: DevelopmentStopOutcome, reason: string, actor: Actor): Promise<RunEnd> => {
    status.outcome = outcome;
    await rt.close('outcome', outcome, developmentStopped(who, { stage: s.stage, outcome, reason, actor }), actor);
    return outcome;
  };

  // ── 申请入党 → 确定入党积极分子 ─────────────────────────────────────────
  const applicantStage = async (): Promise<RunEnd> => {
    if (s.talkedOn === null) {
      const due = talkDueOn(s.appliedOn, p);
      const talk = await humanTask(rt, {
        ...township,
        step: STEP.talk,
        title: `入党申请人谈话 Talk with applicant: ${name}`,
        dueWorkingDays: workingDaysUntil(await today(), due, policy.tasks.defaultDueWorkingDays),
        parse: parseTalk,
        check: (d) => checkTalk(d, s),
        onDecided: (d, actor) => decideTalk({ value: d, actor }, who),
      });
      apply(decideTalk(talk, who));
    }

    const designation = await humanTask(rt, {
      ...township,
      step: STEP.activistDesignation,
      title: `确定入党积极分子 Activist designation: ${name}`,
      parse: parseActivistDesignation,
      check: (d) => checkActivistDesignation(d, s),
      onDecided: (d, actor) => decideActivistDesignation({ value: d, actor }, { ...who, policy: p }),
    });
    const d = designation.value;
    if (d.outcome === 'decline') return stop('not-designated', d.reason, designation.actor);
    apply(decideActivistDesignation(designation, { ...who, policy: p }));
    await rt.stage(s.stage);
    return 'continue';
  };

  // ── 入党积极分子: half-yearly reviews, then 确定发展对象 ─────────────────
  const activistStage = async (): Promise<RunEnd> => {
    const reviews = activistReviewDates(s.activistOn!, p);
    if (s.reviewsDone < reviews.length) {
      const index = s.reviewsDone + 1;
      const step = STEP.review(index);
      await waitUntilDay(reviews[s.reviewsDone]!, step);
      const review = await humanTask(rt, {
        ...township,
        step,
        title: `入党积极分子考察 第${index}次 Activist review ${index}: ${name}`,
        parse: parseActivistReview,
        onDecided: (r, actor) => decideActivistReview({ value: r, actor }, { ...who, index }),
      });
      if (review.value.outcome === 'remove') return stop('activist-removed', review.value.comment, review.actor);
      apply(decideActivistReview(review, { ...who, index }));
      return 'continue';
    }

    await waitUntilDay(observationEndsOn(s.activistOn!, p), STEP.developmentTarget);
    const target = await humanTask(rt, {
      ...township,
      step: STEP.developmentTarget,
      title: `确定发展对象 Development target: ${name}`,
      parse: parseDevelopmentTarget,
      check: (d) => checkDevelopmentTarget(d, s, p),
      onDecided: (d, actor) => decideDevelopmentTarget({ value: d, actor }, who),
    });
    apply(decideDevelopmentTarget(target, who));
    await rt.stage(s.stage);
    return 'continue';
  };

  // ── 发展对象: the gates, round by round ──────────────────────────────────
  /**
   * The day the next notice was posted, as the gate before it recorded (the masses' vote
   * for the village notice, the county review for the higher-level one); the notice
   * counts from it. Both gates run in the same run as their notice.
   */
  let noticePostedOn: string | undefined;
  const runGate = async (gate: DevelopmentGate): Promise<GateResult> => {
    const round = s.round;
    const step = STEP.gate(gate, round);
    const again = round > 1 ? ` (第${round}次提交)` : '';
    const gateState = { ...who, round, policy: p };
    switch (gate) {
      case 'theory-exam': {
        const exam = await humanTask(rt, {
          ...township,
          step,
          title: `理论考试 Theory exam${again}: ${name}`,
          parse: parseTheoryExam,
          check: (d) => checkTheoryExam(d, p),
          onDecided: (d, actor) => decideTheoryExam({ value: d, actor }, gateState),
        });
        return theoryExamPassed(exam.value.score, p)
          ? { passed: true }
          : { passed: false, reason: `theory exam ${exam.value.score} below the pass mark ${p.theoryExamPassMark}`, blockedUntil: null };
      }
      case 'branch-inspection':
      case 'township-review':
      case 'county-review': {
        const county = gate === 'county-review';
        const titles = {
          'branch-inspection': '支部考察(含政审) Branch inspection',
          'township-review': '乡镇党委预审 Township review',
          'county-review': '县委组织部审查 County review',
        } as const;
        const decided = await humanTask(rt, {
          ...township,
          ...(county ? { role: 'county-org-dept' as const } : {}),
          step,
          title: `${titles[gate]}${again}: ${name}`,
          parse: county ? parseCountyReview : parsePassFail,
          onDecided: (d, actor) => decidePassFailGate({ value: d, actor }, { ...who, round, gate }),
        });
        if (county) noticePostedOn = (decided.value as { noticePostedOn?: string }).noticePostedOn;
        return decided.value.outcome === 'pass' ? { passed: true } : { passed: false, reason: decided.value.comment, blockedUntil: null };
      }
      case 'masses-vote': {
        const vote = await humanTask(rt, {
          ...township,
          step,
          title: `群众满意票 Masses' satisfaction vote${again}: ${name}`,
          parse: parseMassesVoteBeforeNotice,
          onDecided: (d, actor) => decideMassesVoteGate({ value: d, actor }, gateState),
        });
        noticePostedOn = vote.value.noticePostedOn;
        const r = massesVoteOutcome(vote.value, p);
        return r.outcome === 'satisfied'
          ? { passed: true }
          : { passed: false, reason: `${r.approving} of ${r.cast} satisfied, ${r.needed} needed`, blockedUntil: null };
      }
      case 'village-notice':
      case 'higher-notice': {
        const village = gate === 'village-notice';
        const notice = await publicNotice(rt, {
          step,
          subject: village ? `发展对象村内公示：${name}` : `拟发展党员上级公示：${name}`,
          workingDays: policy.publicNotice.memberDevelopmentWorkingDays,
          orgUnitId: input.branchId,
          townshipId: input.townshipId,
          findingDueWorkingDays: policy.tasks.defaultDueWorkingDays,
          reminderWorkingDaysBefore: policy.tasks.reminderWorkingDaysBefore,
          ...(noticePostedOn !== undefined ? { postedOn: noticePostedOn } : {}),
        });
        noticePostedOn = undefined;
        return notice.upheld === 0
          ? { passed: true }
          : {
              passed: false,
              reason: `objection upheld during the ${village ? 'village' : 'higher-level'} notice: ${notice.findings.join('; ')}`,
              blockedUntil: null,
            };
      }
      case 'members-vote': {
        const vote = await humanTask(rt, {
          ...township,
          step,
          title: `支部大会党员赞成票 Members' vote${again}: ${name}`,
          parse: parseMembersVote,
          check: (d) => checkMembersVote(d, s, p),
          onDecided: (d, actor) => decideMembersVoteGate({ value: d, actor }, gateState),
        });
        // The assembly's day, or the block after a failed vote.
        apply(decideMembersVoteGate(vote, gateState));
        const r = membersVoteOutcome(vote.value, p);
        if (r.outcome === 'approved') return { passed: true };
        const blockedUntil = resubmissionBlockedUntil(vote.value.on, p);
        const reason =
          r.outcome === 'rejected'
            ? `members' vote: ${r.yes} yes of ${r.eligible} due to attend, ${r.needed} needed`
            : `members' vote: no quorum, ${r.present} of ${r.eligible} present`;
        return { passed: false, reason, blockedUntil };
      }
      case 'approval': {
        const assemblyOn = s.assemblyOn!;
        const admission = { ...who, assemblyOn, policy: p };
        const approval = await humanTask(rt, {
          ...township,
          step,
          title: `乡镇党委审批 Approval${again}: ${name}`,
          dueWorkingDays: workingDaysUntil(await today(), approvalDueOn(assemblyOn, p), policy.tasks.defaultDueWorkingDays),
          parse: parseAdmission,
          check: (d) => checkAdmission(d, s, p),
          onDecided: (d, actor) => decideAdmission({ value: d, actor }, admission),
        });
        if (approval.value.outcome === 'reject') return { passed: false, reason: approval.value.reason, blockedUntil: null };
        apply(decideAdmission(approval, admission));
        return { passed: true };
      }
      default: {
        const never: never = gate;
        throw new Error(`unknown gate ${String(never)}`);
      }
    }
  };

  const developmentTargetStage = async (): Promise<RunEnd> => {
    if (s.failed !== null) {
      const failedRound = s.round;
      const { gate, blockedUntil } = s.failed;
      const step = STEP.resubmission(failedRound);
      const fromGate = resumeGate(gate);
      const resubmission = { ...who, failedRound, fromGate };
      if (blockedUntil !== null) await waitUntilDay(blockedUntil, step);
      const decided = await humanTask(rt, {
        ...township,
        step,
        title: `发展对象是否重新提交 Resubmit development target: ${name}`,
        parse: parseResubmission,
        onDecided: (d, actor) => decideResubmission({ value: d, actor }, resubmission),
      });
      if (decided.value.outcome === 'drop') return stop('not-admitted', decided.value.comment, decided.actor);
      apply(decideResubmission(decided, resubmission));
      return 'continue';
    }

    while (s.nextGate < GATES.length) {
      const gate = GATES[s.nextGate]!;
      const result = await runGate(gate);
      if (!result.passed) {
        const failed = roundFailed(who, { round: s.round, gate, reason: result.reason, blockedUntil: result.blockedUntil });
        apply(failed);
        await rt.emit(`round-${s.round}:failed`, failed);
        return 'continue';
      }
      s.nextGate += 1;
      // The branch assembly splits the gates in two runs: each history stays short.
      if (gate === 'members-vote') return 'continue';
    }
    s.stage = 'probationary';
    await rt.stage(s.stage);
    return 'continue';
  };

  // ── 预备党员: oath, the probation, 转正 ─────────────────────────────────
  const probationaryStage = async (): Promise<RunEnd> => {
    if (s.oathOn === null) {
      const oath = await humanTask(rt, {
        ...township,
        step: STEP.oath,
        title: `入党宣誓 Oath: ${name}`,
        parse: parseOath,
        check: (d) => checkOath(d, s),
        onDecided: (d, actor) => decideOath({ value: d, actor }, who),
      });
      apply(decideOath(oath, who));
    }

    const step = STEP.conversion(s.extended);
    const conversion = { ...who, probationEndsOn: s.probationEndsOn! };
    await waitUntilDay(s.probationEndsOn!, step);
    const decided = await humanTask(rt, {
      ...township,
      step,
      title: `预备党员转正 Conversion: ${name}`,
      parse: parseConversion,
      check: (d) => checkConversion(d, s, p),
      onDecided: (d, actor) => decideConversion({ value: d, actor }, conversion),
    });
    const d = decided.value;
    const r = applyConversion(d, s);
    switch (r.outcome) {
      case 'extend':
        apply(decideConversion(decided, conversion));
        return 'continue';
      case 'convert':
        status.outcome = 'converted';
        await rt.close('outcome', 'converted', decideConversionClose(decided, conversion), decided.actor);
        return 'converted';
      case 'disqualify':
        status.outcome = 'disqualified';
        await rt.close('outcome', 'disqualified', decideConversionClose(decided, conversion), decided.actor);
        return 'disqualified';
      default: {
        const never: never = r;
        throw new Error(`unknown conversion result ${JSON.stringify(never)}`);
      }
    }
  };

  if (input.carried === undefined) {
    const { branchId, villageId, townshipId } = input;
    await rt.emit(
      'start',
      developmentOpened({ ...who, name, branchId, villageId, townshipId, policyVersion: policy.version }, s, p),
      input.startedBy,
    );
    await rt.stage(s.stage);
  }

  let end: RunEnd;
  switch (s.stage) {
    case 'applicant':
      end = await applicantStage();
      break;
    case 'activist':
      end = await activistStage();
      break;
    case 'development-target':
      end = await developmentTargetStage();
      break;
    case 'probationary':
      end = await probationaryStage();
      break;
    default: {
      const never: never = s.stage;
      throw new Error(`unknown stage ${String(never)}`);
    }
  }
  // An update handler may still be appending (a decision's events); a new run must not start under it.
  await condition(allHandlersFinished);
  if (end !== 'continue') return end;
  return continueAsNew<typeof memberDevelopment>({
    ...input,
    state: s,
    carried: { streamVersion: rt.streamVersion, run: run + 1 },
  });
}
