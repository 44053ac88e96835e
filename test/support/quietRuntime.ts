// Each test process: the SDK's per-worker INFO lines (and the time-skipping server's
// capability warnings) would bury vitest's own output; errors still show.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // A reused test process keeps the runtime it already installed.
}
