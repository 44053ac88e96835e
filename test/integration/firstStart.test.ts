/**
 * What a newcomer sees on a first `npm start`: scripts/bootstrap.sh and then
 * `cadreflow up --demo` print each phase as it begins and again with its time (`up`'s
 * first three side by side), the demo logins before the demo county loads, and the demo
 * loaded; on a terminal the log is readable lines, not JSON. `up` runs in a real pseudo-terminal
 * (util-linux `script`), so its stdout and stderr are TTYs as they are for a person.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/cli';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'cadreflow.cjs');
const tmpRoot = mkdtempSync(join(tmpdir(), 'cf-first-start-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

const ANSI = /\x1b\[[0-9;]*m/g;
const TIME = String.raw`\(\d+\.\d s\)`;

/** The index of each pattern in text, in order; fails naming the first one missing. */
function inOrder(text: string, patterns: RegExp[]): void {
  let from = 0;
  for (const pattern of patterns) {
    const found = new RegExp(pattern.source, 'm').exec(text.slice(from));
    expect(found, `${pattern} after position ${from} in:\n${text}`).not.toBeNull();
    from += found!.index + found![0].length;
  }
}

describe('scripts/bootstrap.sh', () => {
  it('prints each phase it runs with its time, and a failed phase', () => {
    // A copy of the script in a folder of its own, with an `npm` that only records what it
    // was asked: the real one would reinstall the node_modules this test runs from.
    const root = join(tmpRoot, 'repo');
    const fakeBin = join(tmpRoot, 'bin');
    mkdirSync(join(root, 'scripts'), { recursive: true });
    mkdirSync(fakeBin, { recursive: true });
    copyFileSync(join(ROOT, 'scripts', 'bootstrap.sh'), join(root, 'scripts', 'bootstrap.sh'));
    writeFileSync(join(root, 'scripts', 'install-temporal-cli.sh'), 'echo installed the CLI\n');
    writeFileSync(join(root, 'package-lock.json'), '{}');
    const calls = join(tmpRoot, 'npm-calls');
    writeFileSync(
      join(fakeBin, 'npm'),
      `#!/bin/sh\necho "$*" >> '${calls}'\n[ "$1" = ci ] && [ -n "$NPM_FAILS" ] && { echo "npm error network" >&2; exit 1; }\n[ "$1" = ci ] && mkdir -p node_modules && echo '{}' > node_modules/.package-lock.json\nexit 0\n`,
      { mode: 0o755 },
    );
    // And a `node` that stands for bin/compile.cjs: `--check` is true once it has "built".
    writeFileSync(
      join(fakeBin, 'node'),
      `#!/bin/sh\n[ "$1" = bin/compile.cjs ] || exit 2\n[ "$2" = --check ] && { [ -f dist/cli/inputs.json ]; exit $?; }\nmkdir -p dist/cli && echo '{}' > dist/cli/inputs.json\n`,
      { mode: 0o755 },
    );
    const env = { PATH: `${fakeBin}:/usr/bin:/bin`, HOME: tmpRoot };
    const run = (extra: NodeJS.ProcessEnv = {}) =>
      spawnSync('bash', [join(root, 'scripts', 'bootstrap.sh'), 'start'], { env: { ...env, ...extra }, encoding: 'utf8' });

    const failed = run({ NPM_FAILS: '1' });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('▸ dependencies: installing the npm packages (npm ci)…');
    expect(failed.stderr).toMatch(/npm error network\n✗ dependencies: failed after \d+\.\d s\n$/);

    const first = run();
    expect(first.status, first.stderr).toBe(0);
    inOrder(first.stdout, [
      /^▸ dependencies: installing the npm packages \(npm ci\)…$/,
      new RegExp(`^✓ dependencies: installed ${TIME}$`),
      /^▸ web build: building the web UI into web\/dist \(npm run build:web\)…$/,
      new RegExp(`^✓ web build: built ${TIME}$`),
      /^▸ CLI build: compiling the CLI into dist\/cli \(node bin\/compile\.cjs\)…$/,
      new RegExp(`^✓ CLI build: built ${TIME}$`),
      new RegExp(`^✓ Temporal CLI: in \\.tools/ ${TIME}$`),
    ]);
    expect(readFileSync(calls, 'utf8')).toBe('ci --no-audit --no-fund\nci --no-audit --no-fund\nrun --silent build:web\n');

    // Nothing left to do: one line a phase, still with its time.
    mkdirSync(join(root, 'web', 'dist'), { recursive: true });
    writeFileSync(join(root, 'web', 'dist', 'index.html'), '');
    const again = run({ TEMPORAL_ADDRESS: '127.0.0.1:7233' });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(
        `^✓ dependencies: up to date ${TIME}\n✓ web build: up to date ${TIME}\n✓ CLI build: up to date ${TIME}\n✓ Temporal CLI: not needed \\(TEMPORAL_ADDRESS=127\\.0\\.0\\.1:7233\\) ${TIME}\n$`,
      ),
    );
  });
});

