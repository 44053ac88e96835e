/**
 * The workflow bundle `up` and `worker` keep between starts (worker/workflowBundleCache.ts)
 * is reused only while no file it may come from changed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedWorkflowBundle } from '../../worker/workflowBundleCache';

const root = mkdtempSync(join(tmpdir(), 'cf-workflow-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
}

describe('cachedWorkflowBundle', () => {
  it('bundles once, reuses the bundle, and bundles again when a source changes or is added, or a package is installed', async () => {
    write('workflows/index.ts', 'export * from "./probation";');
    write('workflows/probation.ts', 'export const v = 1;');
    write('domain/policy.ts', 'export const p = 1;');
    write('worker/worker.ts', '// options');
    write('package-lock.json', '{}');
    let builds = 0;
    const build = async () => ({ code: `bundle ${++builds}` });
    const code = (b: { code: string } | { codePath: string }) => ('code' in b ? b.code : readFileSync(b.codePath, 'utf8'));

    expect(code(await cachedWorkflowBundle(root, build))).toBe('bundle 1');
    const again = await cachedWorkflowBundle(root, build);
    expect('codePath' in again && code(again)).toBe('bundle 1');
    expect(builds).toBe(1);

    // Same size, newer time: a saved edit.
    write('domain/policy.ts', 'export const p = 2;');
    utimesSync(join(root, 'domain/policy.ts'), new Date(), new Date(Date.now() + 5000));
    expect(code(await cachedWorkflowBundle(root, build))).toBe('bundle 2');
    write('workflows/kit/notice.ts', 'export {};');
    expect(code(await cachedWorkflowBundle(root, build))).toBe('bundle 3');
    // Removed again: the files are those bundle 2 was made from.
    rmSync(join(root, 'workflows/kit/notice.ts'));
    expect(code(await cachedWorkflowBundle(root, build))).toBe('bundle 2');
    // npm installed something.
    write('node_modules/.package-lock.json', '{"x":1}');
    expect(code(await cachedWorkflowBundle(root, build))).toBe('bundle 4');
    expect(code(await cachedWorkflowBundle(root, build))).toBe('bundle 4');
    expect(builds).toBe(4);
  });
});
