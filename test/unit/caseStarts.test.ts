/**
 * The parsers of a case start (domain/probationStart.ts, domain/electionStart.ts,
 * domain/rectificationStart.ts): one per
 * input, shared by the CLI, the API and the web form, so each refusal here is what all
 * three say.
 */
import { describe, expect, it } from 'vitest';
import { parseElectionStart } from '../../domain/electionStart';
import { parseMemberApplication } from '../../domain/memberApplication';
import { appointmentDay, parseProbationStart } from '../../domain/probationStart';
import { parseRectificationScreening, parseRectificationStart } from '../../domain/rectificationStart';

const TODAY = '2026-12-07';

describe('a probation start', () => {
  it('given the required fields, when parsed, then the optional ones stay absent', () => {
    expect(parseProbationStart({ personId: 'p-0005', title: ' 副乡长 ', appointedOn: '2026-11-02' }, TODAY)).toEqual({
      ok: true,
      value: { personId: 'p-0005', title: '副乡长', appointedOn: '2026-11-02' },
    });
  });

  it('given every field, when parsed, then each is kept; empty optional texts read as absent', () => {
    const all = {
      personId: 'p-0005',
      title: '副镇长',
      appointedOn: '2026-11-02',
      orgUnitId: 'ts-03',
      trialRank: '副科级',
      preAppointmentNotice: true,
      appointmentId: 'second',
    };
    expect(parseProbationStart(all, TODAY)).toEqual({ ok: true, value: all });
    expect(parseProbationStart({ ...all, orgUnitId: '', trialRank: '' }, TODAY)).toEqual({
      ok: true,
      value: { personId: 'p-0005', title: '副镇长', appointedOn: '2026-11-02', preAppointmentNotice: true, appointmentId: 'second' },
    });
  });

  it('given a day outside three years back and one ahead, when parsed, then it is refused naming the window', () => {
    expect(appointmentDay('2023-12-07', TODAY)).toEqual({ ok: true, value: '2023-12-07' });
    expect(appointmentDay('2027-12-07', TODAY)).toEqual({ ok: true, value: '2027-12-07' });
    expect(appointmentDay('2023-12-06', TODAY)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^appointedOn: 2023-12-06 is not between 2023-12-07 and 2027-12-07/),
    });
    expect(appointmentDay('2027-12-08', TODAY).ok).toBe(false);
    expect(appointmentDay('2026-02-30', TODAY)).toMatchObject({ ok: false, error: 'appointedOn: no such calendar day: 2026-02-30' });
  });

  it('given a wrong field, when parsed, then the first problem is named', () => {
    const base = { personId: 'p-0005', title: '副乡长', appointedOn: '2026-11-02' };
    const cases: Array<[Record<string, unknown>, string | RegExp]> = [
      [{ ...base, actor: 'x' }, /^unknown field\(s\): actor/],
      [{ ...base, personId: '../p' }, /^personId must be an id such as p-0005/],
      [{ ...base, title: '' }, 'title is required'],
      [{ ...base, title: '\u3000' }, 'title is required: it holds only blank or invisible characters'],
      [{ ...base, orgUnitId: 7 }, /^orgUnitId must be an id/],
      [{ ...base, preAppointmentNotice: 'yes' }, 'preAppointmentNotice must be true or false'],
      [{ ...base, appointmentId: 'a b' }, /^appointmentId must be an id/],
    ];
    for (const [raw, error] of cases) expect(parseProbationStart(raw, TODAY), JSON.stringify(raw)).toMatchObject({ ok: false, error });
    expect(parseProbationStart([], TODAY)).toMatchObject({ ok: false, error: 'a probation start must be an object' });
  });
});

