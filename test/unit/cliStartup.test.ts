/**
 * The CLI starts without the code its command does not use (client/cli.ts): a procedure's
 * commands load only when the command line names them, and are listed as `--help` lists
 * them until then; the heavy libraries load inside the actions that need them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Help, type Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram, commandNamed } from '../../client/cli';
import { loadConfig } from '../../client/config';

const BIN = join(__dirname, '..', '..', 'bin', 'cadreflow.cjs');
const tmp = mkdtempSync(join(tmpdir(), 'cf-cli-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const config = () => loadConfig({ ...process.env, CADREFLOW_DATA_DIR: tmp });
const argv = (...args: string[]) => ['node', 'cadreflow', ...args];

describe('commandNamed', () => {
  it('names the top-level command, after --user and before any option of its own', () => {
    expect(commandNamed(argv('tasks', '--township', 'ts-01'))).toBe('tasks');
    expect(commandNamed(argv('--user', 'org-staff', 'election', 'start', '--seats', '5'))).toBe('election');
    expect(commandNamed(argv('--user=org-staff', 'pipeline'))).toBe('pipeline');
    expect(commandNamed(argv('help', 'evaluation'))).toBe('evaluation');
  });

  it('names none for the program’s own help', () => {
    expect(commandNamed(argv())).toBeUndefined();
    expect(commandNamed(argv('--help'))).toBeUndefined();
    expect(commandNamed(argv('help'))).toBeUndefined();
  });
});

describe('the program for a command line', () => {
  const help = new Help();
  const listing = (program: Command) => program.commands.map((c) => [help.subcommandTerm(c), c.description()]);

  it('lists every command as the fully loaded program does, without loading the procedures', async () => {
    const lazy = await buildProgram(config(), argv('--help'));
    const full = await buildProgram(config());
    expect(listing(lazy)).toEqual(listing(full));
    // Listed only: no procedure's subcommands are there.
    expect(lazy.commands.find((c) => c.name() === 'election')!.commands).toEqual([]);
  });

  it('has the named procedure’s commands, and only that procedure’s', async () => {
    const program = await buildProgram(config(), argv('election', 'start', '--help'));
    const subcommands = (name: string) => program.commands.find((c) => c.name() === name)!.commands.map((c) => c.name());
    expect(subcommands('election')).toEqual(['start', 'show', 'results']);
    expect(subcommands('evaluation')).toEqual([]);
  });
});

describe('`cadreflow --help` as a process', () => {
  it('loads commander and none of the libraries that commands use', () => {
    // Node's own record of what was required, written as the process exits.
    const probe = join(tmp, 'probe.cjs');
    const out = join(tmp, 'loaded.json');
    writeFileSync(
      probe,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    const r = spawnSync(process.execPath, ['--require', probe, BIN, '--help'], {
      encoding: 'utf8',
      env: { ...process.env, CADREFLOW_DATA_DIR: tmp },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: cadreflow');
    const packages = new Set(
      (JSON.parse(readFileSync(out, 'utf8')) as string[])
        .map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1])
        .filter(Boolean),
    );
    expect(packages).toContain('commander');
    const heavy = [
      '@temporalio/client',
      '@temporalio/worker',
      '@temporalio/common',
      'kysely',
      'pg',
      'zod',
      'fastify',
      'pino',
      'docx',
      'tsx',
    ];
    expect(heavy.filter((p) => packages.has(p))).toEqual([]);
  });
});
