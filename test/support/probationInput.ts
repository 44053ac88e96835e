/**
 * A probation case's input for the tests that start one directly on Temporal: a deputy
 * township head of ts-01 (named as townshipSeed.ts registers them), appointed `monthsAgo`
 * months before today in Shanghai (4: check-in 1 opens at once; 13: every check-in is due
 * at once), under the default policy. On the time-skipping server, whose clock runs ahead,
 * a test passes `appointedOn` from that clock.
 */
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { ProbationInput } from '../../workflows/probation';

export function probationInput(personId: string, overrides: Partial<ProbationInput> & { monthsAgo?: number } = {}): ProbationInput {
  const { monthsAgo = 4, ...rest } = overrides;
  return {
    personId,
    personName: `测试${personId}`,
    orgUnitId: 'ts-01',
    townshipId: 'ts-01',
    title: '副乡长',
    trialRank: '副科级',
    previousRank: '科员',
    appointedOn: addMonths(shanghaiDate(Date.now()), -monthsAgo),
    village: false,
    preAppointmentNotice: false,
    policy: DEFAULT_POLICY,
    ...rest,
  };
}
