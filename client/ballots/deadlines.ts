/**
 * Ballot sessions close themselves at their deadline (`closesAt`, docs/ballots.md). The
 * process that serves the API runs this: at start it closes what is overdue
 * (`closeDueSessions`), then keeps one timer armed for the earliest open deadline. An
 * open through this API re-arms it at once (`opened()`); after each close it looks again.
 * Given the backend's `decide`, each session it closes is then decided as its chair's
 * close would be, in the name of the chair who opened it (decideFromSession.ts
 * `decideAtDeadline`).
 *
 * A session opened by another process (the CLI with DATABASE_URL writes the database
 * itself) is not announced here, so the timer never sleeps longer than `recheckMs`: such
 * a session closes within that much of its deadline. It refuses ballots from its
 * deadline on in any case (`castBallot` reads the clock of the database), so a late
 * close lets no late ballot in.
 *
 * The delay is measured on the database's clock, the one `closeDueSessions` compares
 * against, so a process clock a little ahead cannot wake the timer too early in a loop.
 */
import { sql } from 'kysely';
import type { DB } from '../../schema/db';
import type { ClosedBallotSession } from '../../domain/wire/ballotSession';
import { decideAtDeadline, type DecideStep } from './decideFromSession';
import { closeDueSessions, type BallotResult, type BallotServiceOptions } from './service';

export interface BallotDeadlineOptions extends Pick<BallotServiceOptions, 'policy'> {
  /** Longest sleep between looks at the sessions (default one minute). */
  recheckMs?: number;
  /** After a failed look (the database away), how long until the next (default 30 s). */
  retryMs?: number;
  onClosed?: (result: BallotResult) => void;
  /** How a closed session's step is decided (the backend's `decide`); unset, a deadline only closes. */
  decide?: DecideStep;
  /** What deciding a session closed at its deadline gave: the receipt, or why not. */
  onDecided?: (result: BallotResult, outcome: Pick<ClosedBallotSession, 'decided' | 'decisionRefusal'>) => void;
  onError?: (err: unknown) => void;
}

export interface BallotDeadlines {
  /** A session was opened (or closed by its chair): look again for the earliest deadline. */
  opened(): void;
  /** Resolves once the first look (closing the overdue ones) is done. */
  readonly started: Promise<void>;
  /** Disarms the timer and waits for a close under way. */
  stop(): Promise<void>;
}

/** setTimeout's ceiling: a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function startBallotDeadlines(db: DB, opts: BallotDeadlineOptions): BallotDeadlines {
  const recheckMs = Math.min(opts.recheckMs ?? 60_000, MAX_TIMER_MS);
  const retryMs = opts.retryMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // One look at a time: an open during a close waits for it, then looks again.
  let running: Promise<void> = Promise.resolve();

  const arm = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => look(true), Math.max(0, Math.min(ms, recheckMs)));
    // The timer alone never keeps the process alive: stopping the server ends it.
    timer.unref();
  };

  async function once(close: boolean): Promise<void> {
    try {
      if (close) {
        for (const r of await closeDueSessions(db, opts)) {
          opts.onClosed?.(r);
          // Decided as its chair's close would be (decideAtDeadline); a refusal leaves the step to the chair.
          if (opts.decide) opts.onDecided?.(r, await decideAtDeadline(db, opts.decide, r.sessionId));
        }
      }
      const next = await sql<{ ms: number | null }>`
        select (extract(epoch from min(closes_at) - now()) * 1000)::float8 as ms
        from ballot_sessions where status = 'open' and closes_at is not null`.execute(db);
      const ms = next.rows[0]?.ms;
      // An overdue one (closed by nobody yet, or opened already past due): close now.
      arm(ms === null || ms === undefined ? recheckMs : Math.ceil(ms));
    } catch (err) {
      opts.onError?.(err);
      arm(retryMs);
    }
  }

  function look(close: boolean): Promise<void> {
    if (stopped) return running;
    running = running.then(() => (stopped ? undefined : once(close)));
    return running;
  }

  const started = look(true);
  return {
    started,
    opened: () => void look(false),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
