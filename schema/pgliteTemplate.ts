/**
 * A fresh PGlite cluster from a template instead of initdb. Creating a cluster runs
 * initdb inside WebAssembly, 10–14 s on a two-core machine; loading the same empty
 * cluster from a tarball takes 2–3 s. The first fresh cluster on a machine is made by
 * initdb and dumped as the template (`<repo>/.tools/pglite/<version>.tar.gz`); every
 * later one — a new data folder for `up`, an in-memory database of a test — loads it.
 *
 * The template holds only what initdb writes: no schema, no data (migrations run after,
 * as on any cluster). It is a database's whole starting state, so it is trusted only when
 * it belongs to this user and nobody else may write it; otherwise initdb runs as before.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { defaultToolsDir, readOwnFile, writeOwnFile } from './projectTools';

/** The PGlite release: a template is only ever loaded by the release that wrote it. */
function pgliteVersion(): string {
  let dir = path.dirname(require.resolve('@electric-sql/pglite'));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === '@electric-sql/pglite' && version) return version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

export function pgliteTemplateFile(toolsDir = defaultToolsDir()): string {
  return path.join(toolsDir, 'pglite', `cluster-${pgliteVersion()}.tar.gz`);
}

/** Dumps the new cluster as the template. */
async function saveTemplate(pg: PGlite, file: string): Promise<void> {
  const dump = await pg.dumpDataDir('gzip');
  writeOwnFile(file, Buffer.from(await dump.arrayBuffer()));
}

/** True when `dataDir` already holds a cluster (PGlite keeps PostgreSQL's own layout). */
function hasCluster(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'PG_VERSION'));
}

export interface TemplateOptions {
  /** Default `<repo>/.tools`; tests point it elsewhere. */
  toolsDir?: string;
}

/**
 * `PGlite.create` for `dataDir` (undefined: in memory), from the template when the cluster
 * is new and a trusted template exists; a new cluster made by initdb becomes the template.
 */
export async function createPglite(dataDir: string | undefined, options: PGliteOptions, opts: TemplateOptions = {}): Promise<PGlite> {
  if (dataDir && hasCluster(dataDir)) return PGlite.create(dataDir, options);
  const file = pgliteTemplateFile(opts.toolsDir);
  const template = readOwnFile(file);
  if (template) {
    const loadDataDir = new Blob([new Uint8Array(template)]);
    return dataDir ? PGlite.create(dataDir, { ...options, loadDataDir }) : PGlite.create({ ...options, loadDataDir });
  }
  const pg = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  // Best effort: without a writable .tools the next cluster is made by initdb again.
  await saveTemplate(pg, file).catch(() => undefined);
  return pg;
}
