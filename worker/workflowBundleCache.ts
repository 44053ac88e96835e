/**
 * The workflow bundle that `cadreflow up` and `cadreflow worker` run, kept between starts.
 * The SDK's bundler (webpack) takes seconds of a start on a small machine and makes the
 * same bundle for the same code, so the bundle is kept in dist/workflows/ (git-ignored)
 * under the hash of the size and modification time of every file it may come from: all
 * of workflows/ and domain/ (not only what is imported today), the bundler's options
 * (worker/worker.ts) and the installed packages (node_modules/.package-lock.json, which
 * every npm install rewrites). When any of them changed, or one was added or removed, the
 * next start bundles anew: a kept bundle is never older than the code.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const SOURCE_DIRS = ['workflows', 'domain'];
const SOURCE_FILES = ['worker/worker.ts', 'package-lock.json', 'node_modules/.package-lock.json'];

/** Every input's `size:mtime`, by path from the root; a missing file is recorded as missing. */
export function workflowInputStamps(root: string): Record<string, string> {
  const stamps: Record<string, string> = {};
  const stamp = (rel: string) => {
    const s = statSync(join(root, rel), { throwIfNoEntry: false });
    stamps[rel] = s ? `${s.size}:${s.mtimeMs}` : 'missing';
  };
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else stamp(path);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) walk(dir);
  for (const file of SOURCE_FILES) stamp(file);
  // In one order whatever order the file system lists a folder in.
  return Object.fromEntries(Object.entries(stamps).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function writeAtomically(file: string, contents: string): void {
  // Renamed into place: an `up` starting meanwhile finds the whole bundle or none.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/**
 * The kept bundle made from the code as it is now, else `build()`'s, kept for the next
 * start (where dist/ cannot be written, each start bundles). A bundle is named by the
 * hash of the stamps it was made from, so starts that bundle at once, one before a file
 * was saved and one after, each keep their own and never mix them.
 */
export async function cachedWorkflowBundle(
  root: string,
  build: () => Promise<{ code: string }>,
): Promise<{ code: string } | { codePath: string }> {
  const dir = join(root, 'dist', 'workflows');
  // Stamped before bundling: a file saved while webpack reads gives the next start other stamps.
  const key = createHash('sha256')
    .update(JSON.stringify(workflowInputStamps(root)))
    .digest('hex')
    .slice(0, 16);
  const codePath = join(dir, `bundle-${key}.js`);
  if (existsSync(codePath)) return { codePath };
  const bundle = await build();
  try {
    mkdirSync(dir, { recursive: true });
    writeAtomically(codePath, bundle.code);
    removeSuperseded(dir, basename(codePath));
  } catch {
    // A read-only checkout: this start still has its bundle.
  }
  return bundle;
}

/** Other bundles, once old enough that no start that has just found one is still about to read it. */
function removeSuperseded(dir: string, current: string): void {
  for (const name of readdirSync(dir)) {
    if (name === current || !name.startsWith('bundle-')) continue;
    const file = join(dir, name);
    const s = statSync(file, { throwIfNoEntry: false });
    if (s && Date.now() - s.mtimeMs > 60_000) rmSync(file, { force: true });
  }
}
