/**
 * The step decided from an online session (docs/ballots.md "The decision to the
 * workflow"), given/when/then: the session a decision cites, the fields the chair may add
 * to the ballots' count, and the words of a refusal in both languages.
 */
import { describe, expect, it } from 'vitest';
import { parseDecisionBallot } from '../../domain/ballots/decisionBallot';
import { sessionDecisionRefusal } from '../../domain/ballots/sessionDecisionRefusal';
import { missingExtra, withSessionExtra } from '../../domain/ballots/sessionExtra';
import { parseMassesVoteBeforeNotice, parseMembersVote } from '../../domain/memberDevelopmentForms';

const CITE = { sessionId: 'bs-0b5c1a3e-7d2f-4e61-9a0b-3c4d5e6f7a8b', head: 'a'.repeat(64), cast: 33 };

describe('the session a decision cites', () => {
  it('given none (a typed-in decision), then there is nothing to record', () => {
    expect(parseDecisionBallot(undefined)).toEqual({ ok: true, value: undefined });
  });

  it('given a session id, a 64-hex head and a count, then it is taken as it is', () => {
    expect(parseDecisionBallot(CITE)).toEqual({ ok: true, value: CITE });
    expect(parseDecisionBallot({ ...CITE, cast: 0 })).toMatchObject({ ok: true });
  });

  it('given anything else, then it is refused with what is wrong', () => {
    const refused = (raw: unknown, why: RegExp) => {
      const r = parseDecisionBallot(raw);
      expect(r.ok, JSON.stringify(raw)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(why);
    };
    refused(null, /sessionId, head, cast/);
    refused('bs-1', /sessionId, head, cast/);
    refused({ ...CITE, sessionId: 'bs-1' }, /sessionId/);
    refused({ ...CITE, head: 'A'.repeat(64) }, /head/);
    refused({ ...CITE, head: 'a'.repeat(63) }, /head/);
    refused({ ...CITE, cast: -1 }, /cast/);
    refused({ ...CITE, cast: 2.5 }, /cast/);
    refused({ ...CITE, cast: 2001 }, /at most 2000/);
    refused({ ...CITE, step: 'x' }, /unknown field.*step/);
  });
});

describe('the chair’s fields beside the ballots’ count', () => {
  const vote = { eligible: 28, present: 25, yes: 22, writtenYes: 0 };

  it('given a members’ vote and the assembly’s day, then the step’s own parser takes the decision', () => {
    const merged = withSessionExtra('member-development.members-vote', vote, { on: '2026-03-02' });
    expect(merged).toEqual({ ok: true, value: { ...vote, on: '2026-03-02' } });
    if (merged.ok) expect(parseMembersVote(merged.value)).toMatchObject({ ok: true });
  });

  it('given a members’ vote without the day, then the step’s parser refuses it and the day is what is missing', () => {
    const merged = withSessionExtra('member-development.members-vote', vote, undefined);
    expect(merged.ok && parseMembersVote(merged.value).ok).toBe(false);
    expect(missingExtra('member-development.members-vote', undefined).map((f) => f.name)).toEqual(['on']);
    expect(missingExtra('member-development.members-vote', { on: '2026-03-02' })).toEqual([]);
  });

  it('given the masses’ vote and the notice’s day, then the step’s parser takes it', () => {
    const merged = withSessionExtra('member-development.masses-vote', { cast: 40, approving: 36 }, { noticePostedOn: '2026-02-20' });
    expect(merged.ok && parseMassesVoteBeforeNotice(merged.value)).toMatchObject({ ok: true, value: { noticePostedOn: '2026-02-20' } });
  });

  it('given a count, or a field the form lacks, then it is refused in both languages and nothing is merged', () => {
    const count = withSessionExtra('member-development.members-vote', vote, { on: '2026-03-02', yes: 25 });
    expect(count).toMatchObject({ ok: false, zh: expect.stringContaining('不能补充：yes'), error: expect.stringContaining('not yes') });
    expect(withSessionExtra('election.ballot', { eligible: 40, present: 32 }, { on: '2026-03-02' })).toMatchObject({
      ok: false,
      zh: expect.stringContaining('不能补充字段'),
      error: expect.stringContaining('nothing may be added'),
    });
    expect(withSessionExtra('probation.rating', { votes: {} }, ['on'])).toMatchObject({ ok: false, zh: expect.stringContaining('对象') });
  });

  it('given no extra or an empty one, then the decision is the ballots’ as it is', () => {
    expect(withSessionExtra('election.ballot', { eligible: 40, present: 32 }, {})).toEqual({
      ok: true,
      value: { eligible: 40, present: 32 },
    });
  });
});

describe('a refusal of the session’s decision', () => {
  it('given the case’s refusal of a members’ vote without its day, then both languages name the reason and the field', () => {
    const r = sessionDecisionRefusal(
      'MalformedDecision',
      'step "members-vote": on must be a date YYYY-MM-DD, got undefined',
      missingExtra('member-development.members-vote', undefined),
    );
    expect(r.code).toBe('MalformedDecision');
    expect(r.zh).toMatch(/^该步骤未采用投票结果，未记录：step "members-vote": on must be a date.*可能需要补充支部大会召开日期（on）/);
    expect(r.en).toMatch(/on must be a date.*it may need on \(the day of the branch assembly\)/);
  });

  it('given another reason, then it is named without a field to add', () => {
    expect(sessionDecisionRefusal('DuplicateDecision', 'step "x" was already decided')).toEqual({
      code: 'DuplicateDecision',
      zh: '该步骤已经办理，未记录：step "x" was already decided',
      en: 'step "x" was already decided',
    });
  });
});
