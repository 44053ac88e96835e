/**
 * Comments and attachments on a case: written as events in the case's inbox stream
 * (CaseCommented, AttachmentAdded; domain/events/inbox.ts) with the actor in the metadata,
 * an attachment's bytes in the `attachments` table in the same transaction, and read back
 * from the stream. Each attachment is listed with whether its stored bytes still hash to
 * the SHA-256 its event recorded.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { appendToStream } from '../activities/eventStore';
import { readStream } from '../activities/eventReads';
import type { Actor } from '../domain/actors';
import { checkAttachment } from '../domain/attachments';
import { parseComment } from '../domain/caseComment';
import { inboxStreamId, type AttachmentAdded, type CaseCommented } from '../domain/events';
import type { CaseAttachment, CaseComment } from '../domain/caseNotes';
import type { DB } from '../schema/db';

export class CommentRefusal extends Error {
  override readonly name = 'CommentRefusal';
  constructor(zh: string, en: string) {
    super(`${zh} / ${en}`);
  }
}

export type { CaseAttachment, CaseComment };

async function append(db: DB, caseId: string, event: CaseCommented | AttachmentAdded, actor: Actor, key: string): Promise<string> {
  const r = await appendToStream(db, {
    streamId: inboxStreamId(caseId),
    expectedVersion: 'any',
    idempotencyKey: `${inboxStreamId(caseId)}:${key}`,
    events: [{ event, metadata: { actor, causationId: event.type === 'CaseCommented' ? 'comment' : 'attachment' } }],
  });
  return r.firstPosition;
}

export async function addComment(db: DB, caseId: string, raw: string, actor: Actor, now: number): Promise<CaseComment> {
  const parsed = parseComment(raw);
  if (!parsed.ok) throw new CommentRefusal(parsed.zh, parsed.en);
  const commentId = randomUUID();
  const at = new Date(now).toISOString();
  const position = await append(
    db,
    caseId,
    { type: 'CaseCommented', data: { caseId, commentId, text: parsed.text, at } },
    actor,
    commentId,
  );
  return { commentId, text: parsed.text, by: actor, at, position };
}

/** Checks the file (domain/attachments.ts; AttachmentRefusal when it may not be added), stores it and records its hash. */
export async function addAttachment(
  db: DB,
  caseId: string,
  fileName: string,
  bytes: Buffer,
  actor: Actor,
  now: number,
): Promise<CaseAttachment> {
  const { contentType } = checkAttachment(fileName, bytes);
  const attachmentId = randomUUID();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const at = new Date(now).toISOString();
  const name = fileName.trim();
  const position = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('attachments')
      .values({
        attachment_id: attachmentId,
        case_id: caseId,
        file_name: name,
        content_type: contentType,
        size: bytes.length,
        sha256,
        content: bytes,
        created_at: at,
      })
      .execute();
    return append(
      trx,
      caseId,
      { type: 'AttachmentAdded', data: { caseId, attachmentId, fileName: name, contentType, size: bytes.length, sha256, at } },
      actor,
      attachmentId,
    );
  });
  return { attachmentId, fileName: name, contentType, size: bytes.length, sha256, by: actor, at, position, intact: true };
}

/** The case's comments and attachments, oldest first. */
export async function caseNotes(db: DB, caseId: string): Promise<{ comments: CaseComment[]; attachments: CaseAttachment[] }> {
  const events = await readStream(db, inboxStreamId(caseId));
  // The bytes are hashed by PostgreSQL, so they never travel to be checked.
  const stored = await db
    .selectFrom('attachments')
    .select(['attachment_id', sql<string>`encode(sha256(content), 'hex')`.as('actual')])
    .where('case_id', '=', caseId)
    .execute();
  const actual = new Map(stored.map((r) => [r.attachment_id, r.actual]));
  const comments: CaseComment[] = [];
  const attachments: CaseAttachment[] = [];
  for (const e of events) {
    const by = e.metadata.actor ?? null;
    const position = String(e.position);
    if (e.type === 'CaseCommented') {
      const d = e.data as CaseCommented['data'];
      comments.push({ commentId: d.commentId, text: d.text, by, at: d.at, position });
    } else if (e.type === 'AttachmentAdded') {
      const d = e.data as AttachmentAdded['data'];
      const { caseId: _c, at, ...rest } = d;
      attachments.push({ ...rest, by, at, position, intact: actual.get(d.attachmentId) === d.sha256 });
    }
  }
  return { comments, attachments };
}

export async function attachmentContent(db: DB, caseId: string, attachmentId: string) {
  return db
    .selectFrom('attachments')
    .select(['file_name', 'content_type', 'content', 'sha256'])
    .where('case_id', '=', caseId)
    .where('attachment_id', '=', attachmentId)
    .executeTakeFirst();
}
