/**
 * The workflow bundle, made once per version of the workflow code. Bundling runs webpack
 * over workflows/ and domain/ (10–13 s on a two-core machine), and every `up`, `worker`,
 * audit replay and API verification needs the same bundle. It is kept under
 * `<repo>/.tools/workflow-bundles/<key>.json`, the key a SHA-256 of every source file the
 * bundle can contain (workflows/ and domain/, which are all workflow code may import) and
 * of the lock file (the SDK's and the other packages' versions). Change one character of
 * a workflow and the key changes, so a stale bundle is never run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { defaultToolsDir, readOwnFile, repoRoot, writeOwnFile } from '../schema/projectTools';

/** Every file under `dir`, depth first, in a fixed order. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** The bundle's key: what the bundle is made of, by path and content. */
export function workflowBundleKey(root = repoRoot()): string {
  const hash = createHash('sha256');
  const inputs = [...filesUnder(path.join(root, 'workflows')), ...filesUnder(path.join(root, 'domain'))];
  for (const extra of ['package-lock.json', path.join('worker', 'worker.ts')]) inputs.push(path.join(root, extra));
  for (const file of inputs) {
    hash.update(path.relative(root, file)).update('\0');
    try {
      hash.update(readFileSync(file)).update('\0');
    } catch {
      hash.update('missing\0');
    }
  }
  return hash.digest('hex').slice(0, 32);
}

export interface BundleCacheOptions {
  /** Default `<repo>/.tools`. */
  toolsDir?: string;
  /** Makes the bundle on a miss (webpack). */
  bundle: () => Promise<WorkflowBundleWithSourceMap>;
}

/** The bundle of the current workflow code: from the cache, or made now and kept there. */
export async function cachedWorkflowBundle(opts: BundleCacheOptions): Promise<WorkflowBundleWithSourceMap> {
  const dir = path.join(opts.toolsDir ?? defaultToolsDir(), 'workflow-bundles');
  const key = workflowBundleKey();
  const file = path.join(dir, `${key}.json`);
  const kept = readOwnFile(file);
  if (kept) {
    try {
      const parsed = JSON.parse(kept.toString('utf8')) as Partial<WorkflowBundleWithSourceMap>;
      if (typeof parsed.code === 'string' && typeof parsed.sourceMap === 'string')
        return { code: parsed.code, sourceMap: parsed.sourceMap };
    } catch {
      // A damaged file is made again below.
    }
  }
  const bundle = await opts.bundle();
  try {
    writeOwnFile(file, JSON.stringify(bundle));
    // Older versions' bundles are never used again.
    for (const name of readdirSync(dir))
      if (name !== `${key}.json` && name.endsWith('.json')) rmSync(path.join(dir, name), { force: true });
  } catch {
    // Best effort: without a writable .tools the next start bundles again.
  }
  return bundle;
}
