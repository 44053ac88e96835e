/**
 * The audit archive: everything `audit replay` and `audit verify` need, in one gzip
 * file of JSON lines, so an auditor can take it away and check it with no Temporal
 * server and no database.
 *
 *   {"kind":"header", format, version, exportedAt, tool, namespace, selection}
 *   {"kind":"history", workflowId, runId, workflowType, history}   one per execution
 *   {"kind":"event", position, streamId, …, prevHash, hash}        the WHOLE log, in position order
 *   {"kind":"head", position, hash, histories, events}             the log head at export time
 *
 * The whole log rather than the selected cases' streams: the hash chain links every
 * event to the one before it, whatever its stream, so it can only be walked whole. The
 * head line comes last so that a truncated file is told apart from a complete one.
 */
import { createReadStream, renameSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils';
import type { RecordedEvent } from '../../domain/events';
import { UserError } from '../cases';

export const ARCHIVE_FORMAT = 'cadreflow-audit-archive';
export const ARCHIVE_VERSION = 1;

export interface ArchiveHeader {
  kind: 'header';
  format: typeof ARCHIVE_FORMAT;
  version: number;
  exportedAt: string;
  tool: { name: string; version: string };
  namespace: string;
  /**
   * The audit scope asked for, e.g. `--kind probation`; for the reader, not for the checks.
   * The field keeps the name archives of version 1 were written with.
   */
  selection: string;
}

export interface ArchivedHistory {
  kind: 'history';
  workflowId: string;
  runId: string;
  workflowType: string;
  /** Temporal's JSON history form (`historyToJSON`), as `temporal workflow show --output json` writes it. */
  history: unknown;
}

/** A log row with its position as a decimal string (JSON has no int8). */
export interface ArchivedEvent extends Omit<RecordedEvent, 'position'> {
  kind: 'event';
  position: string;
}

export interface ArchiveHead {
  kind: 'head';
  /** '0' for an empty log. */
  position: string;
  hash: string;
  histories: number;
  events: number;
}

export type ArchiveLine = ArchiveHeader | ArchivedHistory | ArchivedEvent | ArchiveHead;

export function toArchivedEvent(e: RecordedEvent): ArchivedEvent {
  return { kind: 'event', ...e, position: e.position.toString() };
}

export function fromArchivedEvent(e: ArchivedEvent): RecordedEvent {
  const { kind: _kind, position, ...rest } = e;
  return { ...rest, position: BigInt(position) };
}

export function historyOf(h: ArchivedHistory): History {
  return historyFromJSON(h.history);
}

/**
 * Builds an archive in memory: the process that reads the database and Temporal hands
 * the bytes to the CLI, which writes the file (writeArchiveFile). The stack never writes
 * a path a caller names.
 */
export class ArchiveWriter {
  private readonly gzip: Gzip;
  private readonly chunks: Buffer[] = [];
  private histories = 0;
  private events = 0;
  private failed: Error | undefined;

  private constructor() {
    this.gzip = createGzip();
    this.gzip.on('data', (c: Buffer) => this.chunks.push(c));
    this.gzip.on('error', (err: Error) => (this.failed ??= err));
  }

  static async open(header: Omit<ArchiveHeader, 'kind' | 'format' | 'version'>): Promise<ArchiveWriter> {
    const w = new ArchiveWriter();
    await w.line({ kind: 'header', format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, ...header });
    return w;
  }

  async history(h: Omit<ArchivedHistory, 'kind'>): Promise<void> {
    this.histories += 1;
    await this.line({ kind: 'history', ...h });
  }

  async event(e: RecordedEvent): Promise<void> {
    this.events += 1;
    await this.line(toArchivedEvent(e));
  }

  async finish(head: { position: string; hash: string }): Promise<{ bytes: Buffer; histories: number; events: number }> {
    await this.line({ kind: 'head', ...head, histories: this.histories, events: this.events });
    this.gzip.end();
    await once(this.gzip, 'end');
    if (this.failed) throw this.failed;
    return { bytes: Buffer.concat(this.chunks), histories: this.histories, events: this.events };
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
  }

  private async line(value: ArchiveLine): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.gzip.write(`${JSON.stringify(value)}\n`)) await once(this.gzip, 'drain');
  }
}

/**
 * Writes an archive's bytes (0600) to a temporary file beside `file` and moves it into
 * place only when it is whole: a write that fails half-way leaves no file that looks
 * like an archive. Called by the CLI process, as the user who runs the command.
 */
export function writeArchiveFile(file: string, bytes: Buffer): void {
  const tmp = `${file}.partial-${process.pid}`;
  try {
    writeFileSync(tmp, bytes, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UserError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

/**
 * The archive's lines in order, checked as they come: the header first, then histories,
 * events and the head line last. Anything else — not gzip, not JSON, out of order,
 * truncated — is a one-line UserError naming the file and the line.
 */
export async function* readArchive(file: string): AsyncGenerator<ArchiveLine> {
  const input = createReadStream(file);
  const gunzip = createGunzip();
  let streamError: Error | undefined;
  input.on('error', (err) => {
    streamError = err;
    gunzip.destroy(err);
  });
  gunzip.on('error', (err) => (streamError ??= err));
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  const order = { header: 0, history: 1, event: 2, head: 3 } as const;
  let n = 0;
  let stage = -1;
  try {
    for await (const text of lines) {
      n += 1;
      if (text === '') continue;
      let value: ArchiveLine;
      try {
        value = JSON.parse(text) as ArchiveLine;
      } catch {
        throw new UserError(`${file}: line ${n} is not JSON; is this a cadreflow audit archive?`);
      }
      const rank = order[value?.kind as keyof typeof order];
      if (rank === undefined) throw new UserError(`${file}: line ${n} has an unknown kind ${JSON.stringify(value?.kind)}`);
      if (n === 1) {
        const h = value as ArchiveHeader;
        if (h.kind !== 'header' || h.format !== ARCHIVE_FORMAT)
          throw new UserError(`${file} is not a cadreflow audit archive (no header line)`);
        if (h.version !== ARCHIVE_VERSION)
          throw new UserError(`${file} is archive format version ${h.version}; this cadreflow reads version ${ARCHIVE_VERSION}`);
      } else if (rank < stage || value.kind === 'header' || stage === order.head) {
        throw new UserError(`${file}: line ${n} (${value.kind}) is out of order`);
      }
      stage = rank;
      yield value;
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw archiveError(file, streamError ?? err);
  } finally {
    lines.close();
    input.destroy();
  }
  if (streamError) throw archiveError(file, streamError);
  if (n === 0) throw new UserError(`${file} is empty`);
  if (stage !== order.head) throw new UserError(`${file} is truncated: it has no final head line`);
}

function archiveError(file: string, err: unknown): UserError {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return new UserError(`no such archive: ${file}`);
  if (e?.code === 'Z_DATA_ERROR') return new UserError(`${file} is not a gzip file; is it a cadreflow audit archive?`);
  if (e?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e?.message ?? ''))
    return new UserError(`${file} is truncated (the gzip stream ends early)`);
  return new UserError(`cannot read ${file}: ${e?.message ?? String(err)}`);
}
