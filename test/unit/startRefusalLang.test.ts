/**
 * What a page shows of a refusal (domain/bilingual.ts `inLanguage`, used by the start
 * forms' web/src/components/start/submitStart.ts): the parser's Chinese or English before
 * anything is sent, the API problem's `zh` or `en` after, by the page's language; a
 * problem without them shows its detail.
 */
import { describe, expect, it } from 'vitest';
import { inLanguage } from '../../domain/bilingual';
import type { Problem } from '../../domain/wire/problem';
import { parseSelectionOpening } from '../../domain/selectionForms';

describe('a refusal in the page’s language', () => {
  it('given a post id the parser refuses, then the zh-CN page shows the Chinese and the English page the English', () => {
    const parsed = parseSelectionOpening({ orgUnitId: 'ts-03', post: { postId: 'Deputy Head' } });
    if (parsed.ok) throw new Error('accepted');
    const said = { zh: parsed.zh, en: parsed.error };
    expect(inLanguage('zh', said, parsed.error)).toMatch(/^职位编号（post\.postId）只能由小写字母、数字和连字符组成/);
    expect(inLanguage('en', said, parsed.error)).toMatch(/^post\.postId must be lower-case letters/);
  });

  it('given the API’s problem in both languages, then each page shows its own; without them, the detail', () => {
    const both: Problem = {
      type: 'urn:cadreflow:problem:bad-request',
      title: 'Bad request',
      status: 400,
      detail: 'appointedOn: no such calendar day: 2026-02-30',
      en: 'appointedOn: no such calendar day: 2026-02-30',
      zh: '任职日期（appointedOn）须为日历上真实的一天',
    };
    expect(inLanguage('zh', both, both.detail)).toBe('任职日期（appointedOn）须为日历上真实的一天');
    expect(inLanguage('en', both, both.detail)).toBe('appointedOn: no such calendar day: 2026-02-30');
    const english: Problem = {
      type: 'urn:cadreflow:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'no cadre p-9 in the registry',
    };
    expect(inLanguage('zh', english, english.detail)).toBe('no cadre p-9 in the registry');
  });
});
