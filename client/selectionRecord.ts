/**
 * 选拔任用全程纪实: the full-process record of one selection, written from the event log
 * only (docs/decisions.md §10), so an auditor who writes it again at any time gets the same
 * text: every step with its day, who decided, the counts, the checks' outcomes and the
 * notices. `recordLines` is the record as lines of text (what the tests read);
 * `recordDocx` lays the same lines out as a Word document.
 */
import type { Actor } from '../domain/actors';
import { shanghaiDate } from '../domain/calendar';
import type { DomainEvent, RecordedEvent } from '../domain/events';
import type { SelectionEvent } from '../domain/events/selection';
import type { RecordLine } from '../domain/wire/recordLine';
import { readStream } from '../activities/eventReads';
import type { DB } from '../schema/db';

export type { RecordLine };

const CHECK_NAMES: Record<string, string> = {
  'personnel-file': '干部档案审核',
  'personal-matters': '个人有关事项报告核查',
  'discipline-opinion': '纪检监察机关意见',
  petitions: '信访举报核查',
};

const STEP_HEADINGS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

type Event = { type: string; data: Record<string, unknown> };

function who(actor: Actor | undefined): string {
  if (!actor) return '系统';
  return actor.enteredBy ? `${actor.id}（由 ${actor.enteredBy} 录入）` : actor.id;
}

/**
 * The record's lines from the case's recorded events, in log order. `names` maps person
 * ids to names, from the registry's own events; an unknown id is printed as it is.
 */
export function recordLines(events: readonly RecordedEvent[], names: ReadonlyMap<string, string>): RecordLine[] {
  const name = (personId: string) => (names.has(personId) ? `${names.get(personId)}（${personId}）` : personId);
  const dayOf = (e: RecordedEvent) => shanghaiDate(Date.parse(e.recordedAt));
  const lines: RecordLine[] = [];
  let section = 0;
  const heading = (text: string) => lines.push({ heading: 2, text: `${STEP_HEADINGS[section++] ?? String(section)}、${text}` });
  const line = (text: string) => lines.push({ text });
  const notices = new Map<string, string>();

  const opened = events.find((e) => e.type === 'SelectionOpened');
  if (!opened) throw new Error('not a selection: the case has no SelectionOpened event');
  const o = opened.data as Extract<SelectionEvent, { type: 'SelectionOpened' }>['data'];
  lines.push({ heading: 1, text: `选拔任用全程纪实：${o.orgUnitName} ${o.post.title}` });
  line(`案件编号：${o.caseId}`);

  for (const e of events) {
    const ev = { type: e.type, data: e.data } as Event;
    const d = ev.data;
    switch (e.type) {
      case 'SelectionOpened':
        heading('分析研判和动议');
        line(
          `${o.openedOn} 动议选拔 ${o.orgUnitName} ${o.post.title}（${o.post.rank}）${o.post.positions} 名，${o.method === 'competitive' ? '竞争性选拔（差额考察）' : '一般选拔'}。`,
        );
        line(`任职资格：${o.qualifications}`);
        line(`选拔范围：${o.scope}`);
        line(`动议人：${who(o.actor)}`);
        break;
      case 'SelectionPlanApproved':
        heading('工作方案');
        line(`${d.approvedOn} 经 ${d.approvedBy} 审批同意。${d.notes ? `说明：${d.notes}` : ''}`.trim());
        line(`记录人：${who(d.actor as Actor)}，记录日期：${dayOf(e)}`);
        break;
      case 'MeetingRecommendationRecorded':
        heading('会议推荐');
        line(`应到 ${d.due} 人，实到 ${d.attended} 人；发出并收回推荐票 ${d.cast} 张，其中无效票 ${d.invalid} 张。`);
        for (const [p, n] of Object.entries(d.votes as Record<string, number>)) line(`${name(p)}：${n} 票`);
        line(`记录人：${who(d.actor as Actor)}，记录日期：${dayOf(e)}`);
        break;
      case 'TalkRecommendationRecorded':
        heading('谈话调研推荐');
        line(`个别谈话 ${d.talkedTo} 人。`);
        for (const [p, n] of Object.entries(d.named as Record<string, number>)) line(`${name(p)}：${n} 人推荐`);
        line(`记录人：${who(d.actor as Actor)}，记录日期：${dayOf(e)}`);
        break;
      case 'InspectionTargetsChosen':
        heading(`确定考察对象（第 ${d.round} 轮）`);
        for (const t of d.targets as Array<{ personId: string; reason: string }>) line(`${name(t.personId)}：${t.reason}`);
        line(`决定人：${who(d.actor as Actor)}，日期：${dayOf(e)}`);
        break;
      case 'InspectionTeamFormed':
        heading(`考察（第 ${d.round} 轮）`);
        line(`考察组：${(d.members as string[]).join('、')}`);
        break;
      case 'InspectionCheckReturned':
        line(
          `${name(d.personId as string)} — ${CHECK_NAMES[d.check as string] ?? String(d.check)}：${d.passed ? '通过' : '未通过'}${d.findings ? `（${d.findings}）` : ''}，${dayOf(e)}，${who(d.actor as Actor)}`,
        );
        break;
      case 'InspectionTargetRemoved':
        line(`${name(d.personId as string)} 不再作为考察对象：${(d.reasons as string[]).join('；')}`);
        break;
      case 'InspectionReported':
        line(
          `${name(d.personId as string)} 考察材料：谈话 ${d.conversations} 人；民主测评 ${d.rating}；${d.report}（${dayOf(e)}，${who(d.actor as Actor)}）`,
        );
        break;
      case 'CommitteeVoteHeld': {
        heading(`讨论决定（第 ${d.round} 轮第 ${d.meeting} 次会议）`);
        line(
          `应到会成员 ${d.membersDue} 人，实到 ${d.present} 人，须到 ${d.quorumNeeded} 人：${d.outcome === 'voted' ? '符合规定，进行表决' : '不足法定人数，未表决'}。`,
        );
        const votes = d.votes as Array<{ personId: string; recused: number; yes: number; no: number; abstain: number }>;
        for (const r of d.results as Array<{ personId: string; approved: boolean; yes: number; yesNeeded: number }>) {
          const v = votes.find((x) => x.personId === r.personId);
          line(
            `${name(r.personId)}：赞成 ${r.yes}，反对 ${v?.no ?? 0}，弃权 ${v?.abstain ?? 0}，回避 ${v?.recused ?? 0}；须赞成 ${r.yesNeeded} 票（超过应到会成员半数），${r.approved ? '通过' : '未通过'}。`,
          );
        }
        // A meeting entered afterwards says when it met; older records have the day entered only.
        line(
          d.heldOn
            ? `会议日期：${d.heldOn}；记录人：${who(d.actor as Actor)}，记录日期：${dayOf(e)}`
            : `记录人：${who(d.actor as Actor)}，日期：${dayOf(e)}`,
        );
        break;
      }
      case 'SelectionVoteFailed':
        line(`无人通过：${d.next === 'keep-open' ? '岗位暂缺' : '重新确定考察对象'}。理由：${d.reason}（${who(d.actor as Actor)}）`);
        break;
      case 'PublicNoticePosted':
        notices.set(d.noticeId as string, d.subject as string);
        heading(String(d.subject).startsWith('任前公示') ? '任前公示' : '公示');
        line(
          // A notice posted before it was entered counts from the day it went up (postedOn).
          `${d.subject}：${(d.postedOn as string | undefined) ?? shanghaiDate(Date.parse(d.postedAt as string))} 起公示 ${d.workingDays} 个工作日，至 ${shanghaiDate(Date.parse(d.closesAt as string))}。`,
        );
        break;
      case 'ObjectionFiled':
        line(`收到反映（${d.objectionId}）：${d.summary}（${dayOf(e)}）`);
        break;
      case 'ObjectionResolved':
        line(`核查结果（${d.objectionId}）：${d.upheld ? '属实' : '不属实'}。${d.finding}（${who(d.actor as Actor)}，${dayOf(e)}）`);
        break;
      case 'PublicNoticeClosed':
        line(`${notices.get(d.noticeId as string) ?? '公示'} 结束：反映 ${d.objections} 件，属实 ${d.upheld} 件。`);
        break;
      case 'SelectionAppointmentCancelled':
        line(`${name(d.personId as string)} 的任用取消：${(d.findings as string[]).join('；')}`);
        break;
      case 'SelectionAppointed':
        heading('任职');
        line(
          `${name(d.personId as string)} 任 ${d.postTitle}：任职通知 ${d.letterOn}，任职谈话 ${d.talkOn}。${d.probationCaseId ? `试用期案件：${d.probationCaseId}` : '不实行试用期。'}`,
        );
        line(`记录人：${who(d.actor as Actor)}`);
        break;
      case 'CaseClosed':
        line(`结案：${CLOSE_TEXT[d.outcome as string] ?? String(d.outcome)}（${dayOf(e)}）`);
        break;
      default:
        break;
    }
  }
  return lines;
}

