/**
 * Every refusal of what a person types into a start form, the selection's opening or the
 * evaluation's schedule and grades says it in Chinese too (domain/bilingual.ts): the
 * zh-CN web UI shows that, the English UI and the API's `detail` the English, unchanged.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedInput } from '../../domain/bilingual';
import { parseElectionStart } from '../../domain/electionStart';
import { parseUnitGrading, unitGradesOf } from '../../domain/evaluationGrading';
import { parseRoundSchedule } from '../../domain/evaluationSchedule';
import { parseMemberApplication } from '../../domain/memberApplication';
import { parseProbationStart } from '../../domain/probationStart';
import { parseRectificationScreening, parseRectificationStart } from '../../domain/rectificationStart';
import { parseSelectionOpening } from '../../domain/selectionForms';

const TODAY = '2026-12-07';
const HAN = /\p{Script=Han}/u;

const probation = { personId: 'p-0005', title: '副乡长', appointedOn: '2026-11-02' };
const opening = {
  orgUnitId: 'ts-03',
  post: { postId: 'deputy-head', title: '副乡长', rank: '副科级' },
  method: 'competitive',
  qualifications: '大学本科',
  scope: '全县',
  openedOn: '2026-12-01',
};

/** Each parser with inputs it refuses, one per kind of mistake it names. */
const REFUSED: Array<[string, () => ParsedInput<unknown>[]]> = [
  [
    'probation start',
    () =>
      [
        [],
        { ...probation, extra: 1 },
        { ...probation, personId: 'P 5' },
        { ...probation, title: ' ' },
        { ...probation, title: 'x'.repeat(101) },
        { ...probation, title: 3 },
        { ...probation, appointedOn: '2026-02-30' },
        { ...probation, appointedOn: '2020-01-01' },
        { ...probation, orgUnitId: '../x' },
        { ...probation, trialRank: 7 },
        { ...probation, preAppointmentNotice: 'yes' },
        { ...probation, appointmentId: '#' },
      ].map((raw) => parseProbationStart(raw, TODAY)),
  ],
  [
    'election start',
    () =>
      [
        null,
        { orgUnitId: 'ts-03', seats: 3, x: 1 },
        { orgUnitId: '', seats: 3 },
        { orgUnitId: 'ts-03', seats: 0 },
        { orgUnitId: 'ts-03', seats: 3, form: 'vote' },
        { orgUnitId: 'ts-03', seats: 3, term: '26' },
      ].map((raw) => parseElectionStart(raw)),
  ],
  [
    'rectification screening and start',
    () => [
      parseRectificationScreening('x', TODAY),
      parseRectificationScreening({ on: '2026-13-01' }, TODAY),
      parseRectificationScreening({ on: '2026-12-08' }, TODAY),
      parseRectificationScreening({ add: 'ts-03-v07' }, TODAY),
      parseRectificationScreening({ add: ['ts 03'] }, TODAY),
      parseRectificationScreening({ facts: { 'ts-03-v07': { annualRanking: { position: 0, of: 184 } } } }, TODAY),
      parseRectificationStart({ branches: [] }, TODAY),
      parseRectificationStart({ branches: ['ts-03-v07'], list: [] }, TODAY),
      parseRectificationStart({ branches: Array.from({ length: 501 }, (_, i) => `v-${i}`) }, TODAY),
    ],
  ],
  [
    'member application',
    () =>
      [
        1,
        { personId: 'p-1200', other: 1 },
        { personId: '' },
        { personId: 'p-1200', appliedOn: '2026-02-29' },
        { personId: 'p-1200', appliedOn: '2026-12-08' },
        { personId: 'p-1200', appliedOn: '1990-01-02' },
        { personId: 'p-1200', branchId: '' },
      ].map((raw) => parseMemberApplication(raw, TODAY)),
  ],
  [
    'selection opening',
    () =>
      [
        'x',
        { ...opening, other: 1 },
        { ...opening, orgUnitId: '' },
        { ...opening, post: 'deputy-head' },
        { ...opening, post: { ...opening.post, postId: 'Deputy Head' } },
        { ...opening, post: { ...opening.post, extra: 1 } },
        { ...opening, post: { ...opening.post, title: '' } },
        { ...opening, post: { ...opening.post, rank: 'x'.repeat(51) } },
        { ...opening, post: { ...opening.post, positions: 0 } },
        { ...opening, post: { ...opening.post, positions: -1 } },
        { ...opening, post: { ...opening.post, nonElected: 'no' } },
        { ...opening, method: 'lottery' },
        { ...opening, qualifications: '' },
        { ...opening, scope: 5 },
        { ...opening, openedOn: '2026-02-30' },
      ].map((raw) => parseSelectionOpening(raw)),
  ],
  [
    'evaluation schedule',
    () =>
      [
        [],
        { when: 'now' },
        { cron: 5 },
        { cron: '0 9 1 12' },
        { cron: '60 9 1 12 *' },
        { cron: '0 9 1 12 MON-SUN/0' },
        { cron: '0 9 5-1 12 *' },
        { townshipIds: 'ts-01' },
        { townshipIds: ['../x'] },
      ].map((raw) => parseRoundSchedule(raw)),
  ],
  [
    'evaluation grades',
    () => [
      parseUnitGrading(null),
      parseUnitGrading({ grade: {} }),
      parseUnitGrading({ acceptRecommended: 'yes' }),
      parseUnitGrading({ grades: [] as unknown }),
      parseUnitGrading({ grades: { 'p-0001': 'great' } }),
      parseUnitGrading({ reasons: { 'p-0001': 3 } }),
      unitGradesOf('ts-01/villages', [], { acceptRecommended: true, grades: {}, reasons: {} }),
      unitGradesOf('ts-01/villages', [{ personId: 'p-0001', name: '张三', recommended: null }], {
        acceptRecommended: false,
        grades: {},
        reasons: {},
      }),
      unitGradesOf('ts-01/villages', [{ personId: 'p-0001', name: '张三', recommended: 'competent' }], {
        acceptRecommended: true,
        grades: { 'p-0999': 'competent' },
        reasons: {},
      }),
    ],
  ],
];

