/**
 * Every way of failing to get a Temporal server the project can use (client/temporal/devServer.ts),
 * each its own class so that callers (`up`, the tests) can tell them apart.
 */

/** Base class: every way of failing to get a Temporal server the project can use. */
export class TemporalSetupError extends Error {
  override name = 'TemporalSetupError';
}

/** Neither TEMPORAL_ADDRESS, nor a CLI, nor the @temporalio/testing download gave us a server. */
export class TemporalUnavailableError extends TemporalSetupError {
  override name = 'TemporalUnavailableError';
}

/** TEMPORAL_CLI_PATH or TEMPORAL_TEST_SERVER_PATH names something we cannot run. */
export class TemporalCliPathError extends TemporalSetupError {
  override name = 'TemporalCliPathError';
  constructor(
    readonly variable: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH',
    readonly path: string,
    reason: string,
  ) {
    super(`${variable}=${path} ${reason}; fix it or unset ${variable}`);
  }
}

/** The port we were asked to serve on is taken. */
export class TemporalPortInUseError extends TemporalSetupError {
  override name = 'TemporalPortInUseError';
  constructor(
    message: string,
    readonly port: number,
  ) {
    super(message);
  }
}

/** A dev server started earlier still runs on this data folder's database file. */
export class TemporalDataDirInUseError extends TemporalSetupError {
  override name = 'TemporalDataDirInUseError';
  constructor(
    message: string,
    readonly pid: number,
    readonly port: number,
  ) {
    super(message);
  }
}

/** The dev server process exited or did not answer in time. */
export class TemporalStartError extends TemporalSetupError {
  override name = 'TemporalStartError';
  constructor(
    summary: string,
    readonly logFile: string,
    readonly logTail: string,
    /** The server died because another process held a port it meant to bind: a new start may succeed. */
    readonly portTaken = false,
  ) {
    // The summary is the one line to read; the log follows because the cause (a locked
    // db file, a bad flag, a port taken) is in the server's first error or its last words.
    super(logTail ? `${summary}\n--- the server's log, ${logFile} ---\n${logTail}` : summary);
  }
}

/** TEMPORAL_ADDRESS is set but the server there cannot be used. */
export class TemporalConnectError extends TemporalSetupError {
  override name = 'TemporalConnectError';
}

/** The project's search attributes are missing and could not be registered. */
export class TemporalSearchAttributeError extends TemporalSetupError {
  override name = 'TemporalSearchAttributeError';
}

/** An error's first line: gRPC and spawn errors carry pages of detail after it. */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
