/**
 * What the voting page shows for a token before anything is cast (docs/ballots.md): the
 * session's question, ballot and closing, or the refusal the cast would meet (a used,
 * voided or unknown token, a closed session). Reading it changes nothing: the token
 * stays issued until a ballot is cast with it. The list carries person ids; the names
 * beside them are what the paper ballot prints, the voter's only way to know whom a line
 * is about, and what anyone handed a paper ballot of this session would read.
 */
import { sql } from 'kysely';
import { BallotRefusal } from '../../domain/ballots/ballotRefusal';
import { parseToken } from '../../domain/ballots/ballotToken';
import type { BallotShape, BallotStepForm, RaterGroup } from '../../domain/ballots/sessionDefinition';
import type { DB } from '../../schema/db';
import { tokenHashes } from './tokens';

export interface BallotForm {
  sessionId: string;
  form: BallotStepForm;
  question: string;
  ballot: BallotShape;
  /** The rater group this token votes in, or null without groups. */
  group: Pick<RaterGroup, 'key' | 'label'> | null;
  closesAt: string | null;
  /** The name of each person on the ballot's list (a recommendation, a slate, the person voted on); empty for a rating. */
  names: Record<string, string>;
}

/** The registry's name of each person on a ballot's list (none for a rating), as the paper ballot prints them. */
export async function ballotNames(db: DB, ballot: BallotShape): Promise<Record<string, string>> {
  const listed = ballot.kind === 'rating' ? [] : ballot.candidates;
  if (listed.length === 0) return {};
  const people = await db.selectFrom('people').select(['person_id', 'name']).where('person_id', 'in', listed).execute();
  return Object.fromEntries(people.map((p) => [p.person_id, p.name]));
}

export async function ballotForm(db: DB, rawToken: unknown): Promise<BallotForm> {
  const token = parseToken(rawToken);
  const found = await db
    .selectFrom('ballot_tokens')
    .innerJoin('ballot_sessions', 'ballot_sessions.session_id', 'ballot_tokens.session_id')
    .select([
      'ballot_tokens.status as token_status',
      'ballot_tokens.group_key',
      'ballot_sessions.session_id',
      'ballot_sessions.definition',
      'ballot_sessions.status',
      'ballot_sessions.closes_at',
      sql<boolean>`ballot_sessions.closes_at is not null and ballot_sessions.closes_at <= now()`.as('past_deadline'),
    ])
    .where('ballot_tokens.token_hash', 'in', tokenHashes(token))
    .executeTakeFirst();
  // The same refusals, in the same words, as a cast with this token would meet.
  if (!found) throw new BallotRefusal('unknown-token', '投票码无效', 'this is not a ballot token');
  if (found.token_status === 'used')
    throw new BallotRefusal('token-used', '这张票已经投过，每张票只能投一次', 'this token has already voted: a token votes once');
  if (found.token_status === 'voided') throw new BallotRefusal('token-voided', '这张票已作废', 'this token was voided by the chair');
  if (found.status !== 'open' || found.past_deadline)
    throw new BallotRefusal('session-closed', '投票已经结束', 'the ballot session is closed');
  const def = found.definition;
  const group = def.groups.find((g) => g.key === found.group_key);
  return {
    sessionId: found.session_id,
    form: def.form,
    question: def.question,
    ballot: def.ballot,
    group: group ? { key: group.key, label: group.label } : null,
    closesAt: found.closes_at?.toISOString() ?? null,
    names: await ballotNames(db, def.ballot),
  };
}
