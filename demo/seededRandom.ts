/**
 * Deterministic randomness for invented demo data: the same seed gives the same county
 * on every run, where Math.random would give another each time.
 */
import { SURNAMES } from './chineseNames';

/** mulberry32: tiny, fast and good enough for invented demo data. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return at(xs, Math.floor(this.next() * xs.length));
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = at(xs, i);
      xs[i] = at(xs, j);
      xs[j] = tmp;
    }
    return xs;
  }
  sample<T>(xs: readonly T[], k: number): T[] {
    return this.shuffle([...xs]).slice(0, k);
  }
}

const SURNAME_TOTAL = SURNAMES.reduce((s, [, w]) => s + w, 0);

/** A surname drawn by its frequency in the population. */
export function surname(rng: Rng): string {
  let r = rng.next() * SURNAME_TOTAL;
  for (const [name, w] of SURNAMES) {
    if ((r -= w) < 0) return name;
  }
  return at(SURNAMES, 0)[0];
}

function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`index ${i} out of range`);
  return x;
}