describe('an election start', () => {
  it('given a unit and seats, when parsed, then the form and term stay for the registry and the clock to fill', () => {
    expect(parseElectionStart({ orgUnitId: 'ts-03-v07', seats: 3 })).toEqual({ ok: true, value: { orgUnitId: 'ts-03-v07', seats: 3 } });
    expect(parseElectionStart({ orgUnitId: 'ts-03', seats: 7, form: 'township', term: '2026' })).toEqual({
      ok: true,
      value: { orgUnitId: 'ts-03', seats: 7, form: 'township', term: '2026' },
    });
  });

  it('given seats outside 1–15, a form or a term of another shape, when parsed, then each is refused by name', () => {
    const cases: Array<[Record<string, unknown>, string | RegExp]> = [
      [{ orgUnitId: 'ts-03', seats: 0 }, 'seats must be a whole number from 1 to 15, got 0'],
      [{ orgUnitId: 'ts-03', seats: 16 }, 'seats must be a whole number from 1 to 15, got 16'],
      [{ orgUnitId: 'ts-03', seats: '3' }, 'seats must be a whole number from 1 to 15, got "3"'],
      [{ orgUnitId: 'ts-03', seats: 3, form: 'city' }, 'form must be one of village | township, got "city"'],
      [{ orgUnitId: 'ts-03', seats: 3, term: '26' }, 'term must be a year such as 2026, got "26"'],
      [{ orgUnitId: '', seats: 3 }, /^orgUnitId must be a unit id/],
      [{ orgUnitId: 'ts-03', seats: 3, actor: 'x' }, /^unknown field\(s\): actor/],
    ];
    for (const [raw, error] of cases) expect(parseElectionStart(raw), JSON.stringify(raw)).toMatchObject({ ok: false, error });
  });
});

describe('a rectification screening and start', () => {
  it('given nothing, when a screening is parsed, then today and no added branches are meant', () => {
    expect(parseRectificationScreening({}, TODAY)).toEqual({ ok: true, value: { add: [] } });
  });

  it('given a facts file, when parsed, then its facts are read as the CLI reads --facts, and a wrong one is refused by branch and field', () => {
    const facts = { 'ts-03-v07': { annualRanking: { position: 184, of: 184 }, satisfaction: null } };
    expect(parseRectificationScreening({ facts, add: ['ts-03-v07', 'ts-03-v07'] }, TODAY)).toEqual({
      ok: true,
      value: { add: ['ts-03-v07'], facts },
    });
    expect(parseRectificationScreening({ facts: { 'ts-03-v07': { annualRanking: { position: 0, of: 184 } } } }, TODAY)).toMatchObject({
      ok: false,
      error: 'facts: ts-03-v07: annualRanking: place 0 of 184 is not a place in the ranking',
    });
  });

  it('given a day after today or no branches, when a start is parsed, then it is refused', () => {
    expect(parseRectificationStart({ branches: ['ts-03-v07'], on: '2026-12-08' }, TODAY)).toMatchObject({
      ok: false,
      error: 'on: 2026-12-08 is after today (2026-12-07)',
    });
    expect(parseRectificationStart({ branches: [] }, TODAY)).toMatchObject({
      ok: false,
      error: 'branches: name the branches on the list (at least one)',
    });
    expect(parseRectificationStart({ branches: ['ts-03-v07', 7] }, TODAY)).toMatchObject({
      ok: false,
      error: /^branches\[1\] must be a branch id/,
    });
    expect(parseRectificationStart({ branches: ['ts-03-v07'], on: '2026-12-07' }, TODAY)).toEqual({
      ok: true,
      value: { on: '2026-12-07', branches: ['ts-03-v07'] },
    });
  });
});

describe('a membership application', () => {
  it('given a person, when parsed, then the day and the branch stay for the service to fill', () => {
    expect(parseMemberApplication({ personId: 'p-1200' }, TODAY)).toEqual({ ok: true, value: { personId: 'p-1200' } });
    expect(parseMemberApplication({ personId: 'p-1200', appliedOn: TODAY, branchId: 'ts-03-v07-pb' }, TODAY)).toEqual({
      ok: true,
      value: { personId: 'p-1200', appliedOn: TODAY, branchId: 'ts-03-v07-pb' },
    });
  });

  it('given a day in the future, no calendar day or an unknown field, when parsed, then it is refused by name', () => {
    expect(parseMemberApplication({ personId: 'p-1200', appliedOn: '2026-12-08' }, TODAY)).toMatchObject({
      ok: false,
      error: 'appliedOn: 2026-12-08 is in the future',
    });
    expect(parseMemberApplication({ personId: 'p-1200', appliedOn: '2026-02-29' }, TODAY)).toMatchObject({
      ok: false,
      error: 'appliedOn: no such calendar day: 2026-02-29',
    });
    expect(parseMemberApplication({ personId: 'p-1200', stage: 'activist' }, TODAY)).toMatchObject({
      ok: false,
      error: /^unknown field\(s\): stage/,
    });
    expect(parseMemberApplication({ personId: 'p-1200', branchId: '' }, TODAY)).toMatchObject({ ok: false, error: /^branchId must be/ });
  });
});
