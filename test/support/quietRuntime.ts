// Each test process: the SDK's per-worker INFO lines would bury vitest's own output.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // A reused test process keeps the runtime it already installed.
}
