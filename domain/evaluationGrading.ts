/**
 * The committee's grades of one unit as entered (`cadreflow evaluation grade` and `POST
 * /evaluation/rounds/{roundId}/units/{unitId}/grades`): grades named person by person,
 * the rest accepted from the township's recommendations when asked, a reason per person.
 * `unitGradesOf` turns that and the unit's members into the `committee:<unit>` decision
 * the round reads with `parseUnitGrades` (domain/evaluationRound.ts), which checks the
 * dates, the approval and the quota.
 */
import { accept, refuse, unknownFields, type ParsedInput } from './bilingual';
import { isRecord } from './decisions';
import { GRADES, type Grade } from './grades';

export interface UnitGrading {
  /** Grade everyone not named in `grades` as their township recommended. */
  acceptRecommended: boolean;
  grades: Record<string, Grade>;
  reasons: Record<string, string>;
  /** Passed to the decision as they are: the round's parser reads them. */
  gradedOn?: unknown;
  noticePostedOn?: unknown;
  quotaApproval?: unknown;
}

export interface UnitMember {
  personId: string;
  name: string;
  recommended: Grade | null;
}

const LABEL_ZH = { grades: '等次', reasons: '理由' } as const;

function stringMap(raw: unknown, field: 'grades' | 'reasons'): ParsedInput<Record<string, string>> {
  if (raw === undefined) return accept({});
  if (!isRecord(raw))
    return refuse(`${field} must be an object of person id → text`, `${LABEL_ZH[field]}（${field}）须为“人员编号 → 文字”的对象`);
  for (const [k, v] of Object.entries(raw))
    if (typeof v !== 'string') return refuse(`${field}.${k} must be text`, `${k} 的${LABEL_ZH[field]}（${field}.${k}）须为文字`);
  return accept(raw as Record<string, string>);
}

export function parseUnitGrading(raw: unknown): ParsedInput<UnitGrading> {
  if (!isRecord(raw)) return refuse('a unit’s grading must be an object', '单位的评定须为一个对象（JSON object）');
  const extra = unknownFields(raw, ['acceptRecommended', 'grades', 'reasons', 'gradedOn', 'noticePostedOn', 'quotaApproval']);
  if (extra) return extra;
  if (raw.acceptRecommended !== undefined && typeof raw.acceptRecommended !== 'boolean')
    return refuse('acceptRecommended must be true or false', '是否采纳乡镇推荐（acceptRecommended）须为是或否');
  const grades = stringMap(raw.grades, 'grades');
  if (!grades.ok) return grades;
  for (const [personId, grade] of Object.entries(grades.value)) {
    if (!(GRADES as readonly string[]).includes(grade))
      return refuse(
        `grades.${personId}: ${grade} is not one of ${GRADES.join(', ')}`,
        `${personId} 的等次（grades.${personId}）${grade} 不是 ${GRADES.join('、')} 之一`,
      );
  }
  const reasons = stringMap(raw.reasons, 'reasons');
  if (!reasons.ok) return reasons;
  return accept({
    acceptRecommended: raw.acceptRecommended === true,
    grades: grades.value as Record<string, Grade>,
    reasons: reasons.value,
    ...(raw.gradedOn !== undefined ? { gradedOn: raw.gradedOn } : {}),
    ...(raw.noticePostedOn !== undefined ? { noticePostedOn: raw.noticePostedOn } : {}),
    ...(raw.quotaApproval !== undefined ? { quotaApproval: raw.quotaApproval } : {}),
  });
}

/** The `committee:<unit>` decision: every member graded, no one named who is not a member. */
export function unitGradesOf(unitId: string, members: readonly UnitMember[], g: UnitGrading): ParsedInput<Record<string, unknown>> {
  if (members.length === 0) return refuse(`no cadres of ${unitId} in the round yet`, `本轮考核中还没有 ${unitId} 的干部`);
  const grades: Record<string, { grade: Grade; reason: string }> = {};
  for (const m of members) {
    const grade = g.grades[m.personId] ?? (g.acceptRecommended ? m.recommended : null);
    if (!grade) {
      return refuse(
        `${m.personId} ${m.name}: no grade${g.acceptRecommended ? ', and the township has not recommended one yet' : ' (give one, or accept the township’s recommendations)'}`,
        `${m.personId} ${m.name}：没有等次${g.acceptRecommended ? '，乡镇也尚未推荐' : '（请评定，或采纳乡镇的推荐）'}`,
      );
    }
    grades[m.personId] = { grade, reason: g.reasons[m.personId] ?? '' };
  }
  const strangers = [...Object.keys(g.grades), ...Object.keys(g.reasons)].filter((id) => !(id in grades));
  if (strangers.length > 0)
    return refuse(`not in ${unitId}: ${[...new Set(strangers)].join(', ')}`, `不属于 ${unitId}：${[...new Set(strangers)].join('、')}`);
  return accept({
    grades,
    ...(g.gradedOn !== undefined ? { gradedOn: g.gradedOn } : {}),
    ...(g.noticePostedOn !== undefined ? { noticePostedOn: g.noticePostedOn } : {}),
    ...(g.quotaApproval !== undefined ? { quotaApproval: g.quotaApproval } : {}),
  });
}
