/**
 * The repository root: the nearest folder above this file holding a package.json. Files
 * found relative to the checkout (the workflow sources the worker bundles, web/dist,
 * .tools, package.json) are found from here, not from __dirname: the CLI runs compiled
 * into dist/cli/ (bin/compile.cjs), where every module's __dirname is that folder.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

let found: string | undefined;

export function repoRoot(): string {
  if (found) return found;
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return (found = dir);
    const parent = dirname(dir);
    if (parent === dir) return (found = resolve(__dirname, '..'));
    dir = parent;
  }
}