describe('`cadreflow up --demo` in a terminal', () => {
  it('prints each phase with its time, readable log lines and the demo logins', { timeout: 420_000 }, async () => {
    expect(existsSync('/usr/bin/script'), 'util-linux `script` runs `up` in a pseudo-terminal').toBe(true);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CADREFLOW_DATA_DIR: join(tmpRoot, 'data'),
      CADREFLOW_TEMPORAL_PORT: String(await freePort()),
      CADREFLOW_API_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    };
    for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'LOG_FORMAT', 'NO_COLOR']) delete env[name];
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    // -e: script exits with up's status; -f: output as it comes; stdin is the terminal's keyboard.
    // `exec`: script runs the command through $SHELL (or /bin/sh, dash, when unset), and dash
    // stays as the parent and dies of the Ctrl-C itself, whatever `up` does with it.
    const child = spawn('script', ['-qfec', `exec ${quote(process.execPath)} ${quote(BIN)} up --demo`, '/dev/null'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let raw = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        // Its own deadline, below the test's, so a failure shows what the terminal showed.
        const timer = setTimeout(() => reject(new Error(`up --demo did not load the demo in 400 s:\n${raw}`)), 400_000);
        child.stdout.on('data', (d: Buffer) => {
          raw += d.toString();
          // The demo loaded ends what `up --demo` prints before it waits.
          if (/^✓ demo: loaded: .*\n/m.test(raw.replace(ANSI, '').replace(/\r/g, ''))) {
            clearTimeout(timer);
            resolve();
          }
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`up --demo exited ${code} before the demo was loaded:\n${raw}`));
        });
      });
      // Ctrl-C, typed on the terminal.
      child.stdin.write('\x03');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }

    const text = raw.replace(ANSI, '').replace(/\r/g, '');
    // The first three side by side: begun in this order, ended in any.
    inOrder(text, [
      /^▸ workflows: loading the workflow bundle…$/,
      /^▸ Temporal: starting a dev server…$/,
      /^▸ database: opening the embedded PGlite…$/,
    ]);
    expect(text).toMatch(new RegExp(`^✓ Temporal: 127\\.0\\.0\\.1:\\d+ \\(cli:[\\w-]+\\) ${TIME}$`, 'm'));
    // The worker waits for the bundle alone, whenever it comes (on a first start, after the logins).
    inOrder(text, [
      new RegExp(`^✓ workflows: (from the bundle cache|bundled by webpack, kept in \\.tools for the next start) ${TIME}$`),
      /^▸ worker: starting the worker…$/,
      new RegExp(`^✓ worker: running ${TIME}$`),
    ]);
    inOrder(text, [
      new RegExp(`^✓ database: PGlite at .* ${TIME}$`),
      /^▸ migrations: bringing the schema up to date…$/,
      // Applied on the new cluster, or none to apply: it came from the schema template in .tools.
      new RegExp(`^✓ migrations: (\\d+ applied|up to date) ${TIME}$`),
      /^▸ API: starting the HTTP API…$/,
      new RegExp(`^✓ API: http://127\\.0\\.0\\.1:\\d+ ${TIME}$`),
      /^cadreflow is up in \d+\.\d s$/,
      /^▸ demo logins: creating the demo accounts…$/,
      new RegExp(`^✓ demo logins: 5 created ${TIME}$`),
      /^demo logins \(shown once/,
      /^ {2}org-staff +county-org-dept /,
      /^ {2}auditor +auditor /,
      /^▸ demo: loading the demo county in the background; its cases appear as they start…$/,
      /^ {2}demo: registry, \d+ events \(\d+\.\d s since the demo began\)$/,
      /^ {2}demo: member-development cases, \d+ cases \(\d+\.\d s since the demo began\)$/,
      new RegExp(
        `^✓ demo: loaded: \\d+ registry and \\d+ membership register events in the log; \\d+ cases started, 0 already running .* ${TIME}$`,
      ),
    ]);
    // The log on a terminal: time, level, message; coloured, and no JSON record anywhere.
    expect(text).toMatch(/^\d\d:\d\d:\d\d INFO {2}Temporal dev server ready at 127\.0\.0\.1:\d+ in \d+\.\d s/m);
    expect(raw).toMatch(/\x1b\[32mINFO /);
    expect(text).not.toMatch(/^\{"level"/m);
    // Ctrl-C reaches `up` alone: it stops the worker, then its dev server, with no retries against a dead server.
    expect(text).toMatch(/\d\d:\d\d:\d\d INFO {2}stopping signal=SIGINT$/m);
    expect(text.slice(text.indexOf('stopping signal=SIGINT'))).not.toMatch(/exited unexpectedly|tcp connect error/);
  });
});
