/**
 * The decisions people enter in a selection (docs/domain.md §2.1) beside the counts of
 * domain/selection.ts and domain/selectionVote.ts: the opening, the plan's approval, the
 * inspection team and report, the county's choice after a failed vote and the
 * appointment. One parser per input, shared by the CLI, the API, the web form and the
 * workflow's validator.
 */
import { compareDates } from './calendar';
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

function parsePost(raw: unknown): Parsed<SelectionPost> {
  if (!isRecord(raw)) return fail('post must be an object');
  const extra = onlyKeys(raw, ['postId', 'title', 'rank', 'positions', 'nonElected']);
  if (extra) return fail(`post: ${extra}`);
  if (typeof raw.postId !== 'string' || !SLUG.test(raw.postId)) {
    return fail(`post.postId must be lower-case letters, digits and dashes (e.g. deputy-head), got ${JSON.stringify(raw.postId)}`);
  }
  const title = text(raw.title, 'post.title', { required: true, max: 100 });
  if (!title.ok) return title;
  const rank = text(raw.rank, 'post.rank', { required: true, max: 50 });
  if (!rank.ok) return rank;
  const positions = count(raw.positions ?? 1, 'post.positions');
  if (!positions.ok) return positions;
  if (positions.value < 1) return fail('post.positions must be at least 1');
  if (raw.nonElected !== undefined && typeof raw.nonElected !== 'boolean') return fail('post.nonElected must be true or false');
  return ok({ postId: raw.postId, title: title.value, rank: rank.value, positions: positions.value, nonElected: raw.nonElected ?? true });
}

export const parseSelectionOpening: DecisionParser<SelectionOpening> = (raw) => {
  if (!isRecord(raw)) return fail('a selection must be an object');
  const extra = onlyKeys(raw, ['orgUnitId', 'post', 'method', 'qualifications', 'scope', 'openedOn']);
  if (extra) return fail(extra);
  if (typeof raw.orgUnitId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(raw.orgUnitId)) {
    return fail(`orgUnitId must be a unit id, got ${JSON.stringify(raw.orgUnitId)}`);
  }
  const post = parsePost(raw.post);
  if (!post.ok) return post;
  const method = oneOf(raw.method, 'method', SELECTION_METHODS);
  if (!method.ok) return method;
  const qualifications = text(raw.qualifications, 'qualifications', { required: true });
  if (!qualifications.ok) return qualifications;
  const scope = text(raw.scope, 'scope', { required: true });
  if (!scope.ok) return scope;
  const openedOn = calendarDay(raw.openedOn, 'openedOn');
  if (!openedOn.ok) return openedOn;
  return ok({
    orgUnitId: raw.orgUnitId,
    post: post.value,
    method: method.value,
    qualifications: qualifications.value,
    scope: scope.value,
    openedOn: openedOn.value,
  });
};

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
