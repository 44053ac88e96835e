/**
 * The dev server as a child process: tracked so that it is stopped when this process
 * exits or is signalled and nobody else stops it, and waited for when it is stopped.
 */
import type { ChildProcess } from 'node:child_process';

/** How long a stopped server has to exit before it is killed. */
export const STOP_GRACE_MS = 10_000;

const liveChildren = new Set<ChildProcess>();
let exitHooksInstalled = false;

function killLiveChildren(): void {
  for (const child of liveChildren) child.kill('SIGTERM');
}

function onParentSignal(signal: NodeJS.Signals): void {
  // Someone else handling the signal (`up`'s orderly shutdown, a Worker's drain) stops the
  // server in its turn, after the worker; the exit hook catches any left at exit.
  if (process.listenerCount(signal) > 1) return;
  killLiveChildren();
  // Listening for a signal cancels Node's default of exiting on it; when nobody else
  // handles it, restore that by re-raising.
  uninstallExitHooks();
  process.kill(process.pid, signal);
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killLiveChildren);
  process.on('SIGINT', onParentSignal);
  process.on('SIGTERM', onParentSignal);
  // The server no longer shares our process group, so a closed terminal reaches it only through us.
  process.on('SIGHUP', onParentSignal);
}

function uninstallExitHooks(): void {
  if (!exitHooksInstalled) return;
  exitHooksInstalled = false;
  process.off('exit', killLiveChildren);
  process.off('SIGINT', onParentSignal);
  process.off('SIGTERM', onParentSignal);
  process.off('SIGHUP', onParentSignal);
}

export function track(child: ChildProcess): void {
  liveChildren.add(child);
  installExitHooks();
  child.once('exit', () => {
    liveChildren.delete(child);
    if (liveChildren.size === 0) uninstallExitHooks();
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}
