/**
 * How far loading the demo county has come. `up --demo` loads it after its logins are
 * printed, while the API already serves; this is what its output and `GET /health`
 * (so the web UI) say meanwhile. The demo is loaded in parts, in this order; each part
 * counts what it writes (events) or starts (cases).
 */

export const DEMO_PARTS = ['registry', 'selections', 'probation', 'membership', 'member-development'] as const;
export type DemoPartName = (typeof DEMO_PARTS)[number];

/** What a part counts, for the lines `up` prints. */
export const DEMO_PART_UNITS: Record<DemoPartName, { what: string; unit: 'events' | 'cases' }> = {
  registry: { what: 'registry', unit: 'events' },
  selections: { what: 'selection cases', unit: 'cases' },
  probation: { what: 'probation cases', unit: 'cases' },
  membership: { what: 'membership register', unit: 'events' },
  'member-development': { what: 'member-development cases', unit: 'cases' },
};

export interface DemoPartStatus {
  name: DemoPartName;
  /** Events written (or found already written) or cases started (or found running). */
  done: number;
  /** Known once the part begins; 0 before. */
  total: number;
}

export interface DemoStatus {
  state: 'loading' | 'done' | 'failed';
  parts: DemoPartStatus[];
  /** The error's one line, when it failed. */
  error?: string;
}

/** Told as the demo goes: a part begins with its size, advances, ends. */
export interface DemoReporter {
  begin(part: DemoPartName, total: number): void;
  advance(part: DemoPartName, by: number): void;
  end(part: DemoPartName): void;
}

/** A reporter that only keeps the status (for /health), and tells `onChange` of each change. */
export class DemoTracker implements DemoReporter {
  private readonly parts = new Map<DemoPartName, DemoPartStatus>(DEMO_PARTS.map((name) => [name, { name, done: 0, total: 0 }]));
  private state: DemoStatus['state'] = 'loading';
  private error: string | undefined;

  constructor(private readonly onEnd: (part: DemoPartStatus) => void = () => undefined) {}

  begin(part: DemoPartName, total: number): void {
    this.parts.set(part, { name: part, done: 0, total });
  }

  advance(part: DemoPartName, by: number): void {
    const p = this.parts.get(part)!;
    p.done = Math.min(p.total, p.done + by);
  }

  end(part: DemoPartName): void {
    const p = this.parts.get(part)!;
    p.done = p.total;
    this.onEnd({ ...p });
  }

  finished(err?: unknown): void {
    this.state = err === undefined ? 'done' : 'failed';
    if (err !== undefined) this.error = err instanceof Error ? err.message : String(err);
  }

  status(): DemoStatus {
    return {
      state: this.state,
      parts: DEMO_PARTS.map((name) => ({ ...this.parts.get(name)! })),
      ...(this.error !== undefined ? { error: this.error } : {}),
    };
  }
}

/**
 * Runs `fn` on each item, at most `limit` at a time. Once one fails or `signal` aborts, no
 * new item is taken; it returns (or throws the first error) only when the running ones
 * have ended, so nothing is left writing behind the caller.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failed: { err: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length && !failed) {
      if (signal?.aborted) {
        failed ??= { err: signal.reason };
        return;
      }
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (err) {
        failed ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failed) throw failed.err;
}
