/**
 * The decisions people enter in a selection (docs/domain.md §2.1) beside the counts of
 * domain/selection.ts and domain/selectionVote.ts: the opening, the plan's approval, the
 * inspection team and report, the county's choice after a failed vote and the
 * appointment. One parser per input, shared by the CLI, the API, the web form and the
 * workflow's validator.
 */
import { compareDates } from './calendar';
import { accept, refuse, unknownFields, withChinese, type ParsedInput } from './bilingual';
import { calendarDay, count, fail, isRecord, ok, onlyKeys, oneOf, record, text, type DecisionParser, type Parsed } from './decisions';
import { SELECTION_METHODS, type SelectionMethod } from './selection';
import type { SelectionPost } from './events/selection';

const SLUG = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** What county staff give to open a selection. */
export interface SelectionOpening {
  orgUnitId: string;
  post: SelectionPost;
  method: SelectionMethod;
  qualifications: string;
  scope: string;
  openedOn: string;
}

/** The opening's fields as the form labels them (web/src/components/StartSelection.tsx). */
const LABEL_ZH: Record<string, string> = {
  'post.title': '职位名称',
  'post.rank': '职级',
  qualifications: '任职资格',
  scope: '选拔范围',
};

/** A required text of the opening, refused in both languages. */
function openingText(raw: unknown, field: string, max?: number): ParsedInput<string> {
  const label = `${LABEL_ZH[field] ?? field}（${field}）`;
  return withChinese(text(raw, field, { required: true, ...(max !== undefined ? { max } : {}) }), (en) =>
    en.includes('longer than')
      ? `${label}不能超过 ${max ?? 2000} 个字符`
      : en.includes('must be text')
        ? `${label}须为文字`
        : `${label}为必填项`,
  );
}

function parsePost(raw: unknown): ParsedInput<SelectionPost> {
  if (!isRecord(raw)) return refuse('post must be an object', '职位（post）须为一个对象（JSON object）');
  const extra = unknownFields(raw, ['postId', 'title', 'rank', 'positions', 'nonElected'], 'post: ');
  if (extra) return extra;
  if (typeof raw.postId !== 'string' || !SLUG.test(raw.postId)) {
    return refuse(
      `post.postId must be lower-case letters, digits and dashes (e.g. deputy-head), got ${JSON.stringify(raw.postId)}`,
      `职位编号（post.postId）只能由小写字母、数字和连字符组成（如 deputy-head），收到 ${JSON.stringify(raw.postId)}`,
    );
  }
  const title = openingText(raw.title, 'post.title', 100);
  if (!title.ok) return title;
  const rank = openingText(raw.rank, 'post.rank', 50);
  if (!rank.ok) return rank;
  const positions = withChinese(
    count(raw.positions ?? 1, 'post.positions'),
    `职数（post.positions）须为整数，收到 ${JSON.stringify(raw.positions)}`,
  );
  if (!positions.ok) return positions;
  if (positions.value < 1) return refuse('post.positions must be at least 1', '职数（post.positions）至少为 1');
  if (raw.nonElected !== undefined && typeof raw.nonElected !== 'boolean')
    return refuse('post.nonElected must be true or false', '是否非选任职位（post.nonElected）须为是或否');
  return accept({
    postId: raw.postId,
    title: title.value,
    rank: rank.value,
    positions: positions.value,
    nonElected: raw.nonElected ?? true,
  });
}