describe('a refusal of what a person typed', () => {
  for (const [what, refusals] of REFUSED) {
    it(`${what}: each refusal says it in Chinese beside the English`, () => {
      for (const parsed of refusals()) {
        expect(parsed.ok, JSON.stringify(parsed)).toBe(false);
        if (parsed.ok) continue;
        expect(parsed.error.length, parsed.zh).toBeGreaterThan(0);
        expect(parsed.zh, parsed.error).toMatch(HAN);
        expect(parsed.zh).not.toBe(parsed.error);
      }
    });
  }

  it('keeps the English as it was and words the Chinese for the form', () => {
    const postId = parseSelectionOpening({ ...opening, post: { ...opening.post, postId: 'Deputy Head' } });
    expect(postId).toEqual({
      ok: false,
      error: 'post.postId must be lower-case letters, digits and dashes (e.g. deputy-head), got "Deputy Head"',
      zh: '职位编号（post.postId）只能由小写字母、数字和连字符组成（如 deputy-head），收到 "Deputy Head"',
    });
    expect(parseProbationStart({ ...probation, appointedOn: '2026-02-30' }, TODAY)).toEqual({
      ok: false,
      error: 'appointedOn: no such calendar day: 2026-02-30',
      zh: '任职日期（appointedOn）须为日历上真实的一天，形如 2026-03-02，收到 "2026-02-30"',
    });
    expect(parseElectionStart({ orgUnitId: 'ts-03', seats: 3, x: 1 })).toEqual({
      ok: false,
      error: 'unknown field(s): x (allowed: orgUnitId, seats, form, term)',
      zh: '未知字段：x（可用字段：orgUnitId、seats、form、term）',
    });
  });
});
