/**
 * Progress of a start in phases, one line as a phase begins and one as it ends with its
 * time, so a first `npm start` (about a minute) shows what it is waiting on.
 * scripts/bootstrap.sh prints its phases (dependencies, web build) in the same shape:
 *   ▸ Temporal: starting a dev server…
 *   ✓ Temporal: 127.0.0.1:7233 (cli:project-tools) (3.4 s)
 *   ✗ database: failed after 0.2 s
 * Phases may also run side by side (`phase()`): each prints its own lines as it begins
 * and ends, in whatever order they end.
 */
export interface ProgressOptions {
  /** Default: stdout, beside the summary `up` prints there. */
  write?: (text: string) => void;
  now?: () => number;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A phase begun with `Progress.phase`, ended by itself. */
export interface Phase {
  done(summary?: string): void;
  fail(): void;
}

export class Progress {
  private readonly write: (text: string) => void;
  private readonly now: () => number;
  private current: { name: string; started: number } | undefined;
  private readonly side = new Set<Phase>();

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

  /**
   * Starts a phase that runs beside others (and beside the one `begin` opened). Its lines
   * are the same; `failOpen` marks it failed if it has not ended.
   */
  phase(name: string, doing: string): Phase {
    const started = this.now();
    let open = true;
    this.write(`▸ ${name}: ${doing}…\n`);
    const end = (line: () => string) => {
      if (!open) return;
      open = false;
      this.side.delete(handle);
      this.write(line());
    };
    const handle: Phase = {
      done: (summary = 'done') => end(() => `✓ ${name}: ${summary} (${seconds(this.now() - started)})\n`),
      fail: () => end(() => `✗ ${name}: failed after ${seconds(this.now() - started)}\n`),
    };
    this.side.add(handle);
    return handle;
  }

  /** Marks every phase still open failed: the one `begin` opened and those `phase` did. */
  failOpen(): void {
    for (const p of [...this.side]) p.fail();
    this.fail();
  }

  /** Marks the open phase failed; the caller prints the reason. A no-op when none is open. */
  fail(): void {
    const phase = this.current;
    if (!phase) return;
    this.current = undefined;
    this.write(`✗ ${phase.name}: failed after ${seconds(this.now() - phase.started)}\n`);
  }
}
