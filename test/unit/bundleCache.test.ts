/**
 * The workflow bundle is made once per version of the workflow code: the same code gets
 * the kept bundle, a changed file (or a kept file anybody else may write) a new one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedWorkflowBundle, workflowBundleKey } from '../../worker/bundleCache';

const toolsDir = mkdtempSync(join(tmpdir(), 'cf-bundle-cache-'));
afterAll(() => rmSync(toolsDir, { recursive: true, force: true }));

describe('the workflow bundle cache', () => {
  it('bundles once per version of the code, keeps the bundle owner-only, and bundles again for a file another user may write', async () => {
    let made = 0;
    const bundle = async () => ({ code: `/* bundle ${++made} */`, sourceMap: '{}' });
    const first = await cachedWorkflowBundle({ toolsDir, bundle });
    const second = await cachedWorkflowBundle({ toolsDir, bundle });
    expect(made).toBe(1);
    expect(second).toEqual(first);
    const file = join(toolsDir, 'workflow-bundles', `${workflowBundleKey()}.json`);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    chmodSync(file, 0o664);
    expect(await cachedWorkflowBundle({ toolsDir, bundle })).toEqual({ code: '/* bundle 2 */', sourceMap: '{}' });
    expect(readdirSync(join(toolsDir, 'workflow-bundles'))).toEqual([`${workflowBundleKey()}.json`]);
  });

  it('keys the bundle by every workflow and domain source file, by path and content', () => {
    const tree = join(toolsDir, 'tree');
    for (const d of ['workflows', 'domain/events']) mkdirSync(join(tree, d), { recursive: true });
    writeFileSync(join(tree, 'workflows', 'index.ts'), 'export {};');
    writeFileSync(join(tree, 'domain', 'events', 'core.ts'), 'export const a = 1;');
    const key = workflowBundleKey(tree);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(workflowBundleKey(tree)).toBe(key);
    writeFileSync(join(tree, 'domain', 'events', 'core.ts'), 'export const a = 2;');
    const changed = workflowBundleKey(tree);
    expect(changed).not.toBe(key);
    writeFileSync(join(tree, 'domain', 'events', 'extra.ts'), '');
    expect(workflowBundleKey(tree)).not.toBe(changed);
    expect(workflowBundleKey()).not.toBe(key);
  });
});
