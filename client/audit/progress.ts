/**
 * Progress on stderr, so stdout stays the report (and `--json` stays parseable): a bar
 * when a person watches a terminal, otherwise a plain line now and then, which a CI log
 * or a pipe can hold without control characters.
 */
import { SingleBar } from 'cli-progress';

export interface Progress {
  tick(n?: number): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  unit: string;
  stream?: NodeJS.WriteStream;
  /** How often the plain line is written. */
  intervalMs?: number;
}

export function startProgress(opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  const started = Date.now();
  let done = 0;
  const rate = () => {
    const s = (Date.now() - started) / 1000;
    return s > 0 ? (done / s).toFixed(1) : '0.0';
  };
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: `${opts.label} [{bar}] {value}/{total} ${opts.unit} · {rate}/s · eta {eta_formatted}`,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    });
    bar.start(opts.total, 0, { rate: '0.0' });
    return {
      tick(n = 1) {
        done += n;
        bar.update(done, { rate: rate() });
      },
      stop() {
        bar.stop();
      },
    };
  }
  const interval = opts.intervalMs ?? 5000;
  let last = started;
  return {
    tick(n = 1) {
      done += n;
      const now = Date.now();
      // A short run says nothing; a long one says where it is every few seconds.
      if (now - last < interval) return;
      last = now;
      const pct = opts.total > 0 ? ` (${Math.floor((done / opts.total) * 100)}%)` : '';
      stream.write(`${opts.label}: ${done}/${opts.total} ${opts.unit}${pct}, ${rate()}/s\n`);
    },
    stop() {},
  };
}
