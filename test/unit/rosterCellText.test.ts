import { describe, expect, it } from 'vitest';
import type { Cell } from 'exceljs';
import { cellText } from '../../client/roster/workbookRead';

const cell = (value: unknown) => ({ value }) as unknown as Cell;

describe('a workbook cell as the roster reads it', () => {
  it('given text, numbers and empty cells, when read, then they are the text shown', () => {
    expect(cellText(cell('王建国'))).toBe('王建国');
    expect(cellText(cell(197503))).toBe('197503');
    expect(cellText(cell(null))).toBe('');
    expect(cellText(cell(undefined))).toBe('');
  });

  it('given a cell Excel holds as a date, when read, then it is its year and month', () => {
    expect(cellText(cell(new Date(Date.UTC(1975, 2, 15))))).toBe('1975.03');
  });

  it('given rich text, a formula and a hyperlink, when read, then each is the text it shows', () => {
    expect(cellText(cell({ richText: [{ text: '城关' }, { text: '镇' }] }))).toBe('城关镇');
    expect(cellText(cell({ formula: 'A1', result: '副科级' }))).toBe('副科级');
    expect(cellText(cell({ formula: 'A1', result: new Date(Date.UTC(2021, 5, 1)) }))).toBe('2021.06');
    expect(cellText(cell({ text: '13812345678', hyperlink: 'tel:13812345678' }))).toBe('13812345678');
    expect(cellText(cell({ error: '#N/A' }))).toBe('#N/A');
  });
});
