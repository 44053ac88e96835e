/**
 * The demo's progress (client/demoProgress.ts): what /health reports while `up --demo`
 * loads, and the bounded parallel starts, which never leave a start running behind a
 * failure or an abort.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PARTS, DemoTracker, forEachBounded } from '../../client/demoProgress';

describe('DemoTracker', () => {
  it('reports each part as it begins, advances and ends, then done or failed', () => {
    const ended: string[] = [];
    const t = new DemoTracker((p) => ended.push(`${p.name} ${p.done}/${p.total}`));
    expect(t.status()).toEqual({ state: 'loading', parts: DEMO_PARTS.map((name) => ({ name, done: 0, total: 0 })) });
    t.begin('registry', 10);
    t.advance('registry', 4);
    expect(t.status().parts[0]).toEqual({ name: 'registry', done: 4, total: 10 });
    t.advance('registry', 40);
    expect(t.status().parts[0]).toEqual({ name: 'registry', done: 10, total: 10 });
    t.end('registry');
    t.finished(new Error('no worker'));
    expect(ended).toEqual(['registry 10/10']);
    expect(t.status()).toMatchObject({ state: 'failed', error: 'no worker' });
  });
});

describe('forEachBounded', () => {
  it('runs at most `limit` at once and every item once', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      seen.push(n);
      running--;
    });
    expect(most).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('takes no new item after a failure, and throws only once the running ones ended', async () => {
    const started: number[] = [];
    let finished = 0;
    const run = forEachBounded([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('one failed');
      await new Promise((r) => setImmediate(r));
      finished++;
    });
    await expect(run).rejects.toThrow('one failed');
    expect(started).toEqual([1, 2]);
    expect(finished).toBe(1);
  });

  it('takes no new item once aborted, and throws the abort reason', async () => {
    const abort = new AbortController();
    const started: number[] = [];
    const run = forEachBounded(
      [1, 2, 3, 4],
      1,
      async (n) => {
        started.push(n);
        if (n === 2) abort.abort(new Error('stopping'));
      },
      abort.signal,
    );
    await expect(run).rejects.toThrow('stopping');
    expect(started).toEqual([1, 2]);
  });
});
