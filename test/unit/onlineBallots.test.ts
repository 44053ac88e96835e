/**
 * Online ballots (docs/ballots.md), given/when/then: a session's definition from the
 * step's own form, the valid-ballot rules shared with the paper count, the decision the
 * close hands the step (through the step's own parser and rules, as a typed-in count),
 * tokens, and the per-session chain with its recount.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BallotRefusal } from '../../domain/ballots/ballotRefusal';
import { BALLOT_GENESIS_HASH, chainBallot, recount, type ChainedBallot, type Digest } from '../../domain/ballots/ballotChain';
import { encodeToken, parseToken, TOKEN_ALPHABET, TOKEN_LENGTH } from '../../domain/ballots/ballotToken';
import { decideMassesVote, decideMemberVote } from '../../domain/ballots/memberVotes';
import { parseMassesVote, parseMemberVote } from '../../domain/ballots/forms';
import { ballotContentText, readOnlineBallot, type BallotContent } from '../../domain/ballots/onlineBallot';
import { MAX_DUE, parseSessionDefinition, type BallotSessionDefinition } from '../../domain/ballots/sessionDefinition';
import { sessionDecision, tallySession } from '../../domain/ballots/sessionTally';
import { chairRefusal } from '../../domain/ballots/sessionChair';
import { listsSession } from '../../domain/ballots/sessionListing';
import { sessionQuorum } from '../../domain/ballots/sessionQuorum';
import { checkRatingMeeting } from '../../domain/democraticRating';
import { decideBallot } from '../../domain/electionBallots';
import { judgeMeeting, meetingParser } from '../../domain/electionMeetings';
import { parseRatingVotes } from '../../domain/evaluationForms';
import { DEFAULT_POLICY } from '../../domain/policy';
import { assessVotes, parseAssessment } from '../../domain/probation';
import { parseMeetingRecommendation } from '../../domain/selection';

const P = DEFAULT_POLICY;
const NOW = '2026-03-02T01:00:00.000Z';
const sha256: Digest = (t) => createHash('sha256').update(t, 'utf8').digest('hex');

function define(caseId: string, step: string, raw: unknown): BallotSessionDefinition {
  const d = parseSessionDefinition(raw, { caseId, step, now: NOW });
  if (!d.ok) throw new Error(d.error);
  return d.value;
}

function contents(def: BallotSessionDefinition, raws: readonly unknown[]): BallotContent[] {
  return raws.map((raw) => {
    const r = readOnlineBallot(def.ballot, raw);
    if (!r.ok) throw new Error(r.en);
    return r.content;
  });
}

const counted = (cs: readonly BallotContent[]) => cs.map((content) => ({ group: '', content }));
const repeat = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

const SLATE = ['p-0101', 'p-0102', 'p-0103', 'p-0104'];
const electionDef = () => define('election/t-01/2026', 'election-meeting', { due: 40, candidates: SLATE, seats: 3 });

describe('a session is defined from the step it serves', () => {
  it('a probation rating offers the four grades of the rating form and takes no candidates', () => {
    const def = define('probation/p-0005/a-1', 'democratic-rating', { due: 30 });
    expect(def.form).toBe('probation.rating');
    expect(def.ballot).toEqual({ kind: 'rating', choices: ['excellent', 'competent', 'basicallyCompetent', 'notCompetent'] });
    expect(def.closing).toEqual({ kind: 'manual' });
    const refused = parseSessionDefinition(
      { due: 30, candidates: ['p-1'] },
      { caseId: 'probation/p-0005/a-1', step: 'democratic-rating', now: NOW },
    );
    expect(refused).toEqual({ ok: false, error: 'a probation.rating ballot takes no candidates or seats' });
  });

  it('an election meeting on the slate takes its candidates and seats, and a deadline after now', () => {
    const def = define('election/t-01/2026', 'election-meeting', {
      due: 40,
      candidates: SLATE,
      seats: 3,
      closesAt: '2026-03-02T10:30:00+08:00',
    });
    expect(def.ballot).toEqual({ kind: 'approve', candidates: SLATE, seats: 3 });
    expect(def.closing).toEqual({ kind: 'deadline', at: '2026-03-02T02:30:00.000Z' });
    const past = parseSessionDefinition(
      { due: 40, candidates: SLATE, seats: 3, closesAt: '2026-03-02T08:59:00+08:00' },
      {
        caseId: 'election/t-01/2026',
        step: 'election-meeting',
        now: NOW,
      },
    );
    expect(past.ok).toBe(false);
  });

  it('a member vote is on the case’s own person, yes / no / abstain', () => {
    const def = define('member-development/p-0042', 'members-vote', { due: 9 });
    expect(def.ballot).toEqual({ kind: 'approve', candidates: ['p-0042'], seats: 1 });
  });

  it('a step that takes no votes has no session', () => {
    const r = parseSessionDefinition({ due: 5 }, { caseId: 'probation/p-0005/a-1', step: 'check-in-1', now: NOW });
    expect(r).toEqual({ ok: false, error: 'step check-in-1 of probation/p-0005/a-1 does not take votes' });
  });

  it('a session due more participants than any meeting a county holds is refused before a token is made', () => {
    const at = { caseId: 'evaluation/2026/p-0005', step: 'democratic-rating', now: NOW };
    expect(define(at.caseId, at.step, { due: MAX_DUE }).due).toBe(MAX_DUE);
    expect(parseSessionDefinition({ due: MAX_DUE + 1 }, at)).toEqual({ ok: false, error: `due must be at most ${MAX_DUE}` });
    expect(parseSessionDefinition({ due: 2 ** 31 }, at)).toEqual({ ok: false, error: `due must be at most ${MAX_DUE}` });
  });

  it('rater groups must add up to the participants due', () => {
    const groups = [
      { key: 'leaders', label: '领导班子', due: 5 },
      { key: 'staff', label: '干部职工', due: 20 },
    ];
    expect(define('evaluation/2026/p-0005', 'democratic-rating', { due: 25, groups }).groups).toEqual(groups);
    const r = parseSessionDefinition({ due: 30, groups }, { caseId: 'evaluation/2026/p-0005', step: 'democratic-rating', now: NOW });
    expect(r).toEqual({ ok: false, error: "the groups' due add up to 25, not the 30 participants due" });
  });
});

describe('valid-ballot rules are the paper count’s', () => {
  const def = electionDef();

  it('a slate ballot approving more candidates than seats is recorded as invalid (废票), as on paper', () => {
    const r = readOnlineBallot(def.ballot, {
      kind: 'approve',
      votes: { 'p-0101': 'yes', 'p-0102': 'yes', 'p-0103': 'yes', 'p-0104': 'yes' },
    });
    expect(r).toMatchObject({ ok: true, invalid: 'over-marked' });
  });

  it('a name off the slate or a mark that is not one is refused before it is cast', () => {
    expect(readOnlineBallot(def.ballot, { kind: 'approve', votes: { 'p-9999': 'yes' } })).toMatchObject({
      ok: false,
      zh: '选票上有不在名单上的人',
    });
    expect(readOnlineBallot(def.ballot, { kind: 'approve', votes: { 'p-0101': 'maybe' } })).toMatchObject({ ok: false });
    expect(readOnlineBallot(def.ballot, { kind: 'choose', marked: ['p-0101'] })).toMatchObject({ ok: false });
  });

  it('a recommendation names each person once, at most as many as seats', () => {
    const rec = define('election/t-01/2026', 'members-recommendation', { due: 40, candidates: SLATE, seats: 2 });
    expect(readOnlineBallot(rec.ballot, { kind: 'choose', marked: ['p-0102', 'p-0101'] })).toEqual({
      ok: true,
      content: { kind: 'choose', marked: ['p-0101', 'p-0102'] },
      invalid: null,
    });
    expect(readOnlineBallot(rec.ballot, { kind: 'choose', marked: ['p-0101', 'p-0101'] })).toMatchObject({
      ok: false,
      zh: '同一人不能选两次',
    });
    expect(readOnlineBallot(rec.ballot, { kind: 'choose', marked: ['p-0101', 'p-0102', 'p-0103'] })).toMatchObject({
      invalid: 'over-marked',
    });
  });

  it('a rating ballot is exactly one of the four grades', () => {
    const rating = define('probation/p-0005/a-1', 'democratic-rating', { due: 30 }).ballot;
    expect(readOnlineBallot(rating, { kind: 'rating', grade: 'competent' })).toEqual({
      ok: true,
      content: { kind: 'rating', grade: 'competent' },
      invalid: null,
    });
    expect(readOnlineBallot(rating, { kind: 'rating' })).toMatchObject({ ok: false });
    expect(readOnlineBallot(rating, { kind: 'rating', grade: 'good' })).toMatchObject({ ok: false });
    expect(readOnlineBallot(rating, { kind: 'rating', grade: 'competent', also: 'excellent' })).toMatchObject({ ok: false });
  });

  it('the same choice is the same text, whatever order the request named it in', () => {
    const a = readOnlineBallot(def.ballot, { kind: 'approve', votes: { 'p-0103': 'no', 'p-0101': 'yes' } });
    const b = readOnlineBallot(def.ballot, { kind: 'approve', votes: { 'p-0101': 'yes', 'p-0103': 'no', 'p-0104': 'abstain' } });
    if (!a.ok || !b.ok) throw new Error('both read');
    expect(ballotContentText(a.content)).toBe(ballotContentText(b.content));
    expect(ballotContentText(a.content)).toBe(
      '{"kind":"approve","votes":{"p-0101":"yes","p-0102":"abstain","p-0103":"no","p-0104":"abstain"}}',
    );
  });
});

describe('the close hands the step the decision a typed-in count would be', () => {
  const yes3 = { kind: 'approve', votes: { 'p-0101': 'yes', 'p-0102': 'yes', 'p-0103': 'yes', 'p-0104': 'no' } };
  const yes2 = { kind: 'approve', votes: { 'p-0101': 'yes', 'p-0102': 'yes', 'p-0104': 'yes' } };

  it('given 40 due, when 33 vote at the election meeting, then the meeting has its quorum and elects as the typed-in count does', () => {
    const def = electionDef();
    const ballots = contents(def, [
      ...repeat(20, yes3),
      ...repeat(12, yes2),
      { kind: 'approve', votes: { 'p-0101': 'yes', 'p-0102': 'yes', 'p-0103': 'yes', 'p-0104': 'yes' } },
    ]);
    const decision = sessionDecision(def, tallySession(def, counted(ballots)), P);
    const typedIn = { eligible: 40, present: 33, cast: 33, invalid: 1, votes: { 'p-0101': 32, 'p-0102': 32, 'p-0103': 20, 'p-0104': 12 } };
    expect(decision).toEqual(typedIn);
    const parsed = meetingParser(SLATE, 3)(decision);
    if (!parsed.ok) throw new Error(parsed.error);
    const j = judgeMeeting(parsed.value, 'election', P, 40);
    if (!j.ok || j.value.outcome !== 'counted') throw new Error('expected a counted meeting');
    expect(decideBallot({ kind: 'first', candidates: SLATE, seats: 3 }, j.value.totals, j.value.present, P)).toEqual({
      outcome: 'filled',
      elected: ['p-0101', 'p-0102', 'p-0103'],
      needed: 17,
    });
  });

  it('given 40 due, when 32 vote, then the meeting has no quorum and records its attendance only, as the recorder would', () => {
    const def = electionDef();
    const decision = sessionDecision(def, tallySession(def, counted(contents(def, repeat(32, yes3)))), P);
    expect(decision).toEqual({ eligible: 40, present: 32 });
    const parsed = meetingParser(SLATE, 3)(decision);
    if (!parsed.ok) throw new Error(parsed.error);
    const j = judgeMeeting(parsed.value, 'election', P, 40);
    expect(j.ok && j.value.outcome).toBe('no-quorum');
  });

  it('a members’ recommendation lists the people the ballots named, as the recorder types them, and the open list’s parser takes it', () => {
    const def = define('election/t-01/2026', 'members-recommendation', { due: 30, candidates: SLATE, seats: 2 });
    const ballots = contents(def, [
      ...repeat(15, { kind: 'choose', marked: ['p-0101', 'p-0102'] }),
      ...repeat(6, { kind: 'choose', marked: ['p-0103'] }),
      { kind: 'choose', marked: [] },
    ]);
    const decision = sessionDecision(def, tallySession(def, counted(ballots)), P);
    expect(decision).toEqual({ eligible: 30, present: 22, cast: 22, invalid: 0, votes: { 'p-0101': 15, 'p-0102': 15, 'p-0103': 6 } });
    const parsed = meetingParser('open', 2)(decision);
    if (!parsed.ok) throw new Error(parsed.error);
    const j = judgeMeeting(parsed.value, 'members-recommendation', P, 30);
    expect(j.ok && j.value.outcome).toBe('counted');
  });

  it('a probation rating gives the four counts the rating form takes, and the 2/3 rule reads them', () => {
    const def = define('probation/p-0005/a-1', 'democratic-rating', { due: 30 });
    const grades = [
      ...repeat(10, 'excellent'),
      ...repeat(9, 'competent'),
      ...repeat(8, 'basicallyCompetent'),
      ...repeat(2, 'notCompetent'),
    ];
    const decision = sessionDecision(
      def,
      tallySession(
        def,
        counted(
          contents(
            def,
            grades.map((grade) => ({ kind: 'rating', grade })),
          ),
        ),
      ),
      P,
    );
    expect(decision).toEqual({ votes: { excellent: 10, competent: 9, basicallyCompetent: 8, notCompetent: 2 } });
    const parsed = parseAssessment(decision);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(assessVotes(parsed.value.votes, P.probation)).toEqual({ favourable: 19, cast: 29, meetsThreshold: false });
  });

  it('an evaluation rating carries its attendance: the turnout of the due', () => {
    const def = define('evaluation/2026/p-0005', 'democratic-rating', { due: 30 });
    const ballots = contents(def, repeat(20, { kind: 'rating', grade: 'competent' }));
    const decision = sessionDecision(def, tallySession(def, counted(ballots)), P);
    expect(decision).toEqual({
      meeting: { present: 20, due: 30 },
      votes: { excellent: 0, competent: 20, basicallyCompetent: 0, notCompetent: 0 },
    });
    const parsed = parseRatingVotes(decision);
    if (!parsed.ok) throw new Error(parsed.error);
    // 20 of 30 is exactly 2/3: not more than 2/3, so no quorum, as typed in.
    expect(checkRatingMeeting(parsed.value.meeting, parsed.value.votes, P.evaluation.ratingQuorum).ok).toBe(false);
  });

  it('a members’ vote and a masses’ vote give the counts 发展党员’s forms take', () => {
    const members = define('member-development/p-0042', 'members-vote', { due: 9 });
    const yes = { kind: 'approve', votes: { 'p-0042': 'yes' } };
    const no = { kind: 'approve', votes: { 'p-0042': 'no' } };
    const mDecision = sessionDecision(members, tallySession(members, counted(contents(members, [...repeat(5, yes), no]))), P);
    expect(mDecision).toEqual({ eligible: 9, present: 6, yes: 5, writtenYes: 0 });
    const mv = parseMemberVote(mDecision);
    if (!mv.ok) throw new Error(mv.error);
    expect(decideMemberVote(mv.value, mv.value, P.memberDevelopment).outcome).toBe('approved');

    const masses = define('member-development/p-0042', 'masses-vote', { due: 12 });
    const sDecision = sessionDecision(masses, tallySession(masses, counted(contents(masses, [...repeat(5, yes), ...repeat(5, no)]))), P);
    expect(sDecision).toEqual({ cast: 10, approving: 5 });
    const sv = parseMassesVote(sDecision);
    if (!sv.ok) throw new Error(sv.error);
    expect(decideMassesVote(sv.value, P.memberDevelopment).outcome).toBe('satisfied');
  });

  it('a selection’s meeting recommendation gives the recommendation form', () => {
    const def = define('selection/u-01/post-1/2026-03-01', 'meeting-recommendation', { due: 25, candidates: ['p-1', 'p-2'], seats: 1 });
    const ballots = contents(def, [
      ...repeat(15, { kind: 'choose', marked: ['p-1'] }),
      ...repeat(5, { kind: 'choose', marked: ['p-2'] }),
      { kind: 'choose', marked: ['p-1', 'p-2'] },
    ]);
    const decision = sessionDecision(def, tallySession(def, counted(ballots)), P);
    expect(decision).toEqual({ due: 25, attended: 21, cast: 21, invalid: 1, votes: { 'p-1': 15, 'p-2': 5 } });
    expect(parseMeetingRecommendation(decision).ok).toBe(true);
  });

  it('rater groups are counted apart for the published tally, and the step takes their plain sum', () => {
    const groups = [
      { key: 'leaders', label: '领导班子', due: 2 },
      { key: 'staff', label: '干部职工', due: 3 },
    ];
    const def = define('evaluation/2026/p-0005', 'democratic-rating', { due: 5, groups });
    const [ex, co] = contents(def, [
      { kind: 'rating', grade: 'excellent' },
      { kind: 'rating', grade: 'competent' },
    ]) as [BallotContent, BallotContent];
    const tally = tallySession(def, [
      { group: 'leaders', content: ex },
      { group: 'staff', content: co },
      { group: 'staff', content: co },
    ]);
    expect(tally.byGroup.leaders).toEqual({
      kind: 'rating',
      turnout: 1,
      votes: { excellent: 1, competent: 0, basicallyCompetent: 0, notCompetent: 0 },
    });
    expect(tally.byGroup.staff).toMatchObject({ turnout: 2 });
    expect(tally.total).toEqual({
      kind: 'rating',
      turnout: 3,
      votes: { excellent: 1, competent: 2, basicallyCompetent: 0, notCompetent: 0 },
    });
  });
});

describe('tokens', () => {
  it('128 random bits are 26 characters of Crockford base32 with no I, L, O or U', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const t = encodeToken(randomBytes(16));
      expect(t).toHaveLength(TOKEN_LENGTH);
      expect(t).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
      seen.add(t);
    }
    expect(seen.size).toBe(2000);
    expect(TOKEN_ALPHABET).not.toMatch(/[ILOU]/);
    expect(encodeToken(new Uint8Array(16))).toBe('0'.repeat(26));
    expect(encodeToken(new Uint8Array(16).fill(255))).toBe(`7${'Z'.repeat(25)}`);
  });

  it('every character position carries random bits (each of the 32 symbols shows up after the first)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 400; i++) for (const c of encodeToken(randomBytes(16)).slice(1)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // 10,000 symbols, 312.5 expected each: a stuck or biased encoder lands far outside.
    for (const n of counts.values()) expect(n).toBeGreaterThan(200);
  });

  it('a token copied by hand in lower case, with hyphens, O for 0 and l for 1, reads as itself; anything else is refused', () => {
    const t = encodeToken(randomBytes(16));
    const handCopied = `${t.slice(0, 13)}-${t.slice(13)}`.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
    expect(parseToken(handCopied)).toBe(t);
    for (const bad of [t.slice(1), `${t}0`, `8${t.slice(1)}`, t.replace(/^./, 'U'), 42, undefined, 'x'.repeat(100)]) {
      expect(() => parseToken(bad)).toThrow(BallotRefusal);
    }
  });
});

describe('the ballot chain and the recount', () => {
  const def = electionDef();
  const SESSION = 'bs-1';
  function chain(raws: readonly unknown[]): ChainedBallot[] {
    const out: ChainedBallot[] = [];
    for (const c of contents(def, raws)) {
      const last = out.at(-1);
      out.push(
        chainBallot(sha256, SESSION, last ? { position: last.position, hash: last.hash } : null, {
          group: '',
          content: ballotContentText(c),
        }),
      );
    }
    return out;
  }
  const raws = [
    { kind: 'approve', votes: { 'p-0101': 'yes' } },
    { kind: 'approve', votes: { 'p-0102': 'yes', 'p-0103': 'no' } },
    { kind: 'approve', votes: { 'p-0101': 'yes', 'p-0104': 'yes' } },
  ];

  it('each link covers the one before; the receipt is the hash’s first 12 hex digits', () => {
    const c = chain(raws);
    expect(c[0]!.prevHash).toBe(BALLOT_GENESIS_HASH);
    expect(c[1]!.prevHash).toBe(c[0]!.hash);
    expect(c.map((b) => b.receipt)).toEqual(c.map((b) => b.hash.slice(0, 12)));
    // The same ballots in another session chain to other hashes: a list cannot be moved between sessions.
    const other = chainBallot(sha256, 'bs-2', null, { group: '', content: c[0]!.content });
    expect(other.hash).not.toBe(c[0]!.hash);
  });

  it('the recount of an intact list verifies and counts what the close counted', () => {
    const c = chain(raws);
    const r = recount(sha256, SESSION, def, c);
    if (!r.ok) throw new Error(r.reason);
    expect(r.head).toBe(c[2]!.hash);
    expect(r.tally).toEqual(tallySession(def, counted(contents(def, raws))));
  });

  it('an edited, dropped, reordered or moved ballot is found, at its position', () => {
    const c = chain(raws);
    const edited = c.map((b, i) => (i === 1 ? { ...b, content: b.content.replace('"p-0103":"no"', '"p-0103":"yes"') } : b));
    expect(recount(sha256, SESSION, def, edited)).toMatchObject({
      ok: false,
      firstBadPosition: 2,
      reason: 'hash of ballot 2 does not match its contents',
    });
    expect(recount(sha256, SESSION, def, [c[0]!, c[2]!])).toMatchObject({ ok: false, firstBadPosition: 2 });
    expect(recount(sha256, SESSION, def, [c[1]!, c[0]!, c[2]!])).toMatchObject({ ok: false, firstBadPosition: 1 });
    expect(recount(sha256, 'bs-2', def, c)).toMatchObject({ ok: false, firstBadPosition: 1 });
    const receipt = c.map((b, i) => (i === 2 ? { ...b, receipt: '000000000000' } : b));
    expect(recount(sha256, SESSION, def, receipt)).toMatchObject({ ok: false, firstBadPosition: 3 });
  });

  it('a re-hashed forgery whose content is no ballot of the session is found too', () => {
    const forged = chainBallot(sha256, SESSION, null, { group: '', content: '{"kind":"approve","votes":{"p-9999":"yes"}}' });
    expect(recount(sha256, SESSION, def, [forged])).toMatchObject({ ok: false, firstBadPosition: 1 });
    const nonCanonical = chainBallot(sha256, SESSION, null, { group: '', content: '{"votes":{"p-0101":"yes"},"kind":"approve"}' });
    expect(recount(sha256, SESSION, def, [nonCanonical])).toMatchObject({ ok: false, reason: expect.stringContaining('canonical') });
  });
});

describe('who chairs a session, and the turnout it needs', () => {
  const step = { caseId: 'election/t-01/2026', step: 'election-meeting', role: 'township-committee', townshipId: 't-01', escalated: false };

  it('the committee that decides the step chairs it, inside its township only', () => {
    expect(chairRefusal({ id: 'c', role: 'township-committee', townshipId: 't-01' }, step)).toBeUndefined();
    expect(chairRefusal({ id: 'c', role: 'township-committee', townshipId: 't-02' }, step)?.code).toBe('no-ballot-step');
    expect(chairRefusal({ id: 'a', role: 'auditor' }, step)?.code).toBe('no-ballot-step');
  });

  it('the county chairs a township’s step only once it is escalated (督办), as it would decide it', () => {
    const county = { id: 'o', role: 'county-org-dept' } as const;
    expect(chairRefusal(county, step)).toBeDefined();
    expect(chairRefusal(county, { ...step, escalated: true })).toBeUndefined();
  });

  it('a case’s list shows an open session to its chair only, and a closed one to every reader of the case', () => {
    const chair = { id: 'c', role: 'township-committee', townshipId: 't-01' } as const;
    const county = { id: 'o', role: 'county-org-dept' } as const;
    const auditor = { id: 'a', role: 'auditor' } as const;
    expect(listsSession(chair, step, 'open')).toBe(true);
    expect(listsSession(county, step, 'open')).toBe(false);
    expect(listsSession(auditor, step, 'open')).toBe(false);
    expect(listsSession(county, { ...step, escalated: true }, 'open')).toBe(true);
    expect(listsSession(county, step, 'closed')).toBe(true);
    expect(listsSession(auditor, step, 'closed')).toBe(true);
  });

  it('the live turnout is measured against the step’s own quorum: 33 of 40 at the election meeting, none for a probation rating', () => {
    expect(sessionQuorum(electionDef(), P)).toEqual({ threshold: P.election.electionQuorum, needed: 33 });
    const rec = define('election/t-01/2026', 'masses-recommendation', { due: 30, candidates: SLATE, seats: 2 });
    expect(sessionQuorum(rec, P)).toEqual({ threshold: P.election.recommendationQuorum, needed: 21 });
    expect(sessionQuorum(define('member-development/p-0042', 'members-vote', { due: 9 }), P)?.needed).toBe(5);
    expect(sessionQuorum(define('probation/p-0005/a-1', 'democratic-rating', { due: 30 }), P)).toBeNull();
  });
});
