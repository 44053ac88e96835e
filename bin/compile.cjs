// The compiled CLI: client/cli.ts and everything it imports, bundled by esbuild into one
// CommonJS file in dist/cli/ (git-ignored). Running the TypeScript sources through tsx
// costs every command a second or more of transpiling and loading; the bundle starts in a
// fraction of that. There is no build step to forget: bin/cadreflow.cjs rebuilds the bundle
// whenever a source it was built from has changed (compared by size and modification time,
// ~200 stat calls), and runs the sources through tsx when it cannot build one.
//
//   node bin/compile.cjs           builds it when missing or stale (scripts/bootstrap.sh does)
//   node bin/compile.cjs --force   builds it anew (the test run does, test/support/globalSetup.ts)
//   node bin/compile.cjs --check   exits 0 when it is up to date, 1 when not
//
// npm packages stay outside the bundle (`packages: 'external'`): native modules (the
// Temporal core bridge, argon2) and optional dependencies load from node_modules as they
// always do, and the worker still bundles the workflows from their TypeScript sources
// (worker/worker.ts finds them from the repository root, not from __dirname).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'dist', 'cli');
// Which bundle is current, and what it was built from: each input's size and mtime when
// its build began. Each build writes a bundle of its own name, and the manifest names it,
// so two commands building at once (one before a source was saved, one after) can never
// leave one's manifest over the other's bundle.
const MANIFEST = path.join(OUT_DIR, 'inputs.json');
// A superseded bundle is removed this long after: a command that has just read the old
// manifest still finds the bundle it names.
const KEEP_SUPERSEDED_MS = 60_000;
const ENTRY = 'client/cli.ts';
// Files that change the output without being imported by it.
const BUILD_INPUTS = ['bin/compile.cjs', 'tsconfig.json'];

function stamp(file) {
  const s = fs.statSync(path.join(ROOT, file));
  return `${s.size}:${s.mtimeMs}`;
}

/** The current bundle's path when none of the files it was built from changed since; else undefined. */
function freshBundle() {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof manifest.bundle !== 'string' || typeof manifest.inputs !== 'object') return undefined;
  const bundle = path.join(OUT_DIR, manifest.bundle);
  if (!fs.existsSync(bundle)) return undefined;
  for (const [file, recorded] of Object.entries(manifest.inputs)) {
    try {
      if (stamp(file) !== recorded) return undefined;
    } catch {
      return undefined; // deleted or renamed
    }
  }
  return bundle;
}

// Written beside the target and renamed over it, so a command started meanwhile (the test
// suites start many at once) reads the old file or the new one, never half of one.
function writeAtomically(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

/** Builds a bundle and makes it current; its path. Throws when esbuild is missing or the sources do not compile. */
function build() {
  const esbuild = require('esbuild');
  // Stamped before esbuild reads the sources: a file saved during the build makes the
  // next run build again rather than trust a bundle made from its older text.
  const before = new Map();
  const sources = (dir) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) sources(rel);
      else if (rel.endsWith('.ts')) before.set(rel, stamp(rel));
    }
  };
  for (const dir of ['client', 'domain', 'workflows', 'activities', 'worker', 'schema', 'demo']) sources(dir);
  const result = esbuild.buildSync({
    entryPoints: [path.join(ROOT, ENTRY)],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    // import() of a package becomes require(), as tsc's CommonJS output has it: Node's ESM
    // loader would not resolve a deep path like @temporalio/common/lib/proto-utils, and
    // would take a dual package's ESM build, a second copy beside the one require() loads.
    supported: { 'dynamic-import': false },
    // Class and function names as in the sources (errors are reported by name).
    keepNames: true,
    sourcemap: 'linked',
    metafile: true,
    write: false,
    outfile: path.join(OUT_DIR, `cadreflow-${Date.now()}-${process.pid}.cjs`),
    logLevel: 'silent',
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...BUILD_INPUTS]) {
    inputs[file] = before.get(file) ?? stamp(file);
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const out of result.outputFiles) fs.writeFileSync(out.path, out.contents);
  const bundle = result.outputFiles.find((out) => out.path.endsWith('.cjs')).path;
  // Last: the manifest is what makes the bundle current.
  writeAtomically(MANIFEST, JSON.stringify({ entry: ENTRY, bundle: path.basename(bundle), esbuild: esbuild.version, inputs }, null, 1));
  removeSuperseded(path.basename(bundle));
  return bundle;
}

function removeSuperseded(current) {
  for (const name of fs.readdirSync(OUT_DIR)) {
    if (!name.startsWith('cadreflow-') || name.startsWith(current)) continue;
    const file = path.join(OUT_DIR, name);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > KEEP_SUPERSEDED_MS) fs.rmSync(file, { force: true });
    } catch {
      // Removed by another build meanwhile.
    }
  }
}

/**
 * The CLI module to run: the bundle, built first when missing or stale; the TypeScript
 * sources through tsx when CADREFLOW_RUN_SOURCES=1 or no bundle can be built (a
 * read-only checkout, esbuild missing; a source that does not compile then fails with
 * tsx's own message).
 */
async function loadCli() {
  if (process.env.CADREFLOW_RUN_SOURCES !== '1') {
    try {
      const bundle = freshBundle() ?? build();
      if (process.env.CADREFLOW_DEBUG) process.setSourceMapsEnabled(true);
      return require(bundle);
    } catch (err) {
      if (process.env.CADREFLOW_DEBUG) process.stderr.write(`cadreflow: running the sources through tsx: ${err.message}\n`);
    }
  }
  // Both hooks: require() for the static imports, import() for the modules a command loads late.
  require('tsx/cjs');
  await import('tsx/esm');
  return require(path.join(ROOT, ENTRY));
}

module.exports = { freshBundle, build, loadCli };

if (require.main === module) {
  const fresh = process.argv.includes('--force') ? undefined : freshBundle();
  if (process.argv.includes('--check')) {
    process.exitCode = fresh ? 0 : 1;
  } else if (fresh) {
    process.stdout.write(`${path.relative(ROOT, fresh)} is up to date\n`);
  } else {
    const started = Date.now();
    const bundle = build();
    process.stdout.write(`built ${path.relative(ROOT, bundle)} (${Date.now() - started} ms)\n`);
  }
}
