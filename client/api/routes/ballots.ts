/**
 * Online ballot sessions over HTTP (docs/ballots.md), thin over client/ballots/service.ts.
 *
 * The chair's routes (open, turnout, void a spare, close) are for whoever may decide the
 * step — the service checks the step's role and township as the case's validator does,
 * and answers a session of another township as a missing one. The voter's routes (the
 * ballot form, the cast, the published list) are public: the token is the credential.
 * They read no session cookie and no API token, record no actor, and set no cookie, so
 * a signed-in browser that votes acts as nobody. The token travels in the request body,
 * never in a URL (URLs end up in proxies' and servers' logs); the voting page reads it
 * from the address's fragment (`/#/vote/<token>`), which the browser never sends.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BallotRefusal, type BallotRefusalCode } from '../../../domain/ballots/ballotRefusal';
import { parseToken } from '../../../domain/ballots/ballotToken';
import { RECEIPT_PATTERN } from '../../../domain/ballots/receipt';
import { DEFAULT_POLICY } from '../../../domain/policy';
import { ballotForm, ballotNames } from '../../ballots/ballotForm';
import { isCastRefusal } from '../../ballots/castThrottle';
import { closeAndDecide, decideFromSession, decisionRefusalOf, type DecideStep } from '../../ballots/decideFromSession';
import { DecisionRefusedError } from '../../userError';
import {
  castBallot,
  MAX_SPARES,
  openSession,
  publishedBallots,
  turnout,
  verifyBallotSession,
  verifyBallotSessions,
  voidSpare,
  type BallotServiceOptions,
} from '../../ballots/service';
import { actorOf } from '../accounts';
import { DECIDERS, principal, READERS, visibleTo } from '../auth';
import { visibleCase } from '../caseAccess';
import { caseSessions } from '../../ballots/caseSessions';
import type { ApiContext } from '../context';
import { ApiError, notFound, refusedProblem } from '../problem';
import { responses } from '../schemas';
import {
  TOKEN,
  SESSION_PARAMS,
  CASE_PARAMS,
  ANY_OBJECT,
  NAMES,
  OPENED_SHEET,
  TURNOUT,
  RESULT,
  CLOSED_SESSION,
  SESSION_DECIDED,
  CASE_SESSIONS,
  BALLOT,
} from '../ballotSchemas';

/** What each refusal means over HTTP; the problem carries the code as `reason` and the words in both languages. */
const REFUSAL_STATUS: Record<BallotRefusalCode, number> = {
  'bad-token': 400,
  'unknown-token': 404,
  'token-used': 409,
  'token-voided': 409,
  'not-a-spare': 409,
  'session-closed': 409,
  'session-open': 409,
  'session-full': 409,
  'bad-ballot': 422,
  'bad-session': 422,
  'bad-extra': 422,
  'no-ballot-step': 409,
  'unknown-session': 404,
};

export function ballotProblem(err: BallotRefusal): ApiError {
  return new ApiError(REFUSAL_STATUS[err.code], `ballot-${err.code}`, 'Ballot refused', err.en, {
    reason: err.code,
    zh: err.zh,
    en: err.en,
  });
}

async function refusalsAsProblems<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof BallotRefusal) throw ballotProblem(err);
    throw err;
  }
}

/** Where a printed token leads: the web UI's voting page, the token in the fragment (never sent to a server). */
function voteUrl(request: FastifyRequest, token: string): string {
  return `${request.protocol}://${request.host}/#/vote/${token}`;
}

