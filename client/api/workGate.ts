/**
 * A bound on expensive work (argon2 password checks): at most `concurrency` run at once
 * and at most `queue` wait; beyond that a caller is refused at once with 503, instead
 * of every request of the API waiting behind a flood of logins. argon2 runs on libuv's
 * small thread pool, which the database driver and file reads share: unbounded, 440
 * login attempts in a few seconds would hold it for everyone.
 */
import { ApiError } from './problem';

export class WorkGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly queue: number,
  ) {
    if (!(concurrency >= 1) || !(queue >= 0)) throw new RangeError('WorkGate needs concurrency ≥ 1 and queue ≥ 0');
  }

  /** Runs `fn` when a slot is free; throws a 503 problem at once when the queue is full. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) {
        throw new ApiError(
          503,
          'busy',
          'Service unavailable',
          'too many sign-ins are being checked right now; try again in a few seconds',
          {},
          { 'retry-after': '5' },
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; only when none waits is it freed.
      if (next) next();
      else this.running -= 1;
    }
  }

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
