/**
 * 公示: a public notice open for N working days. Objections filed meanwhile are each
 * checked by the county organization department; an upheld one changes the outcome.
 * The notice closes only when its time has run out and every objection is resolved.
 */
import type { Actor } from '../../domain/actors';
import { shanghaiDate } from '../../domain/calendar';
import { APPEND_TIME } from '../../domain/events';
import { fail, isRecord, ok, text, type DecisionParser } from '../../domain/decisions';
import { caseActivities } from './proxies';
import type { CaseRuntime, NoticeRecord } from './case';
import { humanTask, type Decided } from './humanTask';

export interface PublicNoticeSpec {
  step: string;
  subject: string;
  workingDays: number;
  orgUnitId: string;
  townshipId: string;
  /** Working days the county has to check each objection. */
  findingDueWorkingDays: number;
  reminderWorkingDaysBefore: number;
  /**
   * The day the notice was posted (on paper in the village, say), 'YYYY-MM-DD', when it
   * was posted before the step ran: the window counts from that day. A day after the
   * server's today is taken as today, so it can never make a notice longer. Parsed by
   * the decision that supplies it (a real day of a covered calendar year).
   */
  postedOn?: string;
}

export interface NoticeOutcome {
  /** The notice's last day (Asia/Shanghai). */
  closesOn: string;
  objections: number;
  upheld: number;
  findings: string[];
}

export interface ObjectionFinding {
  upheld: boolean;
  finding: string;
}

export const parseFinding: DecisionParser<ObjectionFinding> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  if (typeof raw.upheld !== 'boolean') return fail('upheld must be true or false');
  const finding = text(raw.finding, 'finding', { required: true });
  if (!finding.ok) return finding;
  const extra = Object.keys(raw).filter((k) => k !== 'upheld' && k !== 'finding');
  if (extra.length > 0) return fail(`unknown field(s): ${extra.join(', ')}`);
  return ok({ upheld: raw.upheld, finding: finding.value });
};

export async function publicNotice(rt: CaseRuntime, spec: PublicNoticeSpec): Promise<NoticeOutcome> {
  const noticeId = `${rt.caseId}:${spec.step}`;
  const posted = await rt.serial((expectedVersion) =>
    caseActivities.postNotice({
      caseId: rt.caseId,
      streamId: rt.caseId,
      expectedVersion,
      idempotencyKey: rt.key(spec.step),
      metadata: rt.metadata(spec.step),
      notice: {
        noticeId,
        subject: spec.subject,
        workingDays: spec.workingDays,
        ...(spec.postedOn !== undefined ? { postedOn: spec.postedOn } : {}),
      },
    }),
  );

  const checks: Array<Promise<Decided<ObjectionFinding>>> = [];
  const notice: NoticeRecord = {
    step: spec.step,
    noticeId,
    townshipId: spec.townshipId,
    open: true,
    objections: 0,
    onObjection: async (summary: string, actor: Actor) => {
      const n = ++notice.objections;
      const objectionId = `${noticeId}:objection-${n}`;
      const step = `${spec.step}:objection-${n}`;
      const out = await rt.emit(
        step,
        [{ type: 'ObjectionFiled', data: { caseId: rt.caseId, noticeId, objectionId, summary, filedBy: actor.id, at: APPEND_TIME } }],
        actor,
      );
      checks.push(
        humanTask(rt, {
          step: `${step}:finding`,
          title: `核查公示异议 Check objection ${n}: ${spec.subject}`,
          role: 'county-org-dept',
          orgUnitId: spec.orgUnitId,
          townshipId: spec.townshipId,
          dueWorkingDays: spec.findingDueWorkingDays,
          reminderWorkingDaysBefore: spec.reminderWorkingDaysBefore,
          parse: parseFinding,
          onDecided: (f, by) => [
            {
              type: 'ObjectionResolved',
              data: { caseId: rt.caseId, noticeId, objectionId, upheld: f.upheld, actor: by, finding: f.finding, at: APPEND_TIME },
            },
          ],
        }),
      );
      return { caseId: rt.caseId, step, taskId: objectionId, position: out.lastPosition };
    },
  };
  rt.notices.set(spec.step, notice);

  // A notice posted days ago may have run out already: the wait is then ~0, and it closes
  // as soon as every objection filed meanwhile is checked.
  await rt.waitFor(() => false, posted.closesAtMs - posted.nowMs);
  notice.open = false;
  // A check started by a handler is pushed after its ObjectionFiled append; wait for each.
  await rt.waitFor(() => checks.length === notice.objections);
  const results = await Promise.all(checks);
  const upheld = results.filter((r) => r.value.upheld);
  await rt.emit(`${spec.step}:close`, [
    {
      type: 'PublicNoticeClosed',
      data: {
        caseId: rt.caseId,
        noticeId,
        at: APPEND_TIME,
        objections: results.length,
        upheld: upheld.length,
        outcome: upheld.length > 0 ? 'upheld-objection' : 'clear',
      },
    },
  ]);
  return {
    closesOn: shanghaiDate(posted.closesAtMs),
    objections: results.length,
    upheld: upheld.length,
    findings: upheld.map((r) => r.value.finding),
  };
}
