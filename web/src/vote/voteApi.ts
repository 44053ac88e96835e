/**
 * The voter's three routes (client/api/routes/ballots.ts, docs/ballots.md): the ballot a
 * token votes on, the cast, and the published list. They need no sign-in, so this module
 * does not go through ../api.ts: no cookie is sent (`credentials: 'omit'`, so a staff
 * member's phone votes as nobody), and a refusal is not a reason to show the login page.
 * The token travels in the body, never in a URL.
 */
import type { BallotShape, BallotSessionDefinition, BallotStepForm } from '../../../domain/ballots/sessionDefinition';
import type { ChainedBallot } from '../../../domain/ballots/ballotChain';
import type { SessionTally } from '../../../domain/ballots/sessionTally';
import type { Problem } from '../../../domain/wire/problem';

/** POST /ballots/form's answer (client/ballots/ballotForm.ts). */
export interface BallotForm {
  sessionId: string;
  form: BallotStepForm;
  question: string;
  ballot: BallotShape;
  group: { key: string; label: string } | null;
  closesAt: string | null;
  /** person id → name for the list; the page falls back to the id. */
  names: Record<string, string>;
}

export interface CastReceipt {
  sessionId: string;
  receipt: string;
}

/** GET /ballot-sessions/{id}/ballots's answer (client/ballots/service.ts PublishedBallots). */
export interface PublishedBallots {
  sessionId: string;
  definition: BallotSessionDefinition;
  hashAlgorithm: string;
  ballots: ChainedBallot[];
  result: { sessionId: string; head: string; cast: number; tally: SessionTally };
  /** person id → name for the list, as on the ballot. */
  names: Record<string, string>;
}

/**
 * A refusal as the voter reads it: the server's code (`token-used`, …, or `rate-limited`,
 * `network`), its words in Chinese and English when it gave them, and the HTTP status.
 */
export class VoteRefusal extends Error {
  constructor(
    readonly code: string,
    readonly zh: string | undefined,
    readonly en: string | undefined,
    readonly status: number,
  ) {
    super(en ?? code);
    this.name = 'VoteRefusal';
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'omit',
      cache: 'no-store',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new VoteRefusal('network', undefined, (err as Error).message, 0);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const p = (parsed ?? {}) as Partial<Problem>;
    // A schema refusal (a token of 65 characters) carries no reason: it is no token either.
    const code = p.reason ?? (res.status === 429 ? 'rate-limited' : res.status === 400 ? 'bad-token' : `http-${res.status}`);
    throw new VoteRefusal(code, p.zh, p.en ?? p.detail, res.status);
  }
  return parsed as T;
}

export const ballotForm = (token: string) => call<BallotForm>('POST', '/ballots/form', { token });
export const castBallot = (token: string, ballot: unknown) => call<CastReceipt>('POST', '/ballots', { token, ballot });
export const publishedBallots = (sessionId: string, receipt?: string) =>
  call<PublishedBallots>(
    'GET',
    `/ballot-sessions/${encodeURIComponent(sessionId)}/ballots${receipt ? `?receipt=${encodeURIComponent(receipt)}` : ''}`,
  );
