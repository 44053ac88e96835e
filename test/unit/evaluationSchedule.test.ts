/**
 * The evaluation round's yearly Schedule as entered (domain/evaluationSchedule.ts): the
 * cron expression's five fields and the townships, read the same for the CLI and the API.
 */
import { describe, expect, it } from 'vitest';
import { cronProblem, DEFAULT_ROUND_CRON, parseRoundSchedule } from '../../domain/evaluationSchedule';

describe('parseRoundSchedule', () => {
  it('defaults to December 1st at 09:00 over the county', () => {
    expect(parseRoundSchedule({})).toEqual({ ok: true, value: { cron: DEFAULT_ROUND_CRON, townshipIds: null } });
    expect(parseRoundSchedule({ townshipIds: [] })).toEqual({ ok: true, value: { cron: '0 9 1 12 *', townshipIds: null } });
  });

  it('sorts the townships and drops repeats; collapses the spaces of the expression', () => {
    expect(parseRoundSchedule({ cron: ' 30  8 2 DEC  * ', townshipIds: ['ts-05', 'ts-03', 'ts-05'] })).toEqual({
      ok: true,
      value: { cron: '30 8 2 DEC *', townshipIds: ['ts-03', 'ts-05'] },
    });
  });

  it('takes lists, ranges, steps and names', () => {
    for (const cron of ['0 9 1 12 *', '*/15 8-17 1,15 JAN-MAR MON-FRI', '0 0 1 1 0', '0 0 1 1 7', '5/10 * * * sun', '0 9 1-31/2 * *'])
      expect(cronProblem(cron), cron).toBeUndefined();
  });

  it('refuses what is not five well-formed fields, naming the field', () => {
    expect(cronProblem('0 9 1 12')).toMatch(/^cron must have five fields/);
    expect(cronProblem('0 9 1 12 * 2026')).toMatch(/^cron must have five fields/);
    expect(cronProblem('')).toMatch(/^cron must have five fields/);
    expect(cronProblem('60 9 1 12 *')).toBe('cron "60 9 1 12 *": minute 60 is outside 0–59');
    expect(cronProblem('0 24 1 12 *')).toBe('cron "0 24 1 12 *": hour 24 is outside 0–23');
    expect(cronProblem('0 9 0 12 *')).toBe('cron "0 9 0 12 *": day of month 0 is outside 1–31');
    expect(cronProblem('0 9 1 13 *')).toBe('cron "0 9 1 13 *": month 13 is outside 1–12');
    expect(cronProblem('0 9 1 12 8')).toBe('cron "0 9 1 12 8": day of week 8 is outside 0–7');
    expect(cronProblem('0 9 1 MON *')).toBe('cron "0 9 1 MON *": month "MON" is not a cron field');
    expect(cronProblem('0 9 2-1 12 *')).toBe('cron "0 9 2-1 12 *": day of month range "2-1" runs backwards');
    expect(cronProblem('0 9 1 DEC-JAN *')).toMatch(/range "DEC-JAN" runs backwards/);
    expect(cronProblem('*/0 9 1 12 *')).toMatch(/a step must be a number from 1 to 99/);
    expect(cronProblem('0 9 1,,2 12 *')).toMatch(/is not a cron field/);
    expect(cronProblem('@yearly 9 1 12 *')).toMatch(/is not a cron field/);
  });

  it('refuses a body of another shape, by field', () => {
    expect(parseRoundSchedule([])).toMatchObject({ ok: false, error: 'a schedule must be an object' });
    expect(parseRoundSchedule({ cron: 9 })).toMatchObject({ ok: false, error: expect.stringMatching(/^cron must be text/) });
    expect(parseRoundSchedule({ townshipIds: 'ts-01' })).toMatchObject({ ok: false, error: 'townshipIds must be a list of township ids' });
    expect(parseRoundSchedule({ townshipIds: ['../x'] })).toMatchObject({ ok: false, error: 'not a township id: "../x"' });
    expect(parseRoundSchedule({ when: 'now' })).toMatchObject({ ok: false });
  });
});
