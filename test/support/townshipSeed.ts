/**
 * The smallest registry a probation's workflow test needs: township ts-01 (红门乡) and
 * the people named, each registered there as 测试<id>.
 */
import { appendBatch } from '../../activities/eventStore';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { DB } from '../../schema/db';
import type { ProbationInput } from '../../workflows/probation';

/** A probation of one of those people as 副乡长 of ts-01 from `appointedOn`, under the default policy. */
export function probationOf(personId: string, appointedOn: string, overrides: Partial<ProbationInput> = {}): ProbationInput {
  return {
    personId,
    personName: `测试${personId}`,
    orgUnitId: 'ts-01',
    townshipId: 'ts-01',
    title: '副乡长',
    trialRank: '副科级',
    previousRank: '科员',
    appointedOn,
    village: false,
    preAppointmentNotice: false,
    policy: DEFAULT_POLICY,
    ...overrides,
  };
}

export async function seedTownshipWithPeople(db: DB, personIds: readonly string[]): Promise<void> {
  await appendBatch(db, [
    {
      streamId: 'orgunit/ts-01',
      expectedVersion: 'any',
      idempotencyKey: 'seed:ts-01',
      events: [
        {
          event: {
            type: 'OrgUnitEstablished',
            data: { orgUnitId: 'ts-01', name: '红门乡', kind: 'township', parentId: null, effectiveFrom: '2025-01-01' },
          },
          metadata: {},
        },
      ],
    },
    ...personIds.map((personId) => ({
      streamId: `person/${personId}`,
      expectedVersion: 'any' as const,
      idempotencyKey: `seed:${personId}`,
      events: [
        {
          event: {
            type: 'PersonRegistered' as const,
            data: { personId, name: `测试${personId}`, gender: 'male' as const, birthYear: 1985, orgUnitId: 'ts-01', rank: '科员' },
          },
          metadata: {},
        },
      ],
    })),
  ]);
}
