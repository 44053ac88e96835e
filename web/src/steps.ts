/**
 * A step's name in either language, from its id (`check-in-2`, `round-1:plan-2`,
 * `members-vote-r2`). Step ids are identifiers: a person reads this label instead. The
 * wording follows the task titles the workflows write (which carry both languages in one
 * string and stay as they are: recorded histories hold them).
 */
import type { Lang } from './lang';

type Pair = readonly [zh: string, en: string];
/** A step pattern and its label; `n` is the number the id carries, if any. */
type Rule = readonly [RegExp, (n: string) => Pair];

const fixed = (zh: string, en: string) => (): Pair => [zh, en];

/** Rules by case kind, tried in order; the first match names the step. */
const RULES: Record<string, readonly Rule[]> = {
  probation: [
    [/^check-in-(\d+)$/, (n) => [`试用期考察（第${n}次）`, `Check-in ${n}`]],
    [/^democratic-rating$/, fixed('试用期满民主测评', 'Democratic rating')],
    [/^township-recommendation$/, fixed('乡镇党委意见', 'Township recommendation')],
    [/^county-decision$/, fixed('县委组织部决定', 'County decision')],
    [/^end-early$/, fixed('提前结束试用期', 'End the probation early')],
  ],
  evaluation: [
    [/^self-summary$/, fixed('个人总结', 'Self-summary')],
    [/^democratic-rating$/, fixed('民主测评', 'Democratic rating')],
    [/^re-rating$/, fixed('诫勉期满再测评', 'Re-rating after the warning')],
    [/^quantified-score$/, fixed('实绩量化评分', 'Quantified score')],
    [/^supervisor-comment$/, fixed('分管领导评语', "Supervisor's comment")],
    [/^township-recommendation$/, fixed('乡镇党委推荐等次', 'Township recommendation')],
    [/^notification$/, fixed('考核结果书面通知本人', 'Written notification')],
    [/:regrade$/, fixed('公示异议属实，重新确定等次', 'Regrade after an upheld objection')],
  ],
  'evaluation-round': [
    [/^review:/, fixed('复核', 'Review')],
    [/^appeal:/, fixed('申诉', 'Appeal')],
    [/^committee:/, fixed('考核委员会确定等次', 'Committee grading')],
  ],
  'member-development': [
    [/^talk$/, fixed('入党申请人谈话', 'Talk with applicant')],
    [/^activist-designation$/, fixed('确定入党积极分子', 'Activist designation')],
    [/^activist-review-(\d+)$/, (n) => [`入党积极分子考察（第${n}次）`, `Activist review ${n}`]],
    [/^development-target$/, fixed('确定发展对象', 'Development target')],
    [/^theory-exam(?:-r(\d+))?$/, (n) => round(['理论考试', 'Theory exam'], n)],
    [/^branch-inspection(?:-r(\d+))?$/, (n) => round(['支部考察（含政审）', 'Branch inspection'], n)],
    [/^township-review(?:-r(\d+))?$/, (n) => round(['乡镇党委预审', 'Township review'], n)],
    [/^county-review(?:-r(\d+))?$/, (n) => round(['县委组织部审查', 'County review'], n)],
    [/^masses-vote(?:-r(\d+))?$/, (n) => round(['群众满意票', "Masses' satisfaction vote"], n)],
    [/^members-vote(?:-r(\d+))?$/, (n) => round(['支部大会党员赞成票', "Members' vote"], n)],
    [/^approval(?:-r(\d+))?$/, (n) => round(['乡镇党委审批', 'Approval'], n)],
    [/^resubmission-\d+$/, fixed('发展对象是否重新提交', 'Resubmit the development target')],
    [/^oath$/, fixed('入党宣誓', 'Oath')],
    [/^conversion(-2)?$/, fixed('预备党员转正', 'Conversion')],
  ],
  rectification: [
    [/^support$/, fixed('四个一帮扶力量', 'Support team')],
    [/^round-\d+:plan-(\d+)$/, (n) => [`整改方案（第${n}稿）`, `Rectification plan, draft ${n}`]],
    [/^round-\d+:plan-(\d+):approval$/, (n) => [`审批整改方案（第${n}稿）`, `Approve plan draft ${n}`]],
    [/^round-\d+:report-(\d+)$/, (n) => [`整改进展报告（第${n}期）`, `Progress report ${n}`]],
    [/^round-\d+:inspection-(\d+)$/, (n) => [`整改验收（第${n}次）`, `Acceptance inspection ${n}`]],
    [/^round-\d+:sign-off$/, fixed('整改销号', 'Sign-off')],
    [/^follow-up-report$/, fixed('销号后跟踪报告', 'Follow-up report')],
  ],
  election: [
    [/^request-approval$/, fixed('选举请示批复', 'Approve the election request')],
    [/^election-notice$/, fixed('选举通知', 'Election notice')],
    [/^members-recommendation(?:-(\d+))?$/, (n) => round(['党员推荐会议', "Members' recommendation"], n)],
    [/^masses-recommendation(?:-(\d+))?$/, (n) => round(['群众推荐会议', "Masses' recommendation"], n)],
    [/^township-review$/, fixed('审查推荐人选', 'Review the nominees')],
    [/^replacement-(\d+)$/, (n) => [`递补人选（第${n}名）`, `Replacement ${n}`]],
    [/^vetting-/, fixed('考察', 'Vetting')],
    [/^slate$/, fixed('确定候选人预备人选', 'Set the slate')],
    [/:strikes$/, fixed('公示异议成立，取消候选人资格', 'Strike candidates')],
    [/^election-meeting(?:-(\d+))?$/, (n) => round(['党员大会选举', 'Ballot'], n)],
    [/^further-ballot(?:-(\d+))?$/, (n) => round(['另行选举', 'Further ballot'], n)],
    [/^second-ballot(?:-(\d+))?$/, (n) => round(['第二次投票', 'Second ballot'], n)],
    [/^vacancy(?:-(\d+))?$/, (n) => round(['名额未选满：另行选举或减少名额', 'Vacant seats'], n)],
    [/^officers$/, fixed('选举书记、副书记', 'Elect the secretary and deputy')],
    [/^result-approval$/, fixed('审批选举结果', 'Approve the result')],
    [/^filing$/, fixed('选举结果备案', 'File the result')],
  ],
  selection: [
    [/^work-plan$/, fixed('工作方案审批', 'Work plan approval')],
    [/^meeting-recommendation$/, fixed('会议推荐', 'Meeting recommendation')],
    [/^talk-recommendation$/, fixed('谈话调研推荐', 'Talk recommendation')],
    [/^targets-(\d+)(?:-\d+)?$/, (n) => round(['确定考察对象', 'Inspection targets'], n)],
    [/^inspection-team-(\d+)$/, (n) => round(['组建考察组', 'Inspection team'], n)],
    [/^check-\d+-.+-(personnel-file|personal-matters|discipline-opinion|petitions)$/, (check) => CHECKS[check] ?? ['凡提四必', 'Check']],
    [/^report-(\d+)-.+$/, (n) => round(['考察材料', 'Inspection report'], n)],
    [
      /^committee-\d+-(\d+)$/,
      (n) => (n === '1' ? ['讨论决定', 'Committee decision'] : [`讨论决定（第${n}次会议）`, `Committee decision, meeting ${n}`]),
    ],
    [/^vote-failed-\d+$/, fixed('无人通过：岗位暂缺或重新确定考察对象', 'Nobody approved: keep open or choose again')],
    [/^appointment-.+$/, fixed('任职', 'Appointment')],
  ],
};

