/**
 * The structure statistics as a workbook (班子结构统计.xlsx): one sheet per division (年龄,
 * 学历, 性别, 民族, 一肩挑), a row per township and one for the whole, so the figures can be
 * pasted into a report. exceljs is loaded only when a workbook is written.
 */
import { AGE_BANDS } from '../../domain/cadres/ages';
import { EDUCATION_LEVELS } from '../../domain/cadres/education';
import { HAN, NOT_RECORDED, type StructureStats } from '../../domain/cadres/statistics';
import { loadExceljs } from '../roster/loadExceljs';

/** The sheet names, which the API test and the docs refer to. */
export const STATISTICS_SHEETS = ['年龄结构', '学历结构', '性别结构', '民族结构', '一肩挑'] as const;

export async function statisticsWorkbook(total: StructureStats, townships: readonly StructureStats[], day: string): Promise<Buffer> {
  const { Workbook } = await loadExceljs();
  const wb = new Workbook();
  wb.creator = 'cadreflow';
  const rows = total.townshipId === null ? [...townships, total] : [total];
  const label = (s: StructureStats) => (s.townshipId === null ? `${s.name}（合计）` : s.name);
  const minorities = [...new Set(rows.flatMap((s) => Object.keys(s.ethnicity.groups)))].filter((g) => g !== HAN).sort();

  const sheet = (name: string, headers: string[], cells: (s: StructureStats) => Array<number | string>) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([`统计日期 ${day}`]);
    ws.addRow(['单位', '人数', ...headers]).font = { bold: true };
    for (const s of rows) ws.addRow([label(s), s.people, ...cells(s)]);
    ws.getColumn(1).width = 18;
  };
  sheet(
    '年龄结构',
    AGE_BANDS.map((b) => b.key),
    (s) => AGE_BANDS.map((b) => s.ageBands[b.key]),
  );
  const levels = [...EDUCATION_LEVELS, NOT_RECORDED] as const;
  sheet('学历结构', [...levels], (s) => levels.map((l) => s.education[l]));
  sheet('性别结构', ['男', '女'], (s) => [s.gender.male, s.gender.female]);
  sheet('民族结构', [HAN, '少数民族', ...minorities, NOT_RECORDED], (s) => [
    s.ethnicity.han,
    s.ethnicity.minority,
    ...minorities.map((g) => s.ethnicity.groups[g] ?? 0),
    s.ethnicity.notRecorded,
  ]);
  const ws = wb.addWorksheet('一肩挑');
  ws.addRow([`统计日期 ${day}`]);
  ws.addRow(['单位', '村数', '一肩挑村数', '占比']).font = { bold: true };
  for (const s of rows) {
    const { villages, crossAppointed, share } = s.crossAppointed;
    ws.addRow([label(s), villages, crossAppointed, share === null ? '' : share]);
  }
  ws.getColumn(4).numFmt = '0.0%';
  ws.getColumn(1).width = 18;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 班子结构统计-2025-06-15.xlsx, with the township's name when it is one township's. */
export function statisticsFileName(total: StructureStats, day: string): string {
  return `班子结构统计-${total.townshipId === null ? '' : `${total.name}-`}${day}.xlsx`;
}
