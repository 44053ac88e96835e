/**
 * Forms a person enters (计票结果): the totals a meeting reports and the two votes of
 * 发展党员, refused with a reason the person can act on, never thrown, so a workflow
 * validator can answer.
 */
import { count, fail, isRecord, ok, onlyKeys, type DecisionParser, type Parsed } from '../decisions';
import { requirePositive } from './arithmetic';
import { requireCandidates, voidCount, type CountResult, type VoteTotals } from './counting';
import type { MassesVotes, MemberVotes } from './memberVotes';
import type { Meeting } from './quorum';

/** The totals a meeting reports; individual ballots are rarely typed in. */
export interface VoteCountForm {
  readonly eligible: number;
  readonly present: number;
  /** Ballots returned (收回选票). More than present is accepted here and voids the count. */
  readonly cast: number;
  readonly invalid: number;
  /** Per candidate, every candidate on the list, zero included. */
  readonly votes: Readonly<Record<string, number>>;
}

const VOTE_COUNT_FIELDS = ['eligible', 'present', 'cast', 'invalid', 'votes'] as const;

function parseVotesField(raw: unknown, known: readonly string[], valid: number, seats: number): Parsed<Record<string, number>> {
  if (!isRecord(raw)) return fail('votes must map each candidate to a count');
  const unknown = Object.keys(raw).filter((n) => !known.includes(n));
  if (unknown.length > 0) return fail(`votes: not on the list: ${unknown.join(', ')} (the list is ${known.join(', ')})`);
  const out = new Map<string, number>();
  let sum = 0;
  for (const name of known) {
    if (!Object.hasOwn(raw, name)) return fail(`votes: no count for ${name} (enter 0 if no votes)`);
    const c = count(raw[name], `votes.${name}`);
    if (!c.ok) return c;
    if (c.value > valid) return fail(`votes.${name} is ${c.value}, more than the ${valid} valid ballots`);
    out.set(name, c.value);
    sum += c.value;
  }
  // A valid ballot marks at most `seats` names; more would have made it invalid.
  if (sum > valid * seats) {
    return fail(`votes add up to ${sum}, more than ${valid} valid ballots × ${seats} seat(s) = ${valid * seats}`);
  }
  return ok(Object.fromEntries(out));
}

/** The list on the ballot and the seats, which a count form is checked against. */
export interface VoteCountContext {
  readonly candidates: readonly string[];
  readonly seats: number;
}

/**
 * The parser for a count form, bound to the list on the ballot and the seats. Refuses
 * what cannot have happened (more present than eligible, votes beyond the valid
 * ballots, a name off the list) with the numbers, so the person can correct the form.
 */
export function voteCountParser(context: VoteCountContext): DecisionParser<VoteCountForm> {
  requireCandidates(context.candidates);
  requirePositive(context.seats, 'seats');
  const known = [...context.candidates];
  return (raw) => {
    if (!isRecord(raw)) return fail('vote count must be an object');
    const extra = onlyKeys(raw, VOTE_COUNT_FIELDS);
    if (extra) return fail(extra);
    const eligible = count(raw.eligible, 'eligible');
    if (!eligible.ok) return eligible;
    const present = count(raw.present, 'present');
    if (!present.ok) return present;
    const cast = count(raw.cast, 'cast');
    if (!cast.ok) return cast;
    const invalidBallots = count(raw.invalid, 'invalid');
    if (!invalidBallots.ok) return invalidBallots;
    if (eligible.value < 1) return fail('eligible must be at least 1');
    if (present.value > eligible.value) return fail(`present (${present.value}) cannot exceed eligible (${eligible.value})`);
    if (invalidBallots.value > cast.value) return fail(`invalid (${invalidBallots.value}) cannot exceed cast (${cast.value})`);
    const votes = parseVotesField(raw.votes, known, cast.value - invalidBallots.value, context.seats);
    if (!votes.ok) return votes;
    return ok({
      eligible: eligible.value,
      present: present.value,
      cast: cast.value,
      invalid: invalidBallots.value,
      votes: votes.value,
    });
  };
}

/** A parsed form as totals for the winner and slate rules, or void (收回多于到会). */
export function totalsFromForm(form: VoteCountForm): CountResult<VoteTotals> {
  if (form.cast > form.present) return voidCount(form.cast, form.present);
  return { ok: true, tally: { cast: form.cast, valid: form.cast - form.invalid, votes: form.votes } };
}

export interface MemberVoteForm extends Meeting, MemberVotes {}

/** 支部大会表决 as entered; writtenYes may be left out when nobody wrote in. */
export const parseMemberVote: DecisionParser<MemberVoteForm> = (raw) => {
  if (!isRecord(raw)) return fail('member vote must be an object');
  const extra = onlyKeys(raw, ['eligible', 'present', 'yes', 'writtenYes']);
  if (extra) return fail(extra);
  const eligible = count(raw.eligible, 'eligible');
  if (!eligible.ok) return eligible;
  const present = count(raw.present, 'present');
  if (!present.ok) return present;
  const yes = count(raw.yes, 'yes');
  if (!yes.ok) return yes;
  const writtenYes = raw.writtenYes === undefined ? ok(0) : count(raw.writtenYes, 'writtenYes');
  if (!writtenYes.ok) return writtenYes;
  if (eligible.value < 1) return fail('eligible must be at least 1');
  if (present.value > eligible.value) return fail(`present (${present.value}) cannot exceed eligible (${eligible.value})`);
  if (yes.value > present.value) return fail(`yes (${yes.value}) cannot exceed present (${present.value})`);
  const absent = eligible.value - present.value;
  if (writtenYes.value > absent) return fail(`writtenYes (${writtenYes.value}) cannot exceed the ${absent} members absent`);
  return ok({ eligible: eligible.value, present: present.value, yes: yes.value, writtenYes: writtenYes.value });
};

/** 群众满意票 as entered. */
export const parseMassesVote: DecisionParser<MassesVotes> = (raw) => {
  if (!isRecord(raw)) return fail('masses vote must be an object');
  const extra = onlyKeys(raw, ['cast', 'approving']);
  if (extra) return fail(extra);
  const cast = count(raw.cast, 'cast');
  if (!cast.ok) return cast;
  const approving = count(raw.approving, 'approving');
  if (!approving.ok) return approving;
  if (cast.value < 1) return fail('cast must be at least 1: no votes were cast');
  if (approving.value > cast.value) return fail(`approving (${approving.value}) cannot exceed cast (${cast.value})`);
  return ok({ cast: cast.value, approving: approving.value });
};
