/**
 * The audit calls that need the database, as a backend module: with DATABASE_URL (or no
 * stack running) the CLI process runs them itself; with embedded PGlite held by a
 * running `cadreflow up`, `up` runs them (it owns the single session) and answers over
 * its loopback port. Everything crosses that port as plain JSON, so histories travel in
 * Temporal's JSON form and positions as decimal strings.
 *
 * Signing stays in the CLI process: the private key never travels to `up`.
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { readStream } from '../../activities/eventReads';
import { verifyHashChain, type HashChainReport } from '../../activities/hashChain';
import type { ListedCheckpoint } from '../../domain/auditReports';
import type { BackendModule } from '../backend';
import { UserError } from '../cases';
import { loadConfig } from '../config';
import { toArchivedEvent, type ArchivedEvent } from './archive';
import { signatureValid, type Checkpoint } from './checkpoint';
import { auditCodecs } from './codecs';
import { exportArchive, type ExportResult } from './export';
import { executionsOf, type AuditScope } from './auditScope';
import { storedCheckpoints, verifyDatabase, type VerifyReport } from './verify';
import { caseBallotSessions, type AuditedBallotSession } from './ballotSessions';

export interface CaseRecord {
  events: ArchivedEvent[];
  histories: Array<{ runId: string; workflowType: string; history: unknown }>;
  /** Why there is no history beside the events, when there is none. */
  note?: string;
  /** The case's online ballot sessions (the database's; an archive holds none). */
  ballotSessions?: AuditedBallotSession[];
}

export interface AuditCalls {
  verify(args: { checkpoint?: { file: string; checkpoint: Checkpoint }; progress: boolean }): Promise<VerifyReport>;
  /** The archive's gzip bytes (base64): the caller writes the file, never the stack. */
  exportArchive(args: { scope: AuditScope; namespace: string; progress: boolean }): Promise<ExportResult>;
  caseRecord(caseId: string): Promise<CaseRecord>;
  /** The chain verified from the first event, with the head it ends at. */
  verifiedHead(): Promise<HashChainReport>;
  /** Stores a checkpoint signed by the caller; its row id. */
  storeCheckpoint(checkpoint: Checkpoint): Promise<string>;
  /** The stored checkpoints, oldest first, each with whether its signature verifies. */
  checkpoints(): Promise<ListedCheckpoint[]>;
}

export type { ListedCheckpoint } from '../../domain/auditReports';

export const auditBackend: BackendModule<AuditCalls> = {
  name: 'audit',
  create(deps): AuditCalls {
    // The process that serves the call reads its own configuration (the keyring sits in its data folder).
    const codecs = () => auditCodecs(loadConfig().dataDir);
    return {
      async verify({ checkpoint, progress }) {
        const temporal = deps.client
          ? { client: deps.client }
          : { unavailable: 'no Temporal server is configured or running (set TEMPORAL_ADDRESS, or start `cadreflow up`)' };
        return verifyDatabase(deps.db, 'database', temporal, { checkpoint, progress, codecs: codecs() });
      },
      async exportArchive({ scope, namespace, progress }) {
        if (!deps.client) throw new UserError('Temporal is not reachable: start the stack with `cadreflow up` (or set TEMPORAL_ADDRESS)');
        return exportArchive(deps.client, deps.db, scope, { namespace, progress });
      },
      async caseRecord(caseId) {
        const events = (await readStream(deps.db, caseId)).map(toArchivedEvent);
        const ballotSessions = await caseBallotSessions(deps.db, caseId);
        if (!deps.client) return { events, histories: [], note: 'Temporal is not reachable: the history side is empty', ballotSessions };
        const runs = await executionsOf(deps.client, caseId);
        const histories = [];
        for (const r of runs) {
          const history = await deps.client.workflow.getHandle(r.workflowId, r.runId).fetchHistory();
          histories.push({ runId: r.runId, workflowType: r.workflowType, history: JSON.parse(historyToJSON(history)) as unknown });
        }
        return {
          events,
          histories,
          ballotSessions,
          ...(runs.length === 0 ? { note: `Temporal has no workflow ${caseId} (retention may have removed it)` } : {}),
        };
      },
      verifiedHead: () => verifyHashChain(deps.db),
      async storeCheckpoint(c) {
        try {
          const row = await deps.db
            .insertInto('audit_checkpoints')
            .values({
              position: BigInt(c.head.position),
              hash: c.head.hash,
              signed_at: c.head.time,
              signature: c.signature.value,
              public_key: c.signature.publicKey,
              key_fingerprint: c.signature.keyFingerprint,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          return row.id.toString();
        } catch (err) {
          if ((err as { code?: string }).code === '42P01')
            throw new UserError('the audit_checkpoints table is missing: run `cadreflow db migrate`');
          throw err;
        }
      },
      async checkpoints() {
        return (await storedCheckpoints(deps.db)).map(({ id, checkpoint: c }) => ({
          id,
          position: c.head.position,
          hash: c.head.hash,
          signedAt: c.head.time,
          keyFingerprint: c.signature.keyFingerprint,
          signatureValid: signatureValid(c).valid,
        }));
      },
    };
  },
};
