/**
 * The forms of a selection (选拔任用, docs/selection.md): the work plan's approval, the
 * meeting and talk recommendations, the inspection targets with a reason each, the
 * inspection team, the four checks (凡提四必) and the report on each target, the
 * committee's vote (a table of its own: SelectionCommitteeForm), the choice after a
 * failed vote, and the appointment. Objections to a notice are checked on the shared
 * `notice.finding` form. Each form sends what the step's own parser (domain/selection*.ts)
 * reads, and runs that parser first; the targets are also checked against the case's
 * recommendations and method, as the case checks them.
 */
import {
  checkInspectionTeam,
  checkTargets,
  minimumTargets,
  parseCheckResult,
  parseMeetingRecommendation,
  parseTalkRecommendation,
  parseTargets,
} from '../../../domain/selection';
import { shanghaiDate } from '../../../domain/calendar';
import {
  checkPlanApprovalDay,
  parseAppointment,
  parseInspectionReport,
  parseInspectionTeam,
  parsePlanApproval,
  parseVoteFailedChoice,
} from '../../../domain/selectionForms';
import { fail, type Parsed } from '../../../domain/decisions';
import { getTownshipPeople, type CaseView } from '../api';
import { SelectionCommitteeForm } from '../components/SelectionCommitteeForm';
import { opt, type FormContext, type FormsOf } from './spec';
import { checkOfStep, selectionFactsOf } from './selectionFacts';

type Row = Record<string, unknown> | undefined;

const given = (x: unknown) => x !== undefined && x !== null && x !== '';

/** Rows the user filled in (the add button leaves empty ones behind), as `{ person: count }`. */
function tally(rows: unknown, key: string): Record<string, unknown> {
  const filled = ((rows as Row[] | undefined) ?? []).filter(
    (r): r is Record<string, unknown> => !!r && (given(r.personId) || given(r[key])),
  );
  return Object.fromEntries(filled.map((r) => [String(r.personId ?? ''), r[key]]));
}

/** The township's people, for the pickers: everyone the case may name (the people it was started with). */
async function townshipPeople(view: CaseView): Promise<Pick<FormContext, 'people' | 'names'>> {
  const people = await getTownshipPeople(view.townshipId);
  return { people: { personId: people.map((p) => p.personId) }, names: Object.fromEntries(people.map((p) => [p.personId, p.name])) };
}

/** The targets' form: whom the recommendations named first, and the rule on how many (差额 when competitive). */
async function targetsContext(view: CaseView): Promise<FormContext> {
  const facts = selectionFactsOf(view);
  const { names } = await townshipPeople(view);
  const recommended = [...new Set([...Object.keys(facts.meeting?.votes ?? {}), ...Object.keys(facts.talks?.named ?? {})])];
  const least = minimumTargets(facts.method, facts.positions, { selection: facts.policy });
  const extra = facts.policy.competitiveExtraTargets;
  return {
    people: { personId: recommended },
    names,
    hint: (t) =>
      facts.method === 'competitive'
        ? t('targetsRuleCompetitive', { least, positions: facts.positions, extra })
        : t('targetsRuleOrdinary', { least, positions: facts.positions }),
    parse: (raw) => {
      const list = parseTargets(raw);
      if (!list.ok) return list;
      if (!facts.meeting || !facts.talks) return list;
      return checkTargets(
        list.value,
        { method: facts.method, positions: facts.positions, meeting: facts.meeting, talks: facts.talks },
        { selection: facts.policy },
      );
    },
  };
}

function teamContext(view: CaseView): FormContext {
  const { policy } = selectionFactsOf(view);
  return {
    hint: (t) => t('inspectionTeamRule', { least: policy.minInspectionTeam }),
    parse: (raw) => {
      const team = parseInspectionTeam(raw);
      if (!team.ok) return team;
      const checked = checkInspectionTeam(team.value.members, { selection: policy });
      return checked.ok ? team : checked;
    },
  };
}

/** A check's parser for the check its step names; a step that names none is refused before anything is sent. */
const checkParser =
  (step: string) =>
  (raw: unknown): Parsed<unknown> => {
    const check = checkOfStep(step);
    return check ? parseCheckResult(check)(raw) : fail(`${step} names none of the four checks`);
  };

