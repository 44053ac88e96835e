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
 *
 * `up` keeps a second one, the schema template: the empty cluster with every migration
 * applied, dumped right after they ran on a new data folder and before anything else
 * was written (`<repo>/.tools/pglite/cluster-<version>-schema-<key>.tar.gz`, the key a
 * hash of the migrations' code, schema/migrate.ts `schemaKey`). The next new data folder
 * starts from it and finds nothing to migrate (1–5 s saved on a busy machine). A new
 * data folder's cluster is unpacked by Node (schema/clusterTar.ts), not by PGlite.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { defaultToolsDir, readOwnFile, writeOwnFile } from './projectTools';
import { unpackClusterTemplate } from './clusterTar';

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

/** The template of the cluster with the schema whose migrations hash to `schemaKey`. */
export function schemaTemplateFile(schemaKey: string, toolsDir = defaultToolsDir()): string {
  return path.join(toolsDir, 'pglite', `cluster-${pgliteVersion()}-schema-${schemaKey}.tar.gz`);
}

/**
 * Dumps a cluster whose schema is `schemaKey`'s, and nothing else yet, as the schema
 * template; the templates of other schemas are removed. Best effort: a failure leaves
 * the next start to migrate as before.
 */
export async function saveSchemaTemplate(pg: PGlite, schemaKey: string, toolsDir = defaultToolsDir()): Promise<boolean> {
  const file = schemaTemplateFile(schemaKey, toolsDir);
  try {
    await saveTemplate(pg, file);
    const prefix = `cluster-${pgliteVersion()}-schema-`;
    for (const name of readdirSync(path.dirname(file)))
      if (name.startsWith(prefix) && name !== path.basename(file)) rmSync(path.join(path.dirname(file), name), { force: true });
    return true;
  } catch {
    return false;
  }
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
  /** A new cluster on disk starts from this schema's template when there is one. */
  schemaKey?: string;
}

/** Where a cluster came from: found in its folder, or made from which template. */
export type ClusterSource = 'existing' | 'schema-template' | 'template' | 'initdb';

/**
 * `PGlite.create` for `dataDir` (undefined: in memory), from the template when the cluster
 * is new and a trusted template exists; a new cluster made by initdb becomes the template.
 */
export async function createPglite(dataDir: string | undefined, options: PGliteOptions, opts: TemplateOptions = {}): Promise<PGlite> {
  return (await createPgliteCluster(dataDir, options, opts)).pg;
}

/** `createPglite`, saying where the cluster came from. */
export async function createPgliteCluster(
  dataDir: string | undefined,
  options: PGliteOptions,
  opts: TemplateOptions = {},
): Promise<{ pg: PGlite; source: ClusterSource }> {
  if (dataDir && hasCluster(dataDir)) return { pg: await PGlite.create(dataDir, options), source: 'existing' };
  if (dataDir && opts.schemaKey) {
    const withSchema = readOwnFile(schemaTemplateFile(opts.schemaKey, opts.toolsDir));
    if (withSchema && unpackClusterTemplate(withSchema, dataDir))
      return { pg: await PGlite.create(dataDir, options), source: 'schema-template' };
  }
  const file = pgliteTemplateFile(opts.toolsDir);
  const template = readOwnFile(file);
  if (template) {
    if (dataDir && unpackClusterTemplate(template, dataDir)) return { pg: await PGlite.create(dataDir, options), source: 'template' };
    const loadDataDir = new Blob([new Uint8Array(template)]);
    const pg = dataDir ? await PGlite.create(dataDir, { ...options, loadDataDir }) : await PGlite.create({ ...options, loadDataDir });
    return { pg, source: 'template' };
  }
  const pg = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  // Best effort: without a writable .tools the next cluster is made by initdb again.
  await saveTemplate(pg, file).catch(() => undefined);
  return { pg, source: 'initdb' };
}
