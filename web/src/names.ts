/**
 * How a person reads a task and a case, in one language at a time.
 *
 * A task's stored `title` is one bilingual string the workflow wrote
 * (`试用期考察 第1次 Check-in 1: 田军`); it stays as it is, since recorded histories hold it.
 * The UI names a task by its step (`stepLabel`, from the step id) followed by its
 * subject: the person's (or branch's, or township's) name, which every workflow writes
 * after the title's first `: `. Only when no rule knows the step is the stored title
 * split by script instead (`splitTitle`): the Chinese part before the first Latin word
 * that follows Chinese text, the English part after it.
 *
 * A case is named `person · procedure · post or stage` everywhere (lists, page titles,
 * breadcrumbs), from its summary (which starts with the subject's name) and its kind.
 */
import type { Lang } from './lang';
import { kindLabel, kindOfCase, stageLabel } from './vocabulary';
import { taskTitleFor } from './steps';

export { splitTitle, titleSubject } from './steps';

/** The task's title in one language. */
export function taskTitle(lang: Lang, task: { caseId: string; step: string; title: string }): string {
  return taskTitleFor(lang, kindOfCase(task.caseId), task.step, task.title);
}

export interface CaseLike {
  caseId: string;
  kind: string;
  summary: string;
  stage: string;
}

/**
 * `person · procedure · post or stage`. The summary starts with the subject's name
 * (`田军 试任 副乡长`, `郑静芳 发展党员`, `红门乡 第一村党支部 后进党组织整顿 2026`); a
 * probation's post is the summary's part after 试任, other kinds show their stage.
 */
export function caseName(lang: Lang, c: CaseLike): string {
  const kind = c.kind || kindOfCase(c.caseId);
  const summary = c.summary.trim();
  const procedure = kindLabel(lang, kind);
  if (kind === 'probation') {
    const m = /^(.+?) 试任 (.+)$/.exec(summary);
    if (m) return [m[1], procedure, m[2]].join(' · ');
  }
  if (kind === 'evaluation-round') {
    const year = /^(\d{4})/.exec(summary)?.[1];
    return [year ? (lang === 'zh' ? `${year}年度` : year) : '', procedure, stageLabel(lang, c.stage)].filter(Boolean).join(' · ');
  }
  if (kind === 'selection') {
    // `选拔任用 红门乡 副乡长（1名，一般选拔）`: the unit and the post.
    const m = /^选拔任用 (.+?)（/.exec(summary);
    if (m) return [m[1], procedure, stageLabel(lang, c.stage)].join(' · ');
  }
  const subject = subjectOf(kind, summary);
  return [subject, procedure, stageLabel(lang, c.stage)].filter(Boolean).join(' · ');
}

/** The subject's name at the summary's head, without the procedure's own words. */
function subjectOf(kind: string, summary: string): string {
  const ends: Record<string, RegExp> = {
    'member-development': / 发展党员$/,
    evaluation: / \d{4}年度考核$/,
    rectification: / 后进党组织整顿 \d{4}$/,
    election: / \S+ ?届.*$/,
  };
  const end = ends[kind];
  if (end && end.test(summary)) return summary.replace(end, '');
  return summary.split(' ')[0] ?? summary;
}
