/**
 * The facts a case's decision forms need, served with the case's view so the browser
 * reads them instead of rebuilding them from the timeline. An election's come from its
 * row of the `elections` read model (seats, notice, nominees, slate); the lists of the
 * ballots after the first are not kept there, and are the latest tie and the latest
 * call of 另行选举 in the case's events, which the view reads anyway.
 */
import type { Selectable } from 'kysely';
import type { BallotList, ElectionFacts } from '../domain/forms';
import type { ElectionsTable } from '../schema/tables/election';

/** An event as the case view has it: its type and data. */
interface CaseEvent {
  type: string;
  data: unknown;
}

const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);

/** The last event of `type` whose data `pick` finds a ballot list in. */
function lastList(events: readonly CaseEvent[], type: string, pick: (data: Record<string, unknown>) => unknown): BallotList | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type !== type) continue;
    const list = pick((e.data ?? {}) as Record<string, unknown>) as
      { candidates?: unknown; names?: unknown; seats?: unknown } | null | undefined;
    if (!list) continue;
    return { candidates: strings(list.candidates ?? list.names), seats: typeof list.seats === 'number' ? list.seats : 1 };
  }
  return null;
}

export function electionFacts(
  row: Pick<Selectable<ElectionsTable>, 'seats' | 'eligible_voters' | 'nominees' | 'slate'>,
  events: readonly CaseEvent[],
): ElectionFacts {
  return {
    seats: row.seats,
    eligibleVoters: row.eligible_voters,
    nominees: row.nominees.map((n) => n.personId).sort(),
    passed: row.nominees.filter((n) => n.status === 'passed').map((n) => n.personId),
    slate: [...row.slate],
    // A tie is on the ballot that ended in it; a later ballot without one leaves it the latest.
    furtherBallot: lastList(events, 'ElectionMeetingHeld', (d) => d.tie),
    secondBallot: lastList(events, 'SecondBallotCalled', (d) => d),
  };
}