const CLOSE_TEXT: Record<string, string> = {
  appointed: '已任职',
  'kept-open': '岗位暂缺',
  'appointments-cancelled': '任用取消',
};

/** The record laid out as a Word document; CJK text in 宋体 (the East Asian font slot). */
export async function recordDocx(lines: readonly RecordLine[]): Promise<Buffer> {
  // Loaded when a record is written, not at every command's start (the library is large).
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } = await import('docx');
  const font = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
  const doc = new Document({
    creator: 'cadreflow',
    title: lines[0]?.text ?? '选拔任用全程纪实',
    styles: { default: { document: { run: { font, size: 24 } } } },
    sections: [
      {
        children: lines.map((l) =>
          l.heading
            ? new Paragraph({
                heading: l.heading === 1 ? HeadingLevel.TITLE : HeadingLevel.HEADING_2,
                alignment: l.heading === 1 ? AlignmentType.CENTER : AlignmentType.LEFT,
                children: [new TextRun({ text: l.text, font, bold: true })],
              })
            : new Paragraph({ children: [new TextRun({ text: l.text, font })] }),
        ),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The case's events and the names of the people they name, read from the log. */
export async function loadSelectionRecord(db: DB, caseId: string): Promise<RecordLine[]> {
  const events = await readStream(db, caseId);
  if (events.length === 0) throw new Error(`no case ${caseId} in the event log`);
  const ids = new Set<string>();
  for (const e of events) collectPersonIds(e.data as DomainEvent['data'], ids);
  const names = new Map<string, string>();
  for (const id of ids) {
    const registered = (await readStream(db, `person/${id}`)).find((e) => e.type === 'PersonRegistered');
    if (registered) names.set(id, (registered.data as { name: string }).name);
  }
  return recordLines(events, names);
}

function collectPersonIds(data: unknown, into: Set<string>): void {
  if (Array.isArray(data)) for (const v of data) collectPersonIds(v, into);
  else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      if (k === 'personId' && typeof v === 'string') into.add(v);
      else if ((k === 'votes' || k === 'named') && v && typeof v === 'object' && !Array.isArray(v))
        for (const p of Object.keys(v)) into.add(p);
      else collectPersonIds(v, into);
    }
  }
}