export const selectionForms: FormsOf<'selection'> = {
  'selection.work-plan': {
    id: 'selection-work-plan',
    fields: [
      { name: ['approvedBy'], label: 'approvedBy', kind: 'text', required: true },
      { name: ['approvedOn'], label: 'approvedOn', kind: 'date', required: true },
      { name: ['notes'], label: 'note', kind: 'longText' },
    ],
    parse: parsePlanApproval,
    // The day as the case checks it: not before the opening, not after today (the county's).
    context: (view) => {
      const { openedOn } = selectionFactsOf(view);
      return {
        parse: (raw) => {
          const plan = parsePlanApproval(raw);
          return plan.ok ? checkPlanApprovalDay(plan.value, { openedOn, today: shanghaiDate(Date.now()) }) : plan;
        },
      };
    },
  },
  'selection.meeting-recommendation': {
    id: 'selection-meeting-recommendation',
    hint: 'meetingRecommendationHint',
    fields: [
      { name: ['due'], label: 'meetingDue', kind: 'count', required: true },
      { name: ['attended'], label: 'meetingPresent', kind: 'count', required: true },
      { name: ['cast'], label: 'cast', kind: 'count', required: true },
      { name: ['invalid'], label: 'invalidBallots', kind: 'count', required: true },
      {
        name: ['votes'],
        label: 'recommendationVotes',
        kind: 'rows',
        required: true,
        columns: [
          { name: 'personId', label: 'nominee', kind: 'person', width: 200 },
          { name: 'count', label: 'votesCount', kind: 'count', width: 140 },
        ],
      },
    ],
    initial: { votes: [{}] },
    build: (v) => ({ ...v, votes: tally(v.votes, 'count') }),
    parse: parseMeetingRecommendation,
    context: townshipPeople,
  },
  'selection.talk-recommendation': {
    id: 'selection-talk-recommendation',
    fields: [
      { name: ['talkedTo'], label: 'talkedTo', kind: 'count', required: true },
      {
        name: ['named'],
        label: 'talkNamed',
        kind: 'rows',
        required: true,
        columns: [
          { name: 'personId', label: 'nominee', kind: 'person', width: 200 },
          { name: 'count', label: 'namedCount', kind: 'count', width: 140 },
        ],
      },
    ],
    initial: { named: [{}] },
    build: (v) => ({ ...v, named: tally(v.named, 'count') }),
    parse: parseTalkRecommendation,
    context: townshipPeople,
  },
  'selection.targets': {
    id: 'selection-targets',
    fields: [
      {
        name: ['targets'],
        label: 'targets',
        kind: 'rows',
        required: true,
        columns: [
          { name: 'personId', label: 'target', kind: 'person', width: 200 },
          { name: 'reason', label: 'targetReason', kind: 'text', width: 320 },
        ],
      },
    ],
    initial: { targets: [{}] },
    build: (v) => ({
      targets: ((v.targets as Row[] | undefined) ?? []).filter(
        (r): r is Record<string, unknown> => !!r && (given(r.personId) || given(r.reason)),
      ),
    }),
    parse: parseTargets,
    context: targetsContext,
  },
  'selection.inspection-team': {
    id: 'selection-inspection-team',
    fields: [{ name: ['members'], label: 'inspectionTeam', kind: 'lines', item: 'inspector', required: true }],
    initial: { members: ['', ''] },
    build: (v) => ({ members: ((v.members as unknown[] | undefined) ?? []).filter((m) => typeof m === 'string' && m.trim() !== '') }),
    parse: parseInspectionTeam,
    context: teamContext,
  },
  'selection.check': {
    id: 'selection-check',
    hint: 'checkHint',
    fields: [
      { name: ['outcome'], label: 'checkOutcome', kind: 'radio', options: [opt('pass', 'pass'), opt('fail', 'fail')], required: true },
      { name: ['findings'], label: 'checkFindings', kind: 'longText' },
    ],
    // The parser is the check's own, named by the step: bound when the form opens.
    context: (_view, step) => ({ parse: checkParser(step) }),
  },
  'selection.report': {
    id: 'selection-report',
    fields: [
      { name: ['conversations'], label: 'conversations', kind: 'count', required: true },
      { name: ['rating'], label: 'inspectionRating', kind: 'text', required: true },
      { name: ['report'], label: 'inspectionReportText', kind: 'longText', required: true },
    ],
    parse: parseInspectionReport,
  },
  'selection.committee': { component: SelectionCommitteeForm },
  'selection.vote-failed': {
    id: 'selection-vote-failed',
    fields: [
      {
        name: ['next'],
        label: 'voteFailedNext',
        kind: 'radio',
        options: [opt('keep-open', 'keepOpen'), opt('return-to-targets', 'returnToTargets')],
        required: true,
      },
      { name: ['reason'], label: 'reason', kind: 'longText', required: true },
    ],
    parse: parseVoteFailedChoice,
  },
  'selection.appointment': {
    id: 'selection-appointment',
    fields: [
      { name: ['letterOn'], label: 'letterOn', kind: 'date', required: true },
      { name: ['talkOn'], label: 'talkOn', kind: 'date', required: true },
    ],
    parse: parseAppointment,
  },
};