export function ballotRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const opts: BallotServiceOptions = ctx.ballots ?? { hashAlgorithm: 'sha256', policy: DEFAULT_POLICY };
  // The path every typed-in decision takes (POST /cases/{caseId}/decisions): the case's validator applies all its rules.
  const decide: DecideStep = (caseId, step, actor, decision, ballot) => ctx.backend.decide(caseId, step, actor, decision, ballot);

  app.post<{ Params: { caseId: string }; Body: { step: string; definition: Record<string, unknown>; spares?: number } }>(
    '/cases/:caseId/ballot-sessions',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['ballots'],
        summary: 'Open an online ballot session on a pending step that takes votes, and get its token sheet — once',
        description:
          'For whoever may decide the step (its role, in its township). `definition` is read by the step form’s own rules ' +
          '(docs/ballots.md: `due`, `candidates`, `seats`, `groups`, `question`, `closesAt`). The answer lists every token with the ' +
          'voting page’s URL, to print or show: the tokens are stored only as hashes and are never shown again.',
        params: CASE_PARAMS,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['step', 'definition'],
          properties: {
            step: { type: 'string', minLength: 1, maxLength: 100 },
            definition: ANY_OBJECT,
            spares: { type: 'integer', minimum: 0, maximum: MAX_SPARES },
          },
        },
        response: responses(
          {
            201: OPENED_SHEET,
          },
          [400, 401, 403, 404, 409, 413, 415, 422],
        ),
      },
    },
    async (request, reply) => {
      const p = principal(request);
      const c = await ctx.db
        .selectFrom('cases')
        .select(['case_id', 'township_id'])
        .where('case_id', '=', request.params.caseId)
        .executeTakeFirst();
      if (!c || !visibleTo(p, c.township_id)) throw notFound(`no case ${request.params.caseId}`);
      const opened = await refusalsAsProblems(() =>
        openSession(
          ctx.db,
          actorOf(p.user),
          { caseId: c.case_id, step: request.body.step, definition: request.body.definition, spares: request.body.spares },
          opts,
        ),
      );
      // A session with a deadline arms the timer that closes it.
      ctx.ballotDeadlines?.opened();
      const sheet = (list: { group: string; token: string }[]) => list.map((t) => ({ ...t, url: voteUrl(request, t.token) }));
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ sessionId: opened.sessionId, definition: opened.definition, tokens: sheet(opened.tokens), spares: sheet(opened.spares) });
    },
  );

  app.get<{ Params: { caseId: string } }>(
    '/cases/:caseId/ballot-sessions',
    {
      config: { access: READERS },
      schema: {
        tags: ['ballots'],
        summary: 'A case’s online ballot sessions, the newest first: where a chair finds a session again — counts only, never tokens',
        description:
          'An open session is listed to whoever may chair its step (its role in its township; the county once the step is ' +
          'escalated), and to no one else; a closed one, whose ballots are published, to every reader of the case. Each ' +
          'session: its step, status, participants due, ballots cast and times — never a token, never what the ballots say.',
        params: CASE_PARAMS,
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: responses({ 200: CASE_SESSIONS }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      const p = principal(request);
      const c = await visibleCase(ctx, p, request.params.caseId);
      return { caseId: c.caseId, sessions: await caseSessions(ctx.db, actorOf(p.user), c.caseId) };
    },
  );

  app.get<{ Params: { sessionId: string } }>(
    '/ballot-sessions/:sessionId/turnout',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['ballots'],
        summary: 'The chair’s live turnout: ballots cast against the quorum and the tokens issued, used, voided — never what they say',
        params: SESSION_PARAMS,
        response: responses({ 200: TURNOUT }, [400, 401, 403, 404]),
      },
    },
    async (request) => refusalsAsProblems(() => turnout(ctx.db, actorOf(principal(request).user), request.params.sessionId, opts)),
  );

  app.post<{ Params: { sessionId: string }; Body: { token: string } }>(
    '/ballot-sessions/:sessionId/voided-tokens',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['ballots'],
        summary: 'Void an unused spare token (a misprinted sheet): it can no longer vote',
        params: SESSION_PARAMS,
        body: { type: 'object', additionalProperties: false, required: ['token'], properties: { token: TOKEN } },
        response: responses({ 204: { type: 'null', description: 'voided' } }, [400, 401, 403, 404, 409, 413, 415]),
      },
    },
    async (request, reply) => {
      await refusalsAsProblems(() => voidSpare(ctx.db, actorOf(principal(request).user), request.params.sessionId, request.body.token));
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { sessionId: string } }>(
    '/ballot-sessions/:sessionId/close',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['ballots'],
        summary: 'Close a session and decide its step from it: the ballots recounted and counted by the step’s own rules',
        description:
          'Answers the tally and the step’s `decision` as its form takes it, and sends that decision to the case as the chair’s, ' +
          'citing the session (its id, chain head and ballots: the TaskDecided event records them as `ballot`); every rule of the ' +
          'step applies as to a typed-in count. `decided` is the receipt; when the step refuses (e.g. a members’ vote without its ' +
          'assembly’s day) it is null and `decisionRefusal` says why in Chinese and English. The session stays closed either way: ' +
          'decide it with POST /ballot-sessions/{sessionId}/decision.',
        params: SESSION_PARAMS,
        response: responses({ 200: CLOSED_SESSION }, [400, 401, 403, 404, 409]),
      },
    },
    async (request) => {
      const closed = await refusalsAsProblems(() =>
        closeAndDecide(ctx.db, decide, actorOf(principal(request).user), request.params.sessionId, opts),
      );
      // Its deadline, if it had one, no longer counts: the timer looks for the next.
      ctx.ballotDeadlines?.opened();
      return closed;
    },
  );

  app.post<{ Params: { sessionId: string }; Body: { extra?: Record<string, unknown> } }>(
    '/ballot-sessions/:sessionId/decision',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['ballots'],
        summary: 'Decide a closed session’s step from its result, with the fields the ballots cannot give (an assembly’s day)',
        description:
          'For a session closed by its deadline, or whose decision the step refused at closing. `extra` holds only the fields of ' +
          'the step’s form the ballots cannot give (`on` for a members’ vote, `noticePostedOn` for the masses’ vote); any other is ' +
          'refused (`bad-extra`). The decision is sent as the chair’s, citing the session, and every rule of the step applies; the ' +
          'same chair sending the same again gets the first receipt. An open session is refused (`session-open`); a case’s refusal ' +
          'is a problem `refused-<reason>` with `zh` and `en`. Nothing is written when refused.',
        params: SESSION_PARAMS,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { extra: { ...ANY_OBJECT, description: 'the step’s fields the ballots cannot give, e.g. { "on": "2026-03-02" }' } },
        },
        response: responses({ 200: SESSION_DECIDED }, [400, 401, 403, 404, 409, 413, 415, 422, 503]),
      },
    },
    async (request) => {
      const actor = actorOf(principal(request).user);
      const receipt = await refusalsAsProblems(() =>
        decideFromSession(ctx.db, decide, actor, request.params.sessionId, request.body?.extra),
      ).catch((err: unknown) => {
        if (err instanceof DecisionRefusedError) throw refusedProblem(err.reason, decisionRefusalOf(err));
        throw err;
      });
      return { receipt };
    },
  );

  app.get<{ Querystring: { sessionId?: string } }>(
    '/audit/ballot-sessions',
    {
      config: { access: ['auditor', 'county-org-dept'] },
      schema: {
        tags: ['ballots'],
        summary: 'Verify every ballot session’s chain (`cadreflow ballot verify`), or one with `?sessionId=`',
        description:
          'Each session recounted from its stored rows: every ballot’s hash and link, the head the session records, one used token ' +
          'per ballot, and a closed session’s published result. `audit verify` runs the same check and also holds each decision ' +
          'that carries a session against it. Never what a ballot says.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { sessionId: SESSION_PARAMS.properties.sessionId },
        },
        response: responses(
          {
            200: {
              type: 'object',
              properties: {
                ok: { type: 'boolean' },
                sessions: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      sessionId: { type: 'string' },
                      ok: { type: 'boolean' },
                      checked: { type: 'integer' },
                      firstBadPosition: { type: 'integer' },
                      reason: { type: 'string' },
                    },
                    required: ['sessionId', 'ok', 'checked'],
                  },
                },
              },
              required: ['ok', 'sessions'],
            },
          },
          [400, 401, 403, 404],
        ),
      },
    },
    async (request) => {
      const id = request.query.sessionId;
      const sessions = await refusalsAsProblems(async () =>
        id === undefined ? verifyBallotSessions(ctx.db) : [await verifyBallotSession(ctx.db, id)],
      );
      return { ok: sessions.every((s) => s.ok), sessions };
    },
  );

  // ── The voter's: public, the token is the credential ────────────────────────

  app.post<{ Body: { token: string } }>(
    '/ballots/form',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ballots'],
        summary: 'The ballot a token votes on (no sign-in: the token is the credential); reading it uses nothing',
        description:
          'A used, voided or unknown token, or a closed session, is a problem with `reason` and the words in Chinese (`zh`) and ' +
          'English (`en`) for the voting page. POST, so that the token is never in a URL.',
        security: [],
        body: { type: 'object', additionalProperties: false, required: ['token'], properties: { token: TOKEN } },
        response: responses(
          {
            200: {
              type: 'object',
              properties: {
                sessionId: { type: 'string' },
                form: { type: 'string' },
                question: { type: 'string' },
                ballot: ANY_OBJECT,
                group: { type: ['object', 'null'], properties: { key: { type: 'string' }, label: { type: 'string' } } },
                closesAt: { type: ['string', 'null'] },
                names: NAMES,
              },
              required: ['sessionId', 'form', 'question', 'ballot', 'group', 'closesAt', 'names'],
            },
          },
          [400, 404, 409, 413, 415, 429],
        ),
      },
    },
    async (request, reply) => {
      const attempt = ctx.castThrottle.begin(request.ip, null);
      if (isCastRefusal(attempt)) throw tooMany(attempt.retryAfterMs);
      const form = await refusalsAsProblems(() => ballotForm(ctx.db, request.body.token)).catch((err: unknown) => {
        attempt.failed();
        throw err;
      });
      return reply.header('cache-control', 'no-store').send(form);
    },
  );

  app.post<{ Body: { token: string; ballot: unknown } }>(
    '/ballots',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ballots'],
        summary: 'Cast a ballot with a token (no sign-in); answers the receipt to find it in the published list',
        description:
          'Rate-limited per token (every attempt) and per address (failures only), 429 with Retry-After. A refused ballot, a used, ' +
          'voided or unknown token and a closed or full session write nothing (problem `reason`, `zh`, `en`). `ballot` is ' +
          '`{ "kind": "rating", "grade": "excellent" }` for a rating, `{ "kind": "choose", "marked": [...] }` for a recommendation, ' +
          '`{ "kind": "approve", "votes": { "<id>": "yes" | "no" | "abstain" } }` ' +
          'for a slate or a vote on the case’s person.',
        security: [],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['token', 'ballot'],
          properties: { token: TOKEN, ballot: ANY_OBJECT },
        },
        response: responses(
          {
            201: {
              type: 'object',
              properties: { sessionId: { type: 'string' }, receipt: { type: 'string' } },
              required: ['sessionId', 'receipt'],
            },
          },
          [400, 404, 409, 413, 415, 422, 429],
        ),
      },
    },
    async (request, reply) => {
      let token: string | null = null;
      try {
        token = parseToken(request.body.token);
      } catch {
        // Not a token at all: a failure of the address, counted below; the cast refuses it in both languages.
      }
      const attempt = ctx.castThrottle.begin(request.ip, token);
      if (isCastRefusal(attempt)) throw tooMany(attempt.retryAfterMs);
      const receipt = await refusalsAsProblems(() => castBallot(ctx.db, request.body.token, request.body.ballot)).catch((err: unknown) => {
        attempt.failed();
        throw err;
      });
      return reply.code(201).header('cache-control', 'no-store').send(receipt);
    },
  );

  app.get<{ Params: { sessionId: string }; Querystring: { receipt?: string } }>(
    '/ballot-sessions/:sessionId/ballots',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ballots'],
        summary: 'A closed session’s published ballots and result, for anyone to recount; `?receipt=` finds one voter’s ballot',
        description: 'Before closing: 409. With `receipt` (12 hex digits), `ballots` holds the ballots with that receipt (one, or none).',
        security: [],
        params: SESSION_PARAMS,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { receipt: { type: 'string', pattern: RECEIPT_PATTERN } },
        },
        response: responses(
          {
            200: {
              type: 'object',
              properties: {
                sessionId: { type: 'string' },
                definition: ANY_OBJECT,
                hashAlgorithm: { type: 'string' },
                ballots: { type: 'array', items: BALLOT },
                result: RESULT,
                names: NAMES,
              },
              required: ['sessionId', 'definition', 'hashAlgorithm', 'ballots', 'result', 'names'],
            },
          },
          [400, 404, 409],
        ),
      },
    },
    async (request) => {
      const published = await refusalsAsProblems(() => publishedBallots(ctx.db, request.params.sessionId));
      const names = await ballotNames(ctx.db, published.definition.ballot);
      const receipt = request.query.receipt?.toLowerCase();
      return {
        ...published,
        ballots: receipt === undefined ? published.ballots : published.ballots.filter((b) => b.receipt === receipt),
        names,
      };
    },
  );
}

function tooMany(retryAfterMs: number): ApiError {
  const seconds = Math.ceil(retryAfterMs / 1000);
  return new ApiError(
    429,
    'rate-limited',
    'Too many attempts',
    `too many attempts with this token or from this address; try again in ${seconds} seconds`,
    { zh: `尝试次数过多，请 ${seconds} 秒后再试`, en: `too many attempts; try again in ${seconds} seconds` },
    { 'retry-after': String(seconds) },
  );
}
