/**
 * The audit's check of attachments, part of the read models' check (database only): every
 * AttachmentAdded in the log must have its bytes in the `attachments` table, hashing to the
 * SHA-256 the event recorded, and every stored file must have its event. The bytes are
 * hashed by PostgreSQL inside the audit's snapshot, so they never leave the database.
 */
import { sql } from 'kysely';
import type { DB } from '../../schema/db';
import type { RowDifference } from './rowDifference';

export async function attachmentDifferences(trx: DB): Promise<RowDifference[]> {
  const { rows } = await sql<{ id: string; recorded: string | null; stored: string | null; actual: string | null }>`
    select coalesce(e.data->>'attachmentId', a.attachment_id) as id,
           e.data->>'sha256' as recorded, a.sha256 as stored, encode(sha256(a.content), 'hex') as actual
    from (select data from events where type = 'AttachmentAdded') e
    full join attachments a on a.attachment_id = e.data->>'attachmentId'
    order by 1`.execute(trx);
  const out: RowDifference[] = [];
  for (const r of rows) {
    if (r.recorded === null) out.push({ table: 'attachments', key: r.id, kind: 'only-in-live' });
    else if (r.actual === null) out.push({ table: 'attachments', key: r.id, kind: 'missing-from-live' });
    else {
      const columns = [...(r.actual !== r.recorded ? ['content'] : []), ...(r.stored !== r.recorded ? ['sha256'] : [])];
      if (columns.length > 0) out.push({ table: 'attachments', key: r.id, kind: 'changed', columns });
    }
  }
  return out;
}
