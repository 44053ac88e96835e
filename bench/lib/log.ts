/**
 * Progress lines on stderr, one per phase, so a long run shows where it is and the
 * report on stdout stays readable. Every line carries the seconds since the run began.
 */
const t0 = Date.now();

export function phase(bench: string, message: string): void {
  const s = ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${s}s] ${bench}: ${message}\n`);
}

/** A ticker for loops: prints "label: done/total" at most every `everyMs`. */
export function ticker(bench: string, label: string, total: number, everyMs = 5000): { tick(n?: number): void; done(): void } {
  let done = 0;
  let last = Date.now();
  const started = Date.now();
  return {
    tick(n = 1) {
      done += n;
      const now = Date.now();
      if (now - last >= everyMs) {
        last = now;
        const rate = done / ((now - started) / 1000);
        phase(bench, `${label}: ${done}/${total} (${rate.toFixed(0)}/s)`);
      }
    },
    done() {
      const rate = done / Math.max((Date.now() - started) / 1000, 1e-9);
      phase(bench, `${label}: ${done}/${total} done in ${((Date.now() - started) / 1000).toFixed(1)} s (${rate.toFixed(0)}/s)`);
    },
  };
}
