/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Whatever goes wrong,
 * a client gets a type, a title, a status and a sentence it can act on — never a stack
 * trace, a SQL message or a Temporal failure's internals.
 */
import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '../../domain/wire/problem';
import { CaseBusyError, DecisionRefusedError, NotInRegistryError, UserError } from '../cases';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export type { Problem };

/** `urn:` rather than a URL: the problem types are documented in docs/api.md, not served. */
export const problemType = (slug: string): string => `urn:cadreflow:problem:${slug}`;

/** An error the API raises on purpose; its detail is written for the person calling. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly extra: Partial<Pick<Problem, 'reason' | 'errors' | 'zh' | 'en'>> = {},
    /** Response headers that go with the problem (Retry-After on 429 and 503). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export const unauthorized = (detail: string) => new ApiError(401, 'unauthenticated', 'Authentication required', detail);
export const forbidden = (detail: string) => new ApiError(403, 'forbidden', 'Forbidden', detail);
export const notFound = (detail: string) => new ApiError(404, 'not-found', 'Not found', detail);
export const conflict = (detail: string) => new ApiError(409, 'conflict', 'Conflict', detail);

/** What each refusal from a case's validator means over HTTP. */
const REFUSAL_STATUS: Record<string, { status: number; title: string }> = {
  WrongRole: { status: 403, title: 'Not your step' },
  WrongTownship: { status: 403, title: 'Not your township' },
  UnknownStep: { status: 409, title: 'Step not open' },
  DuplicateDecision: { status: 409, title: 'Already decided' },
  CaseClosed: { status: 409, title: 'Case closed' },
  NoticeClosed: { status: 409, title: 'Notice closed' },
  MalformedDecision: { status: 422, title: 'Malformed decision' },
  Unsealed: { status: 400, title: 'Unsealed input' },
};

/**
 * A case's refusal as POST /cases/{caseId}/decisions answers it (type `refused-<reason>`,
 * its status and title), with the words in both languages beside: for a route that
 * decides a step on the person's behalf (a ballot session's decision).
 */
export function refusedProblem(reason: string, words: { zh: string; en: string }): ApiError {
  const m = REFUSAL_STATUS[reason] ?? { status: 409, title: 'Decision refused' };
  return new ApiError(m.status, `refused-${reason}`, m.title, words.en, { reason, zh: words.zh, en: words.en });
}

