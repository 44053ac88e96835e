/**
 * An evaluation round's events written straight to the log, for the documents' tests: the
 * result sheet reads the read models they fold into, as it would a round the workflows ran.
 */
import { expect } from 'vitest';
import { appendBatch } from '../../activities/eventStore';
import type { Actor } from '../../domain/actors';
import type { DomainEvent } from '../../domain/events';
import type { Grade } from '../../domain/grades';
import type { DB } from '../../schema/db';

export const APPROVAL = '县委组字〔2023〕12号';
const staff: Actor = { id: 'org-staff', role: 'county-org-dept' };

export interface GradedRound {
  roundId: string;
  /** The round's cadres: name and grade (null: not graded yet), per township. */
  cadres: Record<'ts-01' | 'ts-02', Array<{ personId: string; name: string; grade: Grade | null }>>;
}

/**
 * Writes an evaluation round over ts-01 and ts-02 of `year` as the events the round and
 * its cadres' cases append: 8 cadres of ts-01's township unit graded under an approval
 * raising the quota to 25% (2 优秀), 3 of ts-02's (0 allowed; one not graded yet).
 */
export async function writeGradedRound(db: DB, year: number): Promise<GradedRound> {
  const YEAR = year;
  const ROUND = `evaluation-round/${YEAR}/ts-01+ts-02`;
  const cadres: GradedRound['cadres'] = { 'ts-01': [], 'ts-02': [] };
  const people = async (township: string, n: number) =>
    db.selectFrom('people').select(['person_id', 'name']).where('org_unit_id', '=', township).orderBy('person_id').limit(n).execute();
  const ts01 = await people('ts-01', 8);
  const ts02 = await people('ts-02', 3);
  expect([ts01.length, ts02.length]).toEqual([8, 3]);
  const grades01: Grade[] = [
    'excellent',
    'excellent',
    'competent',
    'competent',
    'competent',
    'competent',
    'competent',
    'basically-competent',
  ];
  cadres['ts-01'] = ts01.map((p, i) => ({ personId: p.person_id, name: p.name, grade: grades01[i]! }));
  cadres['ts-02'] = ts02.map((p, i) => ({ personId: p.person_id, name: p.name, grade: i === 2 ? null : 'competent' }));
  const at = (minute: number) => new Date(Date.UTC(YEAR, 11, 20, 2, minute)).toISOString();
  const unit = (t: string) => `${t}/township`;
  const append = (streamId: string, key: string, events: DomainEvent[]) => ({
    streamId,
    expectedVersion: 'any' as const,
    idempotencyKey: `documents-test:${key}`,
    events: events.map((event) => ({ event, metadata: { actor: staff } })),
  });
  const caseOf = (personId: string) => `evaluation/${YEAR}/${personId}`;
  const all = (['ts-01', 'ts-02'] as const).flatMap((t) => cadres[t].map((c) => ({ ...c, township: t })));
  await appendBatch(db, [
    append(ROUND, 'round-started', [
      {
        type: 'EvaluationRoundStarted',
        data: {
          roundId: ROUND,
          year: YEAR,
          scope: 'ts-01+ts-02',
          townshipIds: ['ts-01', 'ts-02'],
          cadres: 11,
          quotaPercent: 20,
          at: at(0),
        },
      },
    ]),
    ...all.map((c) =>
      append(caseOf(c.personId), `started:${c.personId}`, [
        {
          type: 'EvaluationStarted',
          data: {
            caseId: caseOf(c.personId),
            roundId: ROUND,
            year: YEAR,
            personId: c.personId,
            personName: c.name,
            orgUnitId: c.township,
            townshipId: c.township,
            unitId: unit(c.township),
            unitKind: 'organ',
            at: at(1),
          },
        },
      ]),
    ),
    append(ROUND, 'cases-started', [
      {
        type: 'EvaluationRoundCasesStarted',
        data: {
          roundId: ROUND,
          started: 11,
          skipped: [],
          units: [
            { unitId: unit('ts-01'), kind: 'organ', townshipId: 'ts-01', assessed: 8, allowedExcellent: 1 },
            { unitId: unit('ts-02'), kind: 'organ', townshipId: 'ts-02', assessed: 3, allowedExcellent: 0 },
          ],
          at: at(2),
        },
      },
    ]),
    append(ROUND, 'graded-ts-01', [
      {
        type: 'EvaluationUnitGraded',
        data: {
          roundId: ROUND,
          unitId: unit('ts-01'),
          grades: cadres['ts-01'].map((c) => ({ personId: c.personId, caseId: caseOf(c.personId), grade: c.grade!, reason: '' })),
          standing: { assessed: 8, percent: 25, allowed: 2, excellent: 2 },
          quotaApproval: { percent: 25, reference: APPROVAL, approvedOn: `${YEAR}-12-18` },
          actor: staff,
          at: at(3),
        },
      },
    ]),
    ...all
      .filter((c) => c.grade !== null)
      .map((c) =>
        append(caseOf(c.personId), `fixed:${c.personId}`, [
          {
            type: 'EvaluationGradeFixed',
            data: {
              caseId: caseOf(c.personId),
              personId: c.personId,
              roundId: ROUND,
              unitId: unit(c.township),
              grade: c.grade!,
              reason: '',
              actor: staff,
              at: at(4),
            },
          },
        ]),
      ),
  ]);
  return { roundId: ROUND, cadres };
}