export function parseSelectionOpening(raw: unknown): ParsedInput<SelectionOpening> {
  if (!isRecord(raw)) return refuse('a selection must be an object', '选拔须为一个对象（JSON object）');
  const extra = unknownFields(raw, ['orgUnitId', 'post', 'method', 'qualifications', 'scope', 'openedOn']);
  if (extra) return extra;
  if (typeof raw.orgUnitId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(raw.orgUnitId)) {
    return refuse(
      `orgUnitId must be a unit id, got ${JSON.stringify(raw.orgUnitId)}`,
      `单位编号（orgUnitId）须为单位的编号，收到 ${JSON.stringify(raw.orgUnitId)}`,
    );
  }
  const post = parsePost(raw.post);
  if (!post.ok) return post;
  const method = withChinese(
    oneOf(raw.method, 'method', SELECTION_METHODS),
    `选拔方式（method）须为 ${SELECTION_METHODS.join('、')} 之一，收到 ${JSON.stringify(raw.method)}`,
  );
  if (!method.ok) return method;
  const qualifications = openingText(raw.qualifications, 'qualifications');
  if (!qualifications.ok) return qualifications;
  const scope = openingText(raw.scope, 'scope');
  if (!scope.ok) return scope;
  const openedOn = withChinese(
    calendarDay(raw.openedOn, 'openedOn'),
    `启动日期（openedOn）须为日历上真实的一天，形如 2026-03-02，收到 ${JSON.stringify(raw.openedOn)}`,
  );
  if (!openedOn.ok) return openedOn;
  return accept({
    orgUnitId: raw.orgUnitId,
    post: post.value,
    method: method.value,
    qualifications: qualifications.value,
    scope: scope.value,
    openedOn: openedOn.value,
  });
}

/** 工作方案: approved by the county Party committee's leaders. */
export interface PlanApproval {
  approvedBy: string;
  approvedOn: string;
  notes: string;
}

export const parsePlanApproval: DecisionParser<PlanApproval> = record<PlanApproval>({
  approvedBy: (v) => text(v, 'approvedBy', { required: true, max: 200 }),
  approvedOn: (v) => calendarDay(v, 'approvedOn'),
  notes: (v) => text(v, 'notes', { required: false }),
});

/**
 * The plan is approved after the selection was opened (the county's proposal comes
 * first) and not after today: a day outside is a typo the case refuses. `today` is the
 * caller's (the workflow's clock when the decision arrives).
 */
export function checkPlanApprovalDay(d: PlanApproval, days: { openedOn: string; today: string }): Parsed<PlanApproval> {
  if (compareDates(d.approvedOn, days.openedOn) < 0) {
    return fail(`approvedOn ${d.approvedOn} is before the selection was opened (${days.openedOn}): the plan follows the proposal`);
  }
  if (compareDates(d.approvedOn, days.today) > 0) return fail(`approvedOn ${d.approvedOn} is after today (${days.today})`);
  return ok(d);
}

export const parseInspectionTeam: DecisionParser<{ members: string[] }> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['members']);
  if (extra) return fail(extra);
  if (!Array.isArray(raw.members)) return fail('members must be a list of names');
  const members: string[] = [];
  for (const [i, m] of raw.members.entries()) {
    const name = text(m, `members[${i}]`, { required: true, max: 100 });
    if (!name.ok) return name;
    members.push(name.value);
  }
  return ok({ members });
};

/** 考察材料 on one target: the democratic rating's summary, the conversations held, the report. */
export interface InspectionReport {
  conversations: number;
  rating: string;
  report: string;
}

export const parseInspectionReport: DecisionParser<InspectionReport> = record<InspectionReport>({
  conversations: (v) => count(v, 'conversations'),
  rating: (v) => text(v, 'rating', { required: true }),
  report: (v) => text(v, 'report', { required: true, max: 20000 }),
});

/** After a vote that approved nobody: keep the post open (the case ends) or choose targets again. */
export interface VoteFailedChoice {
  next: 'keep-open' | 'return-to-targets';
  reason: string;
}

export const parseVoteFailedChoice: DecisionParser<VoteFailedChoice> = record<VoteFailedChoice>({
  next: (v) => oneOf(v, 'next', ['keep-open', 'return-to-targets'] as const),
  reason: (v) => text(v, 'reason', { required: true }),
});

/** 任职: the letter's day and the appointment talk's day. */
export interface Appointment {
  letterOn: string;
  talkOn: string;
}

export const parseAppointment: DecisionParser<Appointment> = record<Appointment>({
  letterOn: (v) => calendarDay(v, 'letterOn'),
  talkOn: (v) => calendarDay(v, 'talkOn'),
});
