/**
 * 选拔任用 (docs/domain.md §2.1; 《党政领导干部选拔任用工作条例》, 2019): the selection and
 * appointment of a cadre to a post, one case per selection.
 *
 *   1 分析研判和动议: the county opens the selection; the committee's leaders approve the plan
 *   2 民主推荐: the meeting recommendation and the talk recommendation, in either order
 *   3 确定考察对象: targets with a written reason each (差额 when competitive), posted if the county says so
 *   4 考察: the team; per target the four checks (凡提四必) and then the report
 *   5 讨论决定: the committee votes each candidate (re-held without a quorum); if nobody is
 *     approved, the county keeps the post open or goes back to step 3
 *   6 任前公示 per approved candidate: an upheld objection cancels that appointment
 *   7 任职: the letter and the talk; a non-elected post starts the probation (试用期)
 *
 * Every step is the county organization department's.
 */
import { ApplicationFailure, defineQuery, patched, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import type { Actor } from '../domain/actors';
import { APPEND_TIME, type DomainEvent } from '../domain/events';
import type { Policy } from '../domain/policy';
import { ok, type DecisionParser, type Parsed } from '../domain/decisions';
import {
  checkInspectionTeam,
  checkTargets,
  inspectionStanding,
  INSPECTION_CHECKS,
  parseCheckResult,
  parseMeetingRecommendation,
  parseTalkRecommendation,
  parseTargets,
  type CheckResult,
  type InspectionTarget,
  type MeetingRecommendation,
  type TalkRecommendation,
} from '../domain/selection';
import {
  checkCommitteeDays,
  judgeCommitteeMeeting,
  parseCommitteeMeeting,
  type CommitteeJudgement,
  type CommitteeMeeting,
} from '../domain/selectionVote';
import {
  checkPlanApprovalDay,
  parseAppointment,
  parseInspectionReport,
  parseInspectionTeam,
  parsePlanApproval,
  parseVoteFailedChoice,
  type SelectionOpening,
} from '../domain/selectionForms';
import {
  cancelAppointment,
  decideAppointment,
  decideCheck,
  decideCommitteeVote,
  decideInspectionReport,
  decideInspectionTeam,
  decideMeetingRecommendation,
  decideOpening,
  decidePlanApproval,
  decideTalkRecommendation,
  decideTargets,
  decideVoteFailed,
} from '../domain/selectionDecider';
import { CaseRuntime, decisionToday, humanTask, publicNotice, runCase, taskDefaults, type Decided } from './kit';
import { probation, probationWorkflowId, type ProbationInput } from './probation';
import { CASE_KIND } from './searchAttributes';
import { childCaseSearchAttributes } from './kit/childSearchAttributes';

/** A person the selection may name, as the registry had them when the case started. */
export interface SelectionPerson {
  name: string;
  /** The rank held now; restored if a probation that follows fails. */
  rank: string;
}

export interface SelectionInput extends SelectionOpening {
  orgUnitName: string;
  /** The township whose cadre is selected; a county unit's selection names the county. */
  townshipId: string;
  /** Who opened the selection (county staff), recorded on SelectionOpened. */
  openedBy: Actor;
  /** Registry people the targets may be, read by the client when the case starts. */
  people: Record<string, SelectionPerson>;
  policy: Policy;
}

export type SelectionOutcome = 'appointed' | 'kept-open' | 'appointments-cancelled';

export interface SelectionStatus {
  stage: string;
  round: number;
  targets: string[];
  cleared: string[];
  approved: string[];
  appointed: string[];
  probations: string[];
  outcome?: SelectionOutcome;
}

export const selectionStatusQuery = defineQuery<SelectionStatus>('selectionStatus');

export async function selection(input: SelectionInput): Promise<SelectionOutcome> {
  const { policy, post } = input;
  if (!Number.isSafeInteger(post.positions) || post.positions < 1) {
    throw ApplicationFailure.nonRetryable(`positions must be a whole number ≥ 1, got ${post.positions}`, 'InvalidSelectionInput');
  }
  const rt = new CaseRuntime(policy.version);
  const caseId = rt.caseId;
  const status: SelectionStatus = { stage: 'started', round: 0, targets: [], cleared: [], approved: [], appointed: [], probations: [] };
  setHandler(selectionStatusQuery, () => status);
  const who = `${input.orgUnitName} ${post.title}`;

  function task<T>(spec: {
    step: string;
    title: string;
    parse: DecisionParser<T>;
    check?: (value: T) => Parsed<T>;
    onDecided: (decision: Decided<T>) => DomainEvent[];
  }): Promise<Decided<T>> {
    return humanTask(rt, {
      ...spec,
      role: 'county-org-dept',
      orgUnitId: input.orgUnitId,
      townshipId: input.townshipId,
      ...taskDefaults(policy),
      onDecided: (value, actor) => spec.onDecided({ value, actor }),
    });
  }

  async function enter(stage: string): Promise<void> {
    status.stage = stage;
    await rt.stage(stage);
  }

  /** 2 民主推荐: both parts recorded, in whichever order they come. */
  async function recommend(): Promise<{ meeting: MeetingRecommendation; talks: TalkRecommendation }> {
    await enter('recommendation');
    const [meeting, talks] = await Promise.all([
      task({
        step: 'meeting-recommendation',
        title: `会议推荐 Meeting recommendation: ${who}`,
        parse: parseMeetingRecommendation,
        onDecided: (d) => decideMeetingRecommendation(d, { caseId }),
      }),
      task({
        step: 'talk-recommendation',
        title: `谈话调研推荐 Talk recommendation: ${who}`,
        parse: parseTalkRecommendation,
        onDecided: (d) => decideTalkRecommendation(d, { caseId }),
      }),
    ]);
    return { meeting: meeting.value, talks: talks.value };
  }

  /** 3 确定考察对象, posted when the county posts the list; an upheld objection sends it back. */
  async function chooseTargets(
    round: number,
    rec: { meeting: MeetingRecommendation; talks: TalkRecommendation },
  ): Promise<InspectionTarget[]> {
    for (let attempt = 1; ; attempt++) {
      const step = attempt === 1 ? `targets-${round}` : `targets-${round}-${attempt}`;
      const d = await task({
        step,
        title: `确定考察对象 Inspection targets: ${who}`,
        parse: parseTargets,
        check: (targets) => checkTargets(targets, { method: input.method, positions: post.positions, ...rec }, policy),
        onDecided: (d) => decideTargets(d, { caseId, round }),
      });
      status.targets = d.value.targets.map((t) => t.personId);
      if (policy.selection.targetNoticeWorkingDays === 0) return d.value.targets;
      const notice = await publicNotice(rt, {
        step: `${step}-notice`,
        subject: `考察对象公示：${who}`,
        workingDays: policy.selection.targetNoticeWorkingDays,
        orgUnitId: input.orgUnitId,
        townshipId: input.townshipId,
        findingDueWorkingDays: policy.tasks.defaultDueWorkingDays,
        reminderWorkingDaysBefore: policy.tasks.reminderWorkingDaysBefore,
      });
      if (notice.upheld === 0) return d.value.targets;
    }
  }

  /** 4 考察 of one target: the four checks side by side, then the report if none failed. */
  async function inspect(round: number, target: InspectionTarget): Promise<boolean> {
    const results: CheckResult[] = [];
    await Promise.all(
      INSPECTION_CHECKS.map((check) =>
        task({
          step: `check-${round}-${target.personId}-${check}`,
          title: `凡提四必 ${check}: ${personName(target.personId)} (${who})`,
          parse: parseCheckResult(check),
          onDecided: (d) => {
            const events = decideCheck(d, { caseId, round, personId: target.personId, earlier: [...results] });
            results.push(d.value);
            return events;
          },
        }),
      ),
    );
    if (inspectionStanding(results).standing !== 'cleared') return false;
    await task({
      step: `report-${round}-${target.personId}`,
      title: `考察材料 Inspection report: ${personName(target.personId)} (${who})`,
      parse: parseInspectionReport,
      onDecided: (d) => decideInspectionReport(d, { caseId, round, personId: target.personId }),
    });
    return true;
  }

  /**
   * 5 讨论决定, held again until it has a quorum; the approved candidates, and the day their
   * notice was posted if the record says so.
   */
  async function committeeDecides(round: number, candidates: string[]): Promise<{ approved: string[]; noticePostedOn?: string }> {
    for (let meeting = 1; ; meeting++) {
      const judge = (m: CommitteeMeeting): Parsed<CommitteeJudgement> => {
        const unknown = m.votes.find((v) => !candidates.includes(v.personId));
        if (unknown)
          return { ok: false, error: `${unknown.personId} is not a candidate of this selection (candidates: ${candidates.join(', ')})` };
        return judgeCommitteeMeeting(m, policy);
      };
      let judgement: CommitteeJudgement | undefined;
      const decided = await task({
        step: `committee-${round}-${meeting}`,
        title: `讨论决定 Committee decision: ${who}`,
        parse: parseCommitteeMeeting,
        check: (m) => {
          const j = judge(m);
          // Records from before heldOn and noticePostedOn carry neither, so this refuses none of them.
          return j.ok ? checkCommitteeDays(m, j.value, { openedOn: input.openedOn, today: decisionToday() }) : j;
        },
        onDecided: (d) => {
          const j = judge(d.value);
          if (!j.ok) throw new Error(`unchecked committee record: ${j.error}`);
          judgement = j.value;
          return decideCommitteeVote(d, { caseId, round, meeting, judgement: j.value });
        },
      });
      if (judgement!.outcome === 'voted') {
        const approved = judgement!.results.filter((r) => r.approved).map((r) => r.personId);
        const { noticePostedOn } = decided.value;
        return { approved, ...(noticePostedOn !== undefined ? { noticePostedOn } : {}) };
      }
    }
  }

  function personName(personId: string): string {
    return input.people[personId]?.name ?? personId;
  }

  /**
   * 6 任前公示 and 7 任职 of one approved candidate; the probation it starts, if any. The
   * notice counts from `postedOn` when it was posted before the vote was entered.
   */
  async function appoint(personId: string, postedOn: string | undefined): Promise<boolean> {
    const notice = await publicNotice(rt, {
      step: `pre-appointment-notice-${personId}`,
      subject: `任前公示：${personName(personId)} 拟任 ${who}`,
      workingDays: policy.publicNotice.preAppointmentWorkingDays,
      orgUnitId: input.orgUnitId,
      townshipId: input.townshipId,
      findingDueWorkingDays: policy.tasks.defaultDueWorkingDays,
      reminderWorkingDaysBefore: policy.tasks.reminderWorkingDaysBefore,
      ...(postedOn !== undefined ? { postedOn } : {}),
    });
    if (notice.upheld > 0) {
      await rt.emit(`appointment-cancelled-${personId}`, cancelAppointment({ caseId, personId, findings: notice.findings }));
      return false;
    }
    // The probation's id follows from the letter's day, so the appointment records it with the decision.
    const probationCaseId = (letterOn: string) => (post.nonElected ? probationWorkflowId(personId, `${post.postId}-${letterOn}`) : null);
    const letter = await task({
      step: `appointment-${personId}`,
      title: `任职 Appointment: ${personName(personId)} (${who})`,
      parse: parseAppointment,
      onDecided: (d) =>
        decideAppointment(d, { caseId, personId, postTitle: post.title, probationCaseId: probationCaseId(d.value.letterOn) }),
    });
    const probationId = probationCaseId(letter.value.letterOn);
    if (probationId !== null) {
      const child: ProbationInput = {
        personId,
        personName: personName(personId),
        orgUnitId: input.orgUnitId,
        townshipId: input.townshipId,
        title: post.title,
        trialRank: post.rank,
        previousRank: input.people[personId]?.rank ?? '',
        appointedOn: letter.value.letterOn,
        village: false,
        // The selection held the notice already.
        preAppointmentNotice: false,
        policy,
      };
      await startChild(probation, {
        workflowId: probationId,
        args: [child],
        // The probation runs for a year after the selection has closed.
        parentClosePolicy: 'ABANDON',
        ...(workflowInfo().typedSearchAttributes.get(CASE_KIND) !== undefined
          ? { typedSearchAttributes: childCaseSearchAttributes('probation', input.townshipId, personId) }
          : {}),
      });
      status.probations.push(probationId);
    }
    status.appointed.push(personId);
    return true;
  }

  const body = async (): Promise<SelectionOutcome> => {
    // 1 分析研判和动议
    await rt.emit('start', [
      {
        type: 'CaseStarted',
        data: {
          caseId,
          kind: 'selection',
          subjectId: `${input.orgUnitId}/${post.postId}`,
          townshipId: input.townshipId,
          policyVersion: policy.version,
          startedAt: APPEND_TIME,
          summary: `选拔任用 ${who}（${post.positions}名，${input.method === 'competitive' ? '竞争性选拔' : '一般选拔'}）`,
        },
      },
      ...decideOpening({ value: input, actor: input.openedBy }, { caseId, orgUnitName: input.orgUnitName, townshipId: input.townshipId }),
    ]);
    await enter('work-plan');
    // Cases that opened their plan before its day was checked took any day; a replay of
    // one must accept what it accepted then.
    const planDayChecked = patched('selection-plan-approval-day');
    await task({
      step: 'work-plan',
      title: `工作方案 Work plan approval: ${who}`,
      parse: parsePlanApproval,
      check: (d) => (planDayChecked ? checkPlanApprovalDay(d, { openedOn: input.openedOn, today: decisionToday() }) : ok(d)),
      onDecided: (d) => decidePlanApproval(d, { caseId }),
    });

    // 2 民主推荐
    const rec = await recommend();

    for (let round = 1; ; round++) {
      status.round = round;
      // 3 确定考察对象
      await enter(`targets-${round}`);
      const targets = await chooseTargets(round, rec);

      // 4 考察
      await enter(`inspection-${round}`);
      await task({
        step: `inspection-team-${round}`,
        title: `考察组 Inspection team: ${who}`,
        parse: parseInspectionTeam,
        check: (t) => {
          const c = checkInspectionTeam(t.members, policy);
          return c.ok ? ok(t) : c;
        },
        onDecided: (d) => decideInspectionTeam(d, { caseId, round }),
      });
      const cleared: string[] = [];
      await Promise.all(
        targets.map(async (t) => {
          if (await inspect(round, t)) cleared.push(t.personId);
        }),
      );
      // In the order the targets were listed, whichever inspection finished first.
      status.cleared = targets.map((t) => t.personId).filter((p) => cleared.includes(p));

      // 5 讨论决定
      let approved: string[] = [];
      let noticePostedOn: string | undefined;
      if (status.cleared.length > 0) {
        await enter(`committee-${round}`);
        ({ approved, noticePostedOn } = await committeeDecides(round, status.cleared));
      }
      status.approved = approved;
      if (approved.length === 0) {
        const choice = await task({
          step: `vote-failed-${round}`,
          title: `未通过 No candidate approved: ${who}`,
          parse: parseVoteFailedChoice,
          onDecided: (d) => decideVoteFailed(d, { caseId, round }),
        });
        if (choice.value.next === 'return-to-targets') continue;
        status.outcome = 'kept-open';
        status.stage = 'closed';
        await rt.close('close', 'kept-open', [], choice.actor);
        return status.outcome;
      }

      // 6 任前公示 and 7 任职, each approved candidate on their own
      await enter('appointment');
      const done = await Promise.all(approved.map((p) => appoint(p, noticePostedOn)));
      status.outcome = done.some(Boolean) ? 'appointed' : 'appointments-cancelled';
      status.stage = 'closed';
      await rt.close('close', status.outcome, []);
      return status.outcome;
    }
  };

  return runCase(body);
}
