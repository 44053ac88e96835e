/**
 * Progress of a start in phases, one line as a phase begins and one as it ends with its
 * time, so a first `npm start` (about a minute) shows what it is waiting on.
 * scripts/bootstrap.sh prints its phases (dependencies, web build) in the same shape:
 *   ▸ Temporal: starting a dev server…
 *   ✓ Temporal: 127.0.0.1:7233 (cli:project-tools) (3.4 s)
 *   ✗ database: failed after 0.2 s
 */
export interface ProgressOptions {
  /** Default: stdout, beside the summary `up` prints there. */
  write?: (text: string) => void;
  now?: () => number;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export class Progress {
  private readonly write: (text: string) => void;
  private readonly now: () => number;
  private current: { name: string; started: number } | undefined;

  constructor(opts: ProgressOptions = {}) {
    this.write = opts.write ?? ((text) => void process.stdout.write(text));
    this.now = opts.now ?? Date.now;
  }

  /** Starts a phase; one still open is ended first, without a summary. */
  begin(name: string, doing: string): void {
    if (this.current) this.done();
    this.current = { name, started: this.now() };
    this.write(`▸ ${name}: ${doing}…\n`);
  }

  /** Ends the open phase with what it gave (an address, a count) and its time. */
  done(summary = 'done'): void {
    const phase = this.current;
    if (!phase) return;
    this.current = undefined;
    this.write(`✓ ${phase.name}: ${summary} (${seconds(this.now() - phase.started)})\n`);
  }

  /** Marks the open phase failed; the caller prints the reason. A no-op when none is open. */
  fail(): void {
    const phase = this.current;
    if (!phase) return;
    this.current = undefined;
    this.write(`✗ ${phase.name}: failed after ${seconds(this.now() - phase.started)}\n`);
  }
}
