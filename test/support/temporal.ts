/**
 * A Temporal dev server of a suite's own. Suites that load the demo county start cases
 * with business ids (`probation/p-0010/demo`), which would collide on the shared server
 * of the test run; a server per suite keeps them apart (it starts in under a second).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTemporal, type TemporalEndpoint } from '../../client/temporal';

/** `dynamicConfig`: the server's dynamic config values, e.g. lower per-workflow limits. */
export async function ownTemporal(dynamicConfig?: Record<string, number>): Promise<TemporalEndpoint> {
  const env = { ...process.env };
  // The suite's own server even when the run was pointed at a shared one.
  delete env.TEMPORAL_ADDRESS;
  return resolveTemporal({
    dataDir: mkdtempSync(join(tmpdir(), 'cf-own-temporal-')),
    ephemeral: true,
    port: 0,
    ui: false,
    env,
    ...(dynamicConfig ? { dynamicConfig } : {}),
  });
}
