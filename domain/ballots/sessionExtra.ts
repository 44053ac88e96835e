/**
 * What the chair adds to a session's decision (docs/ballots.md "The decision to the
 * workflow"): only the fields the step's form has that ballots cannot give — the day of
 * the branch assembly that voted on an admission, the day the village notice after the
 * masses' vote was posted. Every other field comes from the count and is not the
 * chair's to set: a count typed over the ballots' would be a typed-in decision wearing
 * the session's name. The values themselves are checked where a typed-in decision's
 * are, by the step's own parser.
 */
import { isRecord } from '../decisions';
import { refuse, type Bilingual, type ParsedInput } from '../bilingual';
import type { BallotStepForm } from './sessionDefinition';

export interface ExtraField extends Bilingual {
  readonly name: string;
}

export const SESSION_EXTRA_FIELDS: Readonly<Record<BallotStepForm, readonly ExtraField[]>> = {
  'probation.rating': [],
  'evaluation.rating': [],
  'election.recommendation': [],
  'election.ballot': [],
  'selection.meeting-recommendation': [],
  'member-development.members-vote': [{ name: 'on', zh: '支部大会召开日期', en: 'the day of the branch assembly' }],
  'member-development.masses-vote': [{ name: 'noticePostedOn', zh: '村内公示张贴日期', en: 'the day the village notice was posted' }],
};

const listed = (fields: readonly ExtraField[], lang: 'zh' | 'en') =>
  fields.map((f) => (lang === 'zh' ? `${f.zh}（${f.name}）` : `${f.name} (${f.en})`)).join(lang === 'zh' ? '、' : ', ');

/** The session's decision with the chair's fields added, or the refusal of a field that is not the chair's. */
export function withSessionExtra(
  form: BallotStepForm,
  decision: Readonly<Record<string, unknown>>,
  extra: unknown,
): ParsedInput<Record<string, unknown>> {
  if (extra === undefined) return { ok: true, value: { ...decision } };
  if (!isRecord(extra)) return refuse('extra must be an object of the step’s fields', '补充内容应为该步骤字段的对象');
  const allowed = SESSION_EXTRA_FIELDS[form];
  const names = allowed.map((f) => f.name);
  const others = Object.keys(extra).filter((k) => !names.includes(k));
  if (others.length > 0) {
    const en =
      allowed.length === 0
        ? `the ballots give every field of this step; nothing may be added (got ${others.join(', ')})`
        : `only ${listed(allowed, 'en')} may be added to the ballots' count, not ${others.join(', ')}`;
    const zh =
      allowed.length === 0
        ? `该步骤的内容全部来自投票结果，不能补充字段（收到：${others.join('、')}）`
        : `投票结果之外只能补充${listed(allowed, 'zh')}，不能补充：${others.join('、')}`;
    return refuse(en, zh);
  }
  return { ok: true, value: { ...decision, ...extra } };
}

/** The chair's fields the step's form has and `extra` does not give: what a refusal may be asking for. */
export function missingExtra(form: BallotStepForm, extra: Readonly<Record<string, unknown>> | undefined): readonly ExtraField[] {
  return SESSION_EXTRA_FIELDS[form].filter((f) => extra?.[f.name] === undefined);
}

export { listed as listedExtra };