/** The four checks of a selection's inspection (凡提四必). */
const CHECKS: Record<string, Pair> = {
  'personnel-file': ['凡提四必：干部档案审核', 'Check: personnel file'],
  'personal-matters': ['凡提四必：个人有关事项报告核查', 'Check: personal matters report'],
  'discipline-opinion': ['凡提四必：纪检监察机关意见', 'Check: discipline opinion'],
  petitions: ['凡提四必：信访举报核查', 'Check: petitions'],
};

/** Steps any case may have: an objection to a public notice is checked by its own step. */
const COMMON: readonly Rule[] = [[/:objection-\d+:finding$/, fixed('公示异议核查', 'Objection check')]];

/** A later round or meeting of the same step (`-r2`, `-2`). */
function round([zh, en]: Pair, n: string | undefined): Pair {
  return n && n !== '1' ? [`${zh}（第${n}轮）`, `${en} (round ${n})`] : [zh, en];
}

/** The step's label, or undefined when no rule knows the step. */
export function knownStepLabel(lang: Lang, kind: string, step: string): string | undefined {
  for (const [pattern, label] of [...(RULES[kind] ?? []), ...COMMON]) {
    const m = pattern.exec(step);
    if (m) return label(m[1] ?? '')[lang === 'zh' ? 0 : 1];
  }
  return undefined;
}

