import { describe, expect, it } from 'vitest';
import { REFUSALS } from '../../workflows/kit/messages';
import { refusalText } from '../../web/src/refusals';

describe('refusals in the web UI', () => {
  it('gives every reason a case can refuse with its own text, and anything else the plain refusal', () => {
    const keys = REFUSALS.map((r) => refusalText(r));
    expect(keys).not.toContain('refusalOther');
    expect(new Set(keys).size).toBe(REFUSALS.length);
    expect(refusalText(undefined)).toBe('refusalOther');
    expect(refusalText('toString')).toBe('refusalOther');
    expect(refusalText('SomethingNew')).toBe('refusalOther');
  });
});
