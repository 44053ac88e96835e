/**
 * The `elections` read model: an election case's state as staff list it (results per
 * branch). Folded with the core's read models (a ProcedureProjection), in the append
 * transaction and by rebuilds, through the same code.
 *
 * Choices rather than facts of the events:
 * - The stage mirrors the case's own (CaseStageChanged), so a list of elections and the
 *   case view never disagree; other kinds' stage changes are skipped unread.
 * - Nominees are listed most recommended first (both meetings' votes together), as the
 *   workflow orders them; replacements (递补) follow in the order they came in.
 * - `elected` is the sum of the ballots until the committee elects its officers, whose
 *   event names the committee and wins.
 */
import type { Selectable } from 'kysely';
import { ELECTION_EVENT_TYPES, type ElectionEvent } from '../../domain/events/election';
import type { ElectionNomineeRow, ElectionsTable } from '../../schema/tables/election';
import type { ProcedureProjection } from './projection';
import type { Needs, ReadModelState } from './state';

type Row = Selectable<ElectionsTable>;

type Folded = ElectionEvent | { type: 'CaseStageChanged'; data: { caseId: string; stage: string; at: string } };

const EVENT_TYPES: readonly string[] = [...ELECTION_EVENT_TYPES, 'CaseStageChanged'];

function byVotes(a: ElectionNomineeRow, b: ElectionNomineeRow): number {
  const d = b.memberVotes + b.massesVotes - (a.memberVotes + a.massesVotes);
  if (d !== 0) return d;
  if (a.memberVotes !== b.memberVotes) return b.memberVotes - a.memberVotes;
  return a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0;
}

/** How one event changes an election's row; undefined: no row to change. */
function nextRow(row: Row | undefined, event: Folded): Row | undefined {
  if (event.type === 'ElectionRequested') {
    const d = event.data;
    return {
      case_id: d.caseId,
      org_unit_id: d.orgUnitId,
      township_id: d.townshipId,
      form: d.form,
      term: d.term,
      seats: d.seats,
      seats_requested: d.seats,
      status: 'requested',
      stage: row?.stage ?? 'started',
      election_date: null,
      method: null,
      eligible_voters: null,
      nominees: [],
      slate: [],
      struck: [],
      elected: [],
      vacant: 0,
      secretary: null,
      deputy: null,
      meetings_held: 0,
      meetings: [],
      requested_at: new Date(d.requestedAt),
      approved_on: null,
      filed_on: null,
    };
  }
  if (!row) return undefined;
  const nominee = (personId: string, change: Partial<ElectionNomineeRow>): ElectionNomineeRow[] =>
    row.nominees.map((n) => (n.personId === personId ? { ...n, ...change } : n));
  switch (event.type) {
    case 'CaseStageChanged':
      return { ...row, stage: event.data.stage };
    case 'ElectionRequestApproved':
      return { ...row, status: 'in-progress' };
    case 'ElectionRequestRejected':
      return { ...row, status: 'rejected' };
    case 'ElectionNoticePosted': {
      const d = event.data;
      return { ...row, election_date: d.electionDate, method: d.method, eligible_voters: d.eligibleVoters };
    }
    case 'RecommendationMeetingHeld': {
      const d = event.data;
      const meetings = [
        ...row.meetings,
        { kind: `${d.meeting}-recommendation` as const, eligible: d.eligible, present: d.present, outcome: d.outcome },
      ];
      let nominees = row.nominees;
      if (d.outcome === 'valid') {
        const field = d.meeting === 'members' ? 'memberVotes' : 'massesVotes';
        const byId = new Map(nominees.map((n) => [n.personId, { ...n }]));
        for (const [personId, votes] of Object.entries(d.votes)) {
          if (votes === 0) continue;
          const n = byId.get(personId) ?? { personId, memberVotes: 0, massesVotes: 0, status: 'nominated' as const, replaces: null };
          n[field] = votes;
          byId.set(personId, n);
        }
        nominees = [...byId.values()].sort(byVotes);
      }
      return { ...row, meetings, meetings_held: row.meetings_held + 1, nominees };
    }
    case 'NomineeRejected':
      return { ...row, nominees: nominee(event.data.personId, { status: 'rejected' }) };
    case 'NomineeReplaced': {
      const d = event.data;
      // A nominee already vetted who stands in keeps their row.
      if (row.nominees.some((n) => n.personId === d.personId)) return row;
      const added: ElectionNomineeRow = {
        personId: d.personId,
        memberVotes: d.memberVotes,
        massesVotes: d.massesVotes,
        status: 'nominated',
        replaces: d.replaces,
      };
      return { ...row, nominees: [...row.nominees, added] };
    }
    case 'CandidateVetted':
      return { ...row, nominees: nominee(event.data.personId, { status: event.data.passed ? 'passed' : 'failed' }) };
    case 'SlateSet':
      return { ...row, slate: [...event.data.slate] };
    case 'CandidateStruck': {
      const { personId } = event.data;
      return {
        ...row,
        nominees: nominee(personId, { status: 'struck' }),
        slate: row.slate.filter((p) => p !== personId),
        struck: row.struck.includes(personId) ? row.struck : [...row.struck, personId],
      };
    }
    case 'ElectionMeetingHeld': {
      const d = event.data;
      return {
        ...row,
        meetings: [...row.meetings, { kind: d.ballot, eligible: d.eligible, present: d.present, outcome: d.outcome }],
        meetings_held: row.meetings_held + 1,
        elected: [...row.elected, ...d.elected.filter((p) => !row.elected.includes(p))],
        vacant: d.unfilled,
      };
    }
    case 'SecondBallotCalled':
    case 'SeatReductionRefused':
      return row;
    case 'SeatsReduced':
      return { ...row, seats: event.data.to, vacant: 0 };
    case 'OfficersElected': {
      const d = event.data;
      return { ...row, status: 'elected', elected: [...d.committee], secretary: d.secretary, deputy: d.deputy };
    }
    case 'ElectionApproved':
      return { ...row, status: 'approved', approved_on: event.data.approvedOn };
    case 'ElectionNotApproved':
      return { ...row, status: 'not-approved' };
    case 'ElectionFiled':
      return { ...row, status: 'filed', filed_on: event.data.filedOn };
    default: {
      const never: never = event;
      throw new Error(`election projection: unhandled event ${JSON.stringify(never)}`);
    }
  }
}

/** Case ids are `election/<unit>/<term>` (domain/election.ts): other kinds' stage events are skipped unread. */
const CASE_PREFIX = 'election/';
const isElections = (event: Folded): boolean => event.data.caseId.startsWith(CASE_PREFIX);

export const electionProjection: ProcedureProjection<Folded> = {
  name: 'election',
  eventTypes: EVENT_TYPES,
  tables: { elections: 'case_id' },
  collectNeeds(event: Folded, needs: Needs): void {
    if (isElections(event)) needs.add('elections', event.data.caseId);
  },
  apply(state: ReadModelState, event: Folded): void {
    if (!isElections(event)) return;
    const next = nextRow(state.get('elections', event.data.caseId), event);
    if (next) state.put('elections', next);
  },
};