/** Fastify's own client-error codes, with a title a person understands. */
const FASTIFY_CODES: Record<string, { slug: string; title: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { slug: 'malformed-json', title: 'Malformed JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { slug: 'malformed-json', title: 'Malformed JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { slug: 'body-too-large', title: 'Request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { slug: 'bad-request', title: 'Bad request' },
};

function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

function validationProblem(err: FastifyError): Problem {
  const where = err.validationContext ?? 'request';
  const errors = (err.validation ?? []).map((v) => {
    const path = v.instancePath ? `${where}${v.instancePath.replace(/\//g, '.')}` : where;
    if (v.keyword === 'additionalProperties') {
      const field = String((v.params as { additionalProperty?: unknown }).additionalProperty);
      return { where: path, message: `unknown field "${field}"` };
    }
    return { where: path, message: v.message ?? 'is invalid' };
  });
  const first = errors[0];
  return {
    type: problemType('validation'),
    title: 'Invalid request',
    status: 400,
    detail: first ? `${first.where}: ${first.message}` : `the ${where} is invalid`,
    errors,
  };
}

/** Maps anything thrown in a handler or hook to a problem; unknown errors become a logged 500. */
export function toProblem(err: unknown, request: FastifyRequest): Problem {
  if (err instanceof ApiError) {
    return { type: problemType(err.slug), title: err.title, status: err.status, detail: err.message, ...err.extra };
  }
  if (err instanceof DecisionRefusedError) {
    const m = REFUSAL_STATUS[err.reason] ?? { status: 409, title: 'Decision refused' };
    return { type: problemType(`refused-${err.reason}`), title: m.title, status: m.status, detail: err.message, reason: err.reason };
  }
  if (err instanceof WorkflowNotFoundError) {
    return {
      type: problemType('case-not-running'),
      title: 'Case not running',
      status: 409,
      detail: 'the case has no running workflow to take this',
    };
  }
  if (err instanceof CaseBusyError) {
    return { type: problemType('case-busy'), title: 'Case busy', status: 503, detail: err.message, zh: err.zh, en: err.message };
  }
  // Temporal down or unreachable: the request may succeed later, so not a 500.
  if (err instanceof ServiceError || (err instanceof UserError && err.message.startsWith('Temporal is not reachable'))) {
    return {
      type: problemType('temporal-unavailable'),
      title: 'Service unavailable',
      status: 503,
      detail: 'Temporal is not reachable; try again shortly',
      requestId: request.id,
    };
  }
  if (err instanceof NotInRegistryError) {
    return { type: problemType('not-found'), title: 'Not found', status: 404, detail: err.message };
  }
  if (err instanceof UserError) {
    // A parser's refusal says it in both languages; `detail` stays the English.
    const both = err.zh ? { zh: err.zh, en: err.message } : {};
    return { type: problemType('bad-request'), title: 'Bad request', status: 400, detail: err.message, ...both };
  }
  const fe = err as Partial<FastifyError> | null;
  if (fe && typeof fe === 'object') {
    if (fe.validation) return validationProblem(fe as FastifyError);
    const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
    if (known && fe.statusCode) {
      return { type: problemType(known.slug), title: known.title, status: fe.statusCode, detail: publicDetail(fe, request) };
    }
    // Other 4xx raised by Fastify or a plugin carry messages written for clients.
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return { type: problemType('bad-request'), title: 'Bad request', status: fe.statusCode, detail: fe.message ?? 'bad request' };
    }
  }
  return {
    type: problemType('internal'),
    title: 'Internal Server Error',
    status: 500,
    detail: `internal error; quote request id ${request.id} when reporting it`,
    requestId: request.id,
  };
}

function publicDetail(err: Partial<FastifyError>, request: FastifyRequest): string {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return `the request body is larger than the limit of ${request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit} bytes`;
  }
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const sent = request.headers['content-type'];
    return sent
      ? `content type ${JSON.stringify(sent)} is not accepted; send application/json`
      : 'a request body needs Content-Type: application/json';
  }
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'the request body is not valid JSON';
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'the request body is empty; send a JSON object';
  return err.message ?? 'bad request';
}

/**
 * What the router itself refuses before any route runs (a URL it cannot decode, a path
 * segment longer than `maxParamLength`), as a problem like every other answer: Fastify's
 * `frameworkErrors` option.
 */
export function frameworkProblem(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void sendProblem(reply, {
    type: problemType(tooLong ? 'path-too-long' : 'bad-url'),
    title: tooLong ? 'Path segment too long' : 'Bad URL',
    status: err.statusCode ?? 400,
    detail: tooLong ? '路径中的标识过长 / an id in the path is longer than any id' : '无法解析的地址 / the URL cannot be decoded',
  });
}

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const problem = toProblem(err, request);
    if (err instanceof ApiError) for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
    if (err instanceof CaseBusyError) reply.header('Retry-After', '5');
    // A 5xx raised on purpose (not built, not configured, busy) says all there is in its detail; no stack is needed.
    if (problem.status >= 500 && (err instanceof ApiError || err instanceof CaseBusyError))
      request.log.warn({ status: problem.status, detail: problem.detail }, 'request not served');
    else if (problem.status >= 500) request.log.error({ err, reqId: request.id, status: problem.status }, 'request failed');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: problemType('not-found'),
      title: 'Not found',
      status: 404,
      detail: `no route ${request.method} ${request.url.split('?')[0]}; the API is described at /docs`,
    }),
  );
}
