/**
 * Comments and attachments on a case through the real API (`app.inject`) on a real
 * PostgreSQL database: each an event in the case's inbox stream with its actor, a file's
 * bytes stored with their SHA-256 recorded in the log and checked when listed, the type
 * read from the bytes, the size limit, refusals in Chinese and English with nothing
 * recorded, and the township scoping. No workflow runs: the case is appended as its
 * workflow would append it.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { inboxStreamId } from '../../domain/events';
import { MAX_ATTACHMENT_BYTES } from '../../domain/attachments';
import { DEFAULT_POLICY } from '../../domain/policy';
import { buildApi } from '../../client/api/server';
import { verifyDatabase } from '../../client/audit/verify';
import { directBackend } from '../../client/backend';
import { seedRegistry } from '../../client/demo';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventCount } from '../support/cases';
import { problem, signedInUser } from '../support/api';
import { appendCaseEvents } from '../support/inbox';

const PASSWORD = 'case notes passphrase';
const CASE = 'probation/p-notes/test';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const enc = encodeURIComponent;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let database: TestDatabase;
let app: FastifyInstance;
const cookies: Record<string, string> = {};

const url = (tail: string) => `/cases/${enc(CASE)}${tail}`;
const upload = (login: string, name: string, body: Buffer) =>
  app.inject({
    method: 'POST',
    url: url(`/attachments?name=${enc(name)}`),
    headers: { cookie: cookies[login]!, 'content-type': 'application/octet-stream' },
    payload: body,
  });
const get = (login: string, path: string) => app.inject({ method: 'GET', url: path, headers: { cookie: cookies[login]! } });

beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
  app = await buildApi({
    db: database.db,
    backend: directBackend({ db: database.db, policy: DEFAULT_POLICY, taskQueue: 'api-case-notes' }),
  });
  await appendCaseEvents(database.db, CASE, [
    {
      type: 'CaseStarted',
      data: {
        caseId: CASE,
        kind: 'probation',
        subjectId: 'p-notes',
        townshipId: 'ts-01',
        policyVersion: 'test',
        startedAt: '2026-12-01T02:00:00.000Z',
        summary: '试用期考察',
      },
    },
  ]);
  for (const u of [
    { login: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' },
    { login: 'ts-02-committee', role: 'township-committee', townshipId: 'ts-02' },
    { login: 'auditor', role: 'auditor' },
  ])
    cookies[u.login] = (await signedInUser({ database, app }, { ...u, password: PASSWORD })).cookie;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('comments', () => {
  it('a committee member comments: an event with the member as actor, listed with the case', async () => {
    const res = await app.inject({
      method: 'POST',
      url: url('/comments'),
      headers: { cookie: cookies['ts-01-committee']! },
      payload: { text: '  请补充民主测评材料  ' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const notes = JSON.parse((await get('auditor', url('/notes'))).body);
    expect(notes.comments).toMatchObject([
      { text: '请补充民主测评材料', by: { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' } },
    ]);
    const [event] = await database.db
      .selectFrom('events')
      .select(['type', 'metadata'])
      .where('stream_id', '=', inboxStreamId(CASE))
      .execute();
    expect(event).toMatchObject({ type: 'CaseCommented', metadata: { actor: { id: 'ts-01-committee' } } });
  });

  it('an empty comment is refused in both languages; an auditor cannot comment; another township’s case is missing', async () => {
    const before = await eventCount(database.db);
    const post = (login: string, text: string, path = url('/comments')) =>
      app.inject({ method: 'POST', url: path, headers: { cookie: cookies[login]! }, payload: { text } });
    expect(problem(await post('ts-01-committee', '   '), 422)).toBe('意见内容不能为空 / the comment is empty');
    expect(problem(await post('auditor', '看过'), 403)).toMatch(/auditor/);
    expect(problem(await post('ts-02-committee', '看过'), 404)).toBe(`no case ${CASE}`);
    expect(problem(await get('ts-02-committee', url('/notes')), 404)).toBe(`no case ${CASE}`);
    expect(await eventCount(database.db)).toBe(before);
  });
});

describe('attachments', () => {
  it('a PDF is stored, its SHA-256 recorded in the log, listed intact and downloaded byte for byte', async () => {
    const res = await upload('ts-01-committee', '党委会议记录.pdf', PDF);
    expect(res.statusCode, res.body).toBe(201);
    const added = JSON.parse(res.body);
    expect(added).toMatchObject({
      fileName: '党委会议记录.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: sha256(PDF),
      intact: true,
    });

    const event = await database.db
      .selectFrom('events')
      .select(['type', 'data', 'position'])
      .where('stream_id', '=', inboxStreamId(CASE))
      .where('type', '=', 'AttachmentAdded')
      .executeTakeFirstOrThrow();
    expect(event.data).toMatchObject({ attachmentId: added.attachmentId, sha256: sha256(PDF) });
    expect(String(event.position)).toBe(added.position);

    const file = await get('auditor', url(`/attachments/${added.attachmentId}`));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${enc('党委会议记录.pdf')}`);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect(problem(await get('ts-02-committee', url(`/attachments/${added.attachmentId}`)), 404)).toBe(`no case ${CASE}`);
  });

  it('refuses by content, not name, and over 10 MiB, in both languages; nothing is stored or recorded', async () => {
    const events = await eventCount(database.db);
    const files = await database.db.selectFrom('attachments').select('attachment_id').execute();
    expect(problem(await upload('ts-01-committee', 'minutes.pdf', PNG), 422)).toMatch(
      /内容是 PNG，与扩展名不符 \/ the content of minutes.pdf is PNG/,
    );
    expect(problem(await upload('ts-01-committee', 'tool.pdf', Buffer.from('MZ\x90\x00 not a pdf')), 422)).toMatch(
      /不是 PDF、JPG、PNG、DOCX、XLSX 文件 \/ the content of tool.pdf is not a PDF, JPG, PNG, DOCX or XLSX file/,
    );
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1);
    PDF.copy(big);
    expect(problem(await upload('ts-01-committee', 'big.pdf', big), 413)).toMatch(
      /超过 10 MiB 的上限 \/ .*larger than the limit of 10 MiB/,
    );
    const huge = Buffer.alloc(MAX_ATTACHMENT_BYTES + 4096);
    expect(problem(await upload('ts-01-committee', 'huge.pdf', huge), 413)).toMatch(
      /超过 10 MiB 的上限 \/ the file is larger than the limit of 10 MiB/,
    );
    const asJson = await app.inject({
      method: 'POST',
      url: url('/attachments?name=a.pdf'),
      headers: { cookie: cookies['ts-01-committee']! },
      payload: { bytes: 'JVBERi0=' },
    });
    expect(problem(asJson, 415)).toMatch(/application\/octet-stream/);
    expect(problem(await upload('auditor', 'a.pdf', PDF), 403)).toMatch(/auditor/);
    expect(await eventCount(database.db)).toBe(events);
    expect(await database.db.selectFrom('attachments').select('attachment_id').execute()).toEqual(files);
  });

  it('bytes changed behind the log’s back are listed as not intact, and the audit names the file', async () => {
    const [row] = await database.db.selectFrom('attachments').select('attachment_id').execute();
    const audit = async () => {
      const report = await verifyDatabase(database.db, 'test', { unavailable: 'no Temporal in this suite' });
      return report.readModels.checked ? report.readModels.differences : 'not checked';
    };
    expect(await audit()).toEqual([]);
    await database.db
      .updateTable('attachments')
      .set({ content: Buffer.from('%PDF-1.7 forged') })
      .where('attachment_id', '=', row!.attachment_id)
      .execute();
    const notes = JSON.parse((await get('auditor', url('/notes'))).body);
    expect(notes.attachments).toMatchObject([{ attachmentId: row!.attachment_id, intact: false }]);
    expect(await audit()).toEqual([{ table: 'attachments', key: row!.attachment_id, kind: 'changed', columns: ['content'] }]);
    // A file stored with no event that records its hash is a finding too.
    await database.db
      .insertInto('attachments')
      .values({
        attachment_id: 'slipped-in',
        case_id: CASE,
        file_name: 'x.pdf',
        content_type: 'application/pdf',
        size: 4,
        sha256: sha256(Buffer.from('%PDF')),
        content: Buffer.from('%PDF'),
        created_at: new Date(),
      })
      .execute();
    expect(await audit()).toContainEqual({ table: 'attachments', key: 'slipped-in', kind: 'only-in-live' });
  });
});
