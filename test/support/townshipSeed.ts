/**
 * The smallest registry a probation's workflow test needs: township ts-01 (红门乡) and
 * the people named, each registered there as 测试<id>.
 */
import { appendBatch } from '../../activities/eventStore';
import type { DB } from '../../schema/db';

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
