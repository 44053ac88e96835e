/**
 * Configuration from the environment, with embedded defaults: no TEMPORAL_ADDRESS means
 * the project's own dev server, no DATABASE_URL means PGlite in the data folder.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCryptoSuite, type CryptoSuiteName } from './crypto/suite';

export interface Config {
  dataDir: string;
  databaseUrl?: string;
  temporalAddress?: string;
  namespace: string;
  taskQueue: string;
  policyFile?: string;
  /** The payload encryption keyring (client/codec.ts); default `<dataDir>/codec-keys.json`. */
  codecKeysFile?: string;
  /** The keyring itself (JSON or base64), for secret managers; excludes `codecKeysFile`. */
  codecKeyring?: string;
  /** `aes` (AES-256-GCM, SHA-256) or `sm` (SM4, SM3): what new payloads are sealed and new events hashed with. */
  crypto: CryptoSuiteName;
  temporalPort: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dataDir: resolve(env.CADREFLOW_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.CADREFLOW_TASK_QUEUE || 'cadreflow',
    policyFile: env.CADREFLOW_POLICY || undefined,
    codecKeysFile: env.CADREFLOW_CODEC_KEYS || undefined,
    codecKeyring: env.CADREFLOW_CODEC_KEYRING || undefined,
    crypto: parseCryptoSuite(env.CADREFLOW_CRYPTO),
    temporalPort: Number(env.CADREFLOW_TEMPORAL_PORT ?? 7233),
  };
}

/**
 * What a running `cadreflow up` serves, written to the data folder so that other
 * commands (demo, tasks, decide, …) reach the same Temporal server and database.
 */
export interface StackInfo {
  pid: number;
  temporalAddress: string;
  namespace: string;
  temporalUi?: string;
  databaseUrl?: string;
  /** Where the `up` process answers other commands (it owns an embedded database). */
  controlUrl: string;
  /** The HTTP API (client/api). */
  apiUrl?: string;
  database: string;
  startedAt: string;
}

function stackFile(dataDir: string): string {
  return join(dataDir, 'stack.json');
}

export function writeStackInfo(dataDir: string, info: StackInfo): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(stackFile(dataDir), JSON.stringify(info, null, 2));
}

export function removeStackInfo(dataDir: string): void {
  rmSync(stackFile(dataDir), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The running stack, if `cadreflow up` is running on this data folder. */
export function readStackInfo(dataDir: string): StackInfo | undefined {
  const file = stackFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as StackInfo;
    return alive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}
