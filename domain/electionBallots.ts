/**
 * 选举 at the members' assembly (docs/domain.md §1.6): what a counted ballot decides
 * (the first on the slate, a further one among the tied, 另行选举), and the recorder's
 * choice for seats left vacant. The winner rule itself is domain/ballots/winners.ts.
 */
import { count, fail, isRecord, ok, oneOf, onlyKeys, type DecisionParser, type Parsed } from './decisions';
import type { VoteTotals } from './ballots/counting';
import { decideFurtherBallot, decideSeatReduction, electWinners, type SeatReductionOutcome, type Tie } from './ballots/winners';
import type { Policy } from './policy';

/** The first ballot on the slate, a further ballot among tied candidates, or 另行选举. */
export interface BallotSpec {
  kind: 'first' | 'further' | 'second';
  candidates: string[];
  seats: number;
  /** For a further ballot: the tie it settles. */
  tie?: Tie;
}

export type BallotOutcome =
  | { outcome: 'filled'; elected: string[]; needed: number | null }
  | { outcome: 'further-ballot'; elected: string[]; tie: Tie; needed: number | null }
  | { outcome: 'vacant'; elected: string[]; vacant: number; remaining: string[]; needed: number };

/**
 * What a counted ballot decides. Winners need yes-votes meeting the policy's share of
 * those present (exactly half fails by default); equal votes at the cut-off go to a
 * further ballot; too few winners leave seats vacant. A further ballot needs no share:
 * everyone in it already passed.
 */
export function decideBallot(spec: BallotSpec, totals: VoteTotals, present: number, policy: Pick<Policy, 'election'>): BallotOutcome {
  if (spec.kind === 'further') {
    if (!spec.tie) throw new Error('a further ballot needs the tie it settles');
    const r = decideFurtherBallot(totals, spec.tie);
    const elected = r.elected.map((c) => c.name);
    return r.outcome === 'filled'
      ? { outcome: 'filled', elected, needed: null }
      : { outcome: 'further-ballot', elected, tie: r.tie, needed: null };
  }
  const r = electWinners(totals, present, spec.seats, policy.election, 'further-ballot');
  const elected = r.elected.map((c) => c.name);
  switch (r.outcome) {
    case 'filled':
      return { outcome: 'filled', elected, needed: r.needed };
    case 'further-ballot':
      return { outcome: 'further-ballot', elected, tie: r.tie, needed: r.needed };
    case 'vacant':
      return { outcome: 'vacant', elected, vacant: r.vacant, remaining: r.remaining.map((c) => c.name), needed: r.needed };
    default: {
      const never: never = r;
      throw new Error(`unknown ballot outcome ${JSON.stringify(never)}`);
    }
  }
}

export const VACANCY_ACTIONS = ['second-ballot', 'reduce-seats'] as const;

export type VacancyDecision = { action: 'second-ballot' } | { action: 'reduce-seats'; agreeing: number; present: number };

/** The recorder's choice for seats left vacant: 另行选举, or the assembly's vote to reduce the seats. */
export const parseVacancy: DecisionParser<VacancyDecision> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const action = oneOf(raw.action, 'action', VACANCY_ACTIONS);
  if (!action.ok) return action;
  if (action.value === 'second-ballot') {
    const extra = onlyKeys(raw, ['action']);
    return extra ? fail(`${extra}; a second ballot needs no votes`) : ok({ action: 'second-ballot' });
  }
  const extra = onlyKeys(raw, ['action', 'agreeing', 'present']);
  if (extra) return fail(extra);
  const agreeing = count(raw.agreeing, 'agreeing');
  if (!agreeing.ok) return agreeing;
  const present = count(raw.present, 'present');
  if (!present.ok) return present;
  if (present.value < 1) return fail('present must be at least 1');
  if (agreeing.value > present.value) return fail(`agreeing (${agreeing.value}) cannot exceed present (${present.value})`);
  return ok({ action: 'reduce-seats', agreeing: agreeing.value, present: present.value });
};

export function checkVacancy(
  d: VacancyDecision,
  ctx: { remaining: readonly string[]; elected: number; eligibleVoters: number },
): Parsed<VacancyDecision> {
  if (d.action === 'second-ballot' && ctx.remaining.length === 0) return fail('no candidates remain for a second ballot: reduce the seats');
  if (d.action === 'reduce-seats') {
    if (ctx.elected === 0) return fail('nobody was elected: the seats cannot be reduced to none, hold a second ballot');
    if (d.present > ctx.eligibleVoters)
      return fail(`present (${d.present}) cannot exceed the ${ctx.eligibleVoters} members with voting rights`);
  }
  return ok(d);
}

export function seatReduction(d: { agreeing: number; present: number }, policy: Pick<Policy, 'election'>): SeatReductionOutcome {
  return decideSeatReduction(d.agreeing, d.present, policy.election);
}
