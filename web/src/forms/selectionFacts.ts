/**
 * What a selection's forms read from the case (domain/forms.ts `SelectionFacts`). The
 * server serves them with the case's view once it has them (`view.selection`); until
 * then they are read off the case's own events in its view — the opening, the two
 * recommendations, each round's targets and reports — with the policy's selection rules
 * of the default policy. Either way the case checks every decision again with its own
 * policy and has the last word.
 */
import { DEFAULT_POLICY } from '../../../domain/policy';
import type { SelectionFacts, SelectionRound } from '../../../domain/forms';
import {
  INSPECTION_CHECKS,
  type InspectionCheck,
  type MeetingRecommendation,
  type SelectionMethod,
  type TalkRecommendation,
} from '../../../domain/selection';
import type { CaseView, TimelineEntry } from '../api';

/** Facts of a selection whose opening is not in the view (a case the log has not reached yet): one post, ordinary. */
const NO_FACTS: SelectionFacts = {
  openedOn: '0000-01-01',
  method: 'ordinary',
  positions: 1,
  meeting: null,
  talks: null,
  rounds: [],
  policy: DEFAULT_POLICY.selection,
};

function roundOf(rounds: SelectionRound[], round: number): SelectionRound {
  let r = rounds.find((x) => x.round === round);
  if (!r) {
    r = { round, targets: [], candidates: [] };
    rounds.push(r);
  }
  return r;
}

/** The facts from a selection's events, oldest first. */
export function selectionFactsFromTimeline(timeline: readonly TimelineEntry[]): SelectionFacts {
  const facts: SelectionFacts = { ...NO_FACTS, rounds: [] };
  const reported: Array<{ round: number; personId: string }> = [];
  for (const e of timeline) {
    const d = (e.data ?? {}) as Record<string, unknown>;
    switch (e.type) {
      case 'SelectionOpened': {
        const post = d.post as { positions?: number } | undefined;
        facts.method = d.method as SelectionMethod;
        facts.openedOn = d.openedOn as string;
        facts.positions = post?.positions ?? 1;
        break;
      }
      case 'MeetingRecommendationRecorded':
        facts.meeting = d as unknown as MeetingRecommendation;
        break;
      case 'TalkRecommendationRecorded':
        facts.talks = d as unknown as TalkRecommendation;
        break;
      case 'InspectionTargetsChosen':
        // A list sent back by an upheld objection is replaced by the next one of the same round.
        roundOf(facts.rounds, d.round as number).targets = (d.targets as Array<{ personId: string }>).map((t) => t.personId);
        break;
      case 'InspectionReported':
        reported.push({ round: d.round as number, personId: d.personId as string });
        break;
      default:
        break;
    }
  }
  // The committee votes on those whose report is in, in the order the targets were listed (as the case does).
  for (const r of facts.rounds) r.candidates = r.targets.filter((p) => reported.some((x) => x.round === r.round && x.personId === p));
  facts.rounds.sort((a, b) => a.round - b.round);
  return facts;
}

/** The selection's facts as the server serves them, or read off its events. */
export const selectionFactsOf = (view: CaseView): SelectionFacts => view.selection ?? selectionFactsFromTimeline(view.timeline);

/** The round a step belongs to (`targets-2`, `committee-2-1`, `check-2-p-0612-petitions`); 1 when it names none. */
export function roundOfStep(step: string): number {
  const m = /^(?:targets|inspection-team|check|report|committee|vote-failed)-(\d+)/.exec(step);
  return m ? Number(m[1]) : 1;
}

/** The check a step names (`check-1-p-0612-personal-matters` → personal-matters). */
export function checkOfStep(step: string): InspectionCheck | undefined {
  return /^check-\d+-/.test(step) ? INSPECTION_CHECKS.find((c) => step.endsWith(`-${c}`)) : undefined;
}
