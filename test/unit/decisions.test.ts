/**
 * Required text is checked after trimming (domain/decisions.ts `trimText`, used by
 * `text`): a reason, comment or summary of only spaces or invisible characters is
 * refused as malformed, and what a parser returns to be stored is the trimmed text.
 */
import { describe, expect, it } from 'vitest';
import { text, trimText, underEarlierTextRules } from '../../domain/decisions';
import { parseEndEarly, parseOutcome, checkFinalDecision } from '../../domain/probation';
import { parseReviewRequest, parseSupervisorComment } from '../../domain/evaluationForms';
import { parseReport } from '../../domain/rectification';
import { parseNomineeReview } from '../../domain/election';
import { names } from '../../domain/memberDevelopmentForms';

/** Each a text a reader sees as empty. */
const INVISIBLE_ONLY: [string, string][] = [
  ['spaces', '   '],
  ['tabs and newlines', '\t\n\r'],
  ['a zero-width space U+200B', '\u200B'],
  ['zero-width (non-)joiners U+200C/D', '\u200C\u200D'],
  ['a word joiner U+2060', '\u2060'],
  ['a byte-order mark U+FEFF', '\uFEFF'],
  ['a no-break space U+00A0', '\u00A0'],
  ['an ideographic space U+3000', '\u3000\u3000'],
  ['a line separator U+2028 and an em space U+2003', '\u2028\u2003'],
  ['a mix of all of them', ' \u200B\u00A0\u3000\uFEFF\u2060\u200C\u200D '],
];

describe('trimText', () => {
  it.each(INVISIBLE_ONLY)('given a text of only %s, when trimmed, then nothing is left', (_, raw) => {
    expect(trimText(raw)).toBe('');
  });

  it('given visible text wrapped in invisible characters, when trimmed, then the edges go and the inside stays', () => {
    expect(trimText('\u200B\u3000 表现良好\u00A0\uFEFF')).toBe('表现良好');
    expect(trimText('同意 任用')).toBe('同意 任用');
    expect(trimText('a\u200Bb')).toBe('a\u200Bb');
  });
});

describe('a required text field', () => {
  it.each(INVISIBLE_ONLY)('given %s, when parsed, then it is refused as required and names the field', (_, raw) => {
    const parsed = text(raw, 'reason', { required: true });
    expect(parsed).toEqual({ ok: false, error: 'reason is required: it holds only blank or invisible characters' });
  });

  it('given an empty or missing value, when parsed, then it is refused as required', () => {
    expect(text('', 'reason', { required: true })).toEqual({ ok: false, error: 'reason is required' });
    expect(text(undefined, 'reason', { required: true })).toEqual({ ok: false, error: 'reason is required' });
  });

  it('given visible text with invisible edges, when parsed, then the value to store is the trimmed text', () => {
    expect(text('\u3000调任他职\u200B ', 'reason', { required: true })).toEqual({ ok: true, value: '调任他职' });
  });

  it('given an optional field of only invisible characters, when parsed, then it is accepted as empty', () => {
    expect(text('\u200B \u3000', 'comment', { required: false })).toEqual({ ok: true, value: '' });
  });
});

describe('the procedures’ parsers refuse invisible-only required text', () => {
  const blank = ' \u200B\u3000\uFEFF';

  it('given a probation end-early reason of invisible characters, when parsed, then it is refused; a padded one is stored trimmed', () => {
    expect(parseEndEarly({ reason: blank })).toMatchObject({ ok: false, error: expect.stringContaining('reason is required') });
    expect(parseEndEarly({ reason: '\u00A0调任\u200D' })).toEqual({ ok: true, value: { reason: '调任' } });
  });

  it('given a county decision to remove with an invisible-only reason, when checked, then it is refused', () => {
    const parsed = parseOutcome({ outcome: 'remove', reason: blank });
    expect(parsed).toEqual({ ok: true, value: { outcome: 'remove', reason: '' } });
    if (!parsed.ok) throw new Error('unreachable');
    const checked = checkFinalDecision(parsed.value, { cast: 10, favourable: 9, meetsThreshold: true });
    expect(checked).toEqual({ ok: false, error: 'reason is required when removing the trial post' });
  });

  it('given evaluation, rectification and election texts of invisible characters, when parsed, then each is refused', () => {
    expect(parseSupervisorComment({ comment: blank })).toMatchObject({ ok: false, error: expect.stringContaining('comment is required') });
    expect(parseReviewRequest({ grounds: blank })).toMatchObject({ ok: false, error: expect.stringContaining('grounds is required') });
    expect(parseReport({ summary: blank })).toMatchObject({ ok: false, error: expect.stringContaining('summary is required') });
    expect(parseNomineeReview({ rejected: ['p-0001'], reason: blank })).toEqual({
      ok: false,
      error: 'reason is required to reject a nominee',
    });
  });

  it('given a names list whose entries are invisible-only, when parsed, then they count as no name', () => {
    expect(names(['张三', '\u200B', '\u3000'], 'introducers', { min: 2, max: 2 })).toEqual({
      ok: false,
      error: 'introducers must name 2 people, got 1',
    });
    expect(names('\u00A0张三\u200B,李四', 'introducers', { min: 2, max: 2 })).toEqual({ ok: true, value: ['张三', '李四'] });
  });
});

describe('the earlier text rules, for a decision replayed as it was accepted', () => {
  it('given a required reason of only spaces or a zero-width space, when parsed under the earlier rules, then it is accepted as it was', () => {
    expect(underEarlierTextRules(() => text('   ', 'reason', { required: true }))).toEqual({ ok: true, value: '' });
    expect(underEarlierTextRules(() => parseEndEarly({ reason: '\u200B' }))).toEqual({ ok: true, value: { reason: '\u200B' } });
    expect(underEarlierTextRules(() => text('', 'reason', { required: true }))).toEqual({ ok: false, error: 'reason is required' });
  });

  it('given the earlier rules ran, when a new decision is parsed, then the current rules hold again, even after a throw', () => {
    expect(() =>
      underEarlierTextRules(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(text('   ', 'reason', { required: true })).toMatchObject({ ok: false });
    expect(trimText('\u200Bx')).toBe('x');
  });
});
