/**
 * Once per test run: compile the CLI from the current sources, bundle the workflow code
 * (tests reuse the file instead of running webpack in every file) and start one Temporal
 * dev server from the real binary.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { workflowBundle } from '../../worker/worker';
import { resolveTemporal, type TemporalEndpoint } from '../../client/temporal';

declare module 'vitest' {
  export interface ProvidedContext {
    workflowBundlePath: string;
    temporalAddress: string;
  }
}

let endpoint: TemporalEndpoint | undefined;
let bundleDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  // The suites run `cadreflow` as a person does (test/support/cli.ts). bin/cadreflow.cjs
  // would rebuild a stale compiled CLI itself; building it here, once, spares the first
  // commands of parallel suites from each building it, and tests what the sources say.
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'compile.cjs'), '--force'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // The bundle of this checkout's workflow code (keyed by its content, worker/bundleCache.ts),
  // in a folder of this run's own.
  bundleDir = mkdtempSync(join(tmpdir(), 'cf-workflow-bundle-'));
  const dir = bundleDir;
  const bundle = await workflowBundle();
  const bundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  project.provide('workflowBundlePath', bundlePath);

  endpoint = await resolveTemporal({ dataDir: mkdtempSync(join(tmpdir(), 'cf-temporal-')), ephemeral: true, port: 0 });
  project.provide('temporalAddress', endpoint.address);
}

export async function teardown(): Promise<void> {
  await endpoint?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
}
