/**
 * The committee's grades of one unit as entered (`cadreflow evaluation grade` and `POST
 * /evaluation/rounds/{roundId}/units/{unitId}/grades`): grades named person by person,
 * the rest accepted from the township's recommendations when asked, a reason per person.
 * `unitGradesOf` turns that and the unit's members into the `committee:<unit>` decision
 * the round reads with `parseUnitGrades` (domain/evaluationRound.ts), which checks the
 * dates, the approval and the quota.
 */
import { fail, isRecord, ok, onlyKeys, type Parsed } from './decisions';
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

function stringMap(raw: unknown, field: string): Parsed<Record<string, string>> {
  if (raw === undefined) return ok({});
  if (!isRecord(raw)) return fail(`${field} must be an object of person id → text`);
  for (const [k, v] of Object.entries(raw)) if (typeof v !== 'string') return fail(`${field}.${k} must be text`);
  return ok(raw as Record<string, string>);
}

export function parseUnitGrading(raw: unknown): Parsed<UnitGrading> {
  if (!isRecord(raw)) return fail('a unit’s grading must be an object');
  const extra = onlyKeys(raw, ['acceptRecommended', 'grades', 'reasons', 'gradedOn', 'noticePostedOn', 'quotaApproval']);
  if (extra) return fail(extra);
  if (raw.acceptRecommended !== undefined && typeof raw.acceptRecommended !== 'boolean')
    return fail('acceptRecommended must be true or false');
  const grades = stringMap(raw.grades, 'grades');
  if (!grades.ok) return grades;
  for (const [personId, grade] of Object.entries(grades.value)) {
    if (!(GRADES as readonly string[]).includes(grade)) return fail(`grades.${personId}: ${grade} is not one of ${GRADES.join(', ')}`);
  }
  const reasons = stringMap(raw.reasons, 'reasons');
  if (!reasons.ok) return reasons;
  return ok({
    acceptRecommended: raw.acceptRecommended === true,
    grades: grades.value as Record<string, Grade>,
    reasons: reasons.value,
    ...(raw.gradedOn !== undefined ? { gradedOn: raw.gradedOn } : {}),
    ...(raw.noticePostedOn !== undefined ? { noticePostedOn: raw.noticePostedOn } : {}),
    ...(raw.quotaApproval !== undefined ? { quotaApproval: raw.quotaApproval } : {}),
  });
}

/** The `committee:<unit>` decision: every member graded, no one named who is not a member. */
export function unitGradesOf(unitId: string, members: readonly UnitMember[], g: UnitGrading): Parsed<Record<string, unknown>> {
  if (members.length === 0) return fail(`no cadres of ${unitId} in the round yet`);
  const grades: Record<string, { grade: Grade; reason: string }> = {};
  for (const m of members) {
    const grade = g.grades[m.personId] ?? (g.acceptRecommended ? m.recommended : null);
    if (!grade) {
      return fail(
        `${m.personId} ${m.name}: no grade${g.acceptRecommended ? ', and the township has not recommended one yet' : ' (give one, or accept the township’s recommendations)'}`,
      );
    }
    grades[m.personId] = { grade, reason: g.reasons[m.personId] ?? '' };
  }
  const strangers = [...Object.keys(g.grades), ...Object.keys(g.reasons)].filter((id) => !(id in grades));
  if (strangers.length > 0) return fail(`not in ${unitId}: ${[...new Set(strangers)].join(', ')}`);
  return ok({
    grades,
    ...(g.gradedOn !== undefined ? { gradedOn: g.gradedOn } : {}),
    ...(g.noticePostedOn !== undefined ? { noticePostedOn: g.noticePostedOn } : {}),
    ...(g.quotaApproval !== undefined ? { quotaApproval: g.quotaApproval } : {}),
  });
}
