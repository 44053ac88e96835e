/**
 * 公示: the text of a public notice ready to post, from the notice as the log recorded it
 * (PublicNoticePosted: its subject, the day it went up, its last day, its working days)
 * and the registry's facts about the people it names. It names a person by name, gender,
 * year of birth and current post only: never an ID number or a telephone number, which
 * the model here does not even carry.
 */

export interface NoticePerson {
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  /** The post held now, with its unit (镇党委副书记); null without one. */
  currentPost: string | null;
}

export interface NoticeFacts {
  caseId: string;
  noticeId: string;
  subject: string;
  /** The first day of the window (`YYYY-MM-DD`, Asia/Shanghai). */
  fromDay: string;
  /** The last day of the window. */
  toDay: string;
  workingDays: number;
  people: readonly NoticePerson[];
  /** Who issues it: 中共XX县委组织部. */
  issuer: string;
  /** Where objections go; null: the default text, naming the issuer. */
  contact: string | null;
}

export interface NoticeText {
  title: string;
  paragraphs: string[];
  signature: string;
  dateLine: string;
}

/** 2026-03-02 → 2026年3月2日. */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

export function defaultObjectionContact(issuer: string): string {
  return `公示期间，个人或单位可通过来信、来电、来访等方式向${issuer}反映情况。反映问题应实事求是，以个人名义反映的请署真实姓名，以单位名义反映的请加盖公章。`;
}

/**
 * A subject as the kind of notice and what it is about: `任前公示：张三 拟任 副乡长` →
 * 任前公示 and 张三 拟任 副乡长; a subject without a `…公示：` prefix is all matter.
 */
export function noticeParts(subject: string): { kind: string | null; matter: string } {
  const m = /^([^：:]*公示)[：:]\s*(.*)$/s.exec(subject);
  return m ? { kind: m[1]!, matter: m[2]! } : { kind: null, matter: subject };
}

export function noticeText(f: NoticeFacts): NoticeText {
  const { kind, matter } = noticeParts(f.subject);
  const paragraphs = [`根据有关规定，现对以下事项进行公示${kind ? `（${kind}）` : ''}：${matter}。`];
  for (const p of f.people) {
    paragraphs.push(
      `${p.name}，${p.gender === 'male' ? '男' : '女'}，${p.birthYear}年出生${p.currentPost ? `，现任${p.currentPost}` : ''}。`,
    );
  }
  paragraphs.push(`公示时间：${chineseDate(f.fromDay)}至${chineseDate(f.toDay)}（${f.workingDays}个工作日）。`);
  paragraphs.push(f.contact ?? defaultObjectionContact(f.issuer));
  return { title: '公 示', paragraphs, signature: f.issuer, dateLine: chineseDate(f.fromDay) };
}

/**
 * The people a selection's notice is about, from the case's events up to the notice: for a
 * 任前公示, those the latest committee vote before it approved; otherwise (考察对象公示), the
 * latest inspection targets chosen before it.
 */
export function selectionNoticePeople(events: ReadonlyArray<{ type: string; data: unknown }>, noticeId: string): string[] {
  const at = events.findIndex((e) => e.type === 'PublicNoticePosted' && (e.data as { noticeId: string }).noticeId === noticeId);
  if (at < 0) return [];
  const before = events.slice(0, at);
  const subject = (events[at]!.data as { subject: string }).subject;
  const vote = before.filter((e) => e.type === 'CommitteeVoteHeld').at(-1);
  if (subject.startsWith('任前公示') && vote) {
    return (vote.data as { results: Array<{ personId: string; approved: boolean }> }).results
      .filter((r) => r.approved)
      .map((r) => r.personId);
  }
  const targets = before.filter((e) => e.type === 'InspectionTargetsChosen').at(-1);
  return targets ? (targets.data as { targets: Array<{ personId: string }> }).targets.map((t) => t.personId) : [];
}
