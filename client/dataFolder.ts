/**
 * The data folder holds the workflow state (temporal.sqlite), the embedded database, the
 * payload keyring, logs and the control channel's token: only the user who runs
 * `cadreflow up` may read any of it. `up` sets a umask of 077 before it creates anything
 * or starts the Temporal dev server, so every new file is 0600 and every folder 0700, and
 * tightens what an older version left readable to others.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Sets the process umask to 077: files this process (and its children) create are owner-only. */
export function ownerOnlyUmask(): void {
  process.umask(0o077);
}

/**
 * Creates the folder 0700, or takes group and other permissions away from it and from
 * everything under it (symbolic links are left alone). Returns the paths it tightened.
 */
export function secureDataFolder(dataDir: string): string[] {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tightened: string[] = [];
  const walk = (path: string) => {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return;
    if ((st.mode & 0o077) !== 0) {
      chmodSync(path, st.isDirectory() ? 0o700 : st.mode & 0o700);
      tightened.push(path);
    }
    if (st.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dataDir);
  return tightened;
}