/** The step's label; an unknown step reads as a generic word rather than its id. */
export function stepLabel(lang: Lang, kind: string, step: string): string {
  return knownStepLabel(lang, kind, step) ?? (lang === 'zh' ? '办理步骤' : 'Step');
}

const HAN = /[\u3400-\u9fff\uff08\uff09\uff1a\uff0c\u3001]/;

/** The subject the stored title names after its first `: ` (a person, a branch, an org). */
export function titleSubject(title: string): string {
  const at = title.indexOf(': ');
  if (at < 0) return '';
  let rest = title.slice(at + 2);
  // A rectification's round (`第一村党支部（第1轮 round 1）`): the branch; the step's label carries the round.
  rest = rest.replace(/（第\d+轮 round \d+）/, '');
  // `p-0001 (张三)`: the name, not the id.
  const vetted = /^p-\d+ \((.+)\)$/.exec(rest);
  if (vetted) return vetted[1]!;
  // What follows the name in parentheses or after a comma is English detail (seats, grounds).
  const cut = rest.search(/ \(|, /);
  if (cut >= 0) rest = rest.slice(0, cut);
  return rest.trim();
}

/** A stored bilingual title's two halves (the fallback for steps no rule knows). */
export function splitTitle(title: string): { zh: string; en: string } {
  const at = title.indexOf(': ');
  const head = at < 0 ? title : title.slice(0, at);
  const tail = at < 0 ? '' : title.slice(at);
  let lastHan = -1;
  for (let i = 0; i < head.length; i++) if (HAN.test(head[i]!)) lastHan = i;
  if (lastHan < 0) return { zh: title, en: title };
  const zh = head.slice(0, lastHan + 1).trim();
  const en = head.slice(lastHan + 1).trim();
  const subject = titleSubject(title);
  return {
    zh: subject ? `${zh}：${subject}` : zh,
    en: en ? `${en}${tail}` : title,
  };
}

/** A task's title in one language, from its step's label and the subject its stored title names. */
export function taskTitleFor(lang: Lang, kind: string, step: string, title: string): string {
  const label = knownStepLabel(lang, kind, step);
  if (label === undefined) return splitTitle(title)[lang];
  // A committee's grading names its unit by id and then counts, in English: the label says it all.
  if (step.startsWith('committee:')) return label;
  const subject = titleSubject(title);
  if (!subject || /^[a-z]+-\d+$/.test(subject)) return label;
  return lang === 'zh' ? `${label}：${subject}` : `${label}: ${subject}`;
}

/** Every step pattern the vocabulary knows, per case kind (for tests and completeness checks). */
export const STEP_KINDS = Object.keys(RULES);
