/**
 * A clean `npm ci` prints no warning that does not apply: every locked package runs on
 * the Node versions the project declares (npm's EBADENGINE check, made here for the
 * lowest declared version as well as the running one), and every install script npm
 * would skip has a recorded decision (npm's "not yet covered by allowScripts").
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
// npm's own range semantics; semver ships no types and comes with fastify and typescript-eslint.
const semver = createRequire(join(root, 'package.json'))('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
  hasInstallScript?: boolean;
}
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
};

/** node_modules/a/node_modules/@b/c → @b/c */
function nameOf(lockPath: string): string {
  return lockPath.slice(lockPath.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

describe('npm ci', () => {
  it('installs only packages whose engines accept the Node versions the project declares', () => {
    const lowest = semver.minVersion(manifest.engines.node)!;
    expect(lowest.version).toBe('20.19.0');
    const refused: string[] = [];
    for (const [lockPath, pkg] of Object.entries(lock.packages)) {
      // Old packages may carry a legacy array of engines, which npm ignores.
      const range = !lockPath || Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
      if (!range) continue;
      for (const node of [lowest.version, process.versions.node]) {
        if (!semver.satisfies(node, range)) refused.push(`${nameOf(lockPath)}@${pkg.version} wants node ${range}, not ${node}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('has a recorded decision for every dependency with an install script', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([lockPath, pkg]) => lockPath && pkg.hasInstallScript)
      .map(([lockPath]) => nameOf(lockPath));
    expect(withScripts.length).toBeGreaterThan(0);
    const decided = Object.keys(manifest.allowScripts ?? {}).map((entry) => entry.replace(/(.)@.*$/, '$1'));
    expect(withScripts.filter((name) => !decided.includes(name))).toEqual([]);
  });
});
