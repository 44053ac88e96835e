/**
 * 公示: a case's public notice as a Word document ready to post. Its window and subject
 * are the notice's own (`public_notices` and the PublicNoticePosted event: the day it went
 * up, its last day, its working days); the people it names come from the registry
 * (`people`, `org_units`): the case's subject when that is a person, or, for a selection,
 * those its notice is about (the committee's approved, else the inspection targets). The
 * text is domain/documents/publicNotice.ts's: no ID number or telephone is ever read.
 */
import { shanghaiDate } from '../../domain/calendar';
import { noticeText, selectionNoticePeople, type NoticeFacts, type NoticePerson } from '../../domain/documents/publicNotice';
import type { PublicNoticePosted, RecordedEvent } from '../../domain/events';
import { readStream } from '../../activities/eventReads';
import type { DB } from '../../schema/db';
import { docxCoreXml, fileNamePart } from './pinned';
import { countyName } from './townshipNames';

export interface NoticeDocument {
  facts: NoticeFacts;
  /** The case's township (null: the county's), for who may read it. */
  townshipId: string | null;
  date: string;
}

/** The environment's contact text for objections (CADREFLOW_NOTICE_CONTACT), if set. */
export function configuredContact(env: NodeJS.ProcessEnv = process.env): string | null {
  const v = env.CADREFLOW_NOTICE_CONTACT?.trim();
  return v ? v : null;
}

async function registryPeople(db: DB, ids: readonly string[]): Promise<NoticePerson[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('people as p')
    .leftJoin('org_units as u', 'u.org_unit_id', 'p.current_org_unit_id')
    .select(['p.person_id', 'p.name', 'p.gender', 'p.birth_year', 'p.current_title', 'u.name as unit_name'])
    .where('p.person_id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.person_id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        name: r.name,
        gender: r.gender,
        birthYear: r.birth_year,
        currentPost: r.current_title ? `${r.unit_name ?? ''}${r.current_title}` : null,
      },
    ];
  });
}

/**
 * The case's notice (the latest posted, or `noticeId`); null when the case or the notice
 * does not exist. `contact` replaces the default text on where objections go.
 */
export async function readNotice(
  db: DB,
  caseId: string,
  opts: { noticeId?: string; contact?: string | null } = {},
): Promise<NoticeDocument | null> {
  const kase = await db
    .selectFrom('cases')
    .select(['case_id', 'kind', 'subject_id', 'township_id'])
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!kase) return null;
  let q = db.selectFrom('public_notices').selectAll().where('case_id', '=', caseId);
  if (opts.noticeId !== undefined) q = q.where('notice_id', '=', opts.noticeId);
  const notice = await q.orderBy('posted_at', 'desc').orderBy('notice_id', 'desc').executeTakeFirst();
  if (!notice) return null;
  const events = await readStream(db, caseId);
  const posted = events.find(
    (e): e is RecordedEvent & PublicNoticePosted =>
      e.type === 'PublicNoticePosted' && (e.data as { noticeId: string }).noticeId === notice.notice_id,
  );
  const fromDay = posted?.data.postedOn ?? shanghaiDate(notice.posted_at.getTime());
  const ids =
    kase.kind === 'selection'
      ? selectionNoticePeople(events, notice.notice_id)
      : (await db.selectFrom('people').select('person_id').where('person_id', '=', kase.subject_id).executeTakeFirst())
        ? [kase.subject_id]
        : [];
  const county = await countyName(db);
  return {
    facts: {
      caseId,
      noticeId: notice.notice_id,
      subject: notice.subject,
      fromDay,
      toDay: shanghaiDate(notice.closes_at.getTime()),
      workingDays: notice.working_days,
      people: await registryPeople(db, ids),
      issuer: `中共${county ?? ''}委组织部`,
      contact: opts.contact ?? null,
    },
    townshipId: kase.township_id,
    date: posted?.recordedAt ?? notice.posted_at.toISOString(),
  };
}

export async function writeNoticeDocx(doc: NoticeDocument): Promise<Buffer> {
  const t = noticeText(doc.facts);
  // Loaded when a notice is written, not at every command's start (the library is large).
  const { AlignmentType, Document, Packer, Paragraph, TextRun } = await import('docx');
  const font = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
  const body = (text: string) =>
    new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [new TextRun({ text, font, size: 32 })] });
  const right = (text: string) =>
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { line: 560 }, children: [new TextRun({ text, font, size: 32 })] });
  const document = new Document({
    creator: 'cadreflow',
    title: doc.facts.subject,
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 400 },
            children: [new TextRun({ text: t.title, bold: true, size: 44, font: { ...font, eastAsia: '方正小标宋简体' } })],
          }),
          ...t.paragraphs.map(body),
          new Paragraph({ children: [] }),
          right(t.signature),
          right(t.dateLine),
        ],
      },
    ],
  });
  // The package stamps docProps/core.xml with the clock; the notice's own day replaces it.
  return Packer.toBuffer(document, false, [{ path: 'docProps/core.xml', data: docxCoreXml(doc.facts.subject, doc.date) }]);
}

export function noticeFileName(caseId: string): { name: string; ascii: string } {
  const part = fileNamePart(caseId);
  return { name: `公示-${part}.docx`, ascii: `notice-${part}.docx` };
}
