/**
 * Where the project keeps what it installs or builds for itself, outside git: `<repo>/.tools`
 * (the Temporal binaries, the PGlite cluster template).
 */
import fs from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest folder above this file holding a package.json. */
export function repoRoot(): string {
  // Walk up rather than hard-code '..' so the answer survives a later build into dist/.
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(__dirname, '..');
    dir = parent;
  }
}

export function defaultToolsDir(): string {
  return path.join(repoRoot(), '.tools');
}

/**
 * A file the project made for itself under .tools (a cluster template, a workflow
 * bundle) when it may be trusted: a regular file of this user's that nobody else may
 * write. Anything else is treated as missing, and the caller makes a new one.
 */
export function readOwnFile(file: string): Buffer | undefined {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || (st.mode & 0o022) !== 0) return undefined;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return undefined;
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes next to the final name and renames, so a reader never sees half a file; owner-only. */
export function writeOwnFile(file: string, bytes: Buffer | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, bytes, { mode: 0o600 });
  fs.chmodSync(partial, 0o600);
  fs.renameSync(partial, file);
}
