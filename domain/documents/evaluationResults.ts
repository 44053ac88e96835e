/**
 * 考核结果汇总表: an evaluation round's grades as the read models hold them, per unit of
 * assessment, each unit closed by its 优秀 quota line (the quota it was graded under
 * against the 优秀 that stand now). Pure: the rows come from the rows given, in a fixed
 * order (unit id, then person id), so writing the sheet again gives the same text.
 */
import { gradeLabel, type Grade, type UnitKind } from '../grades';

export interface ResultRound {
  roundId: string;
  year: number;
  scope: string;
  quotaPercent: number;
}

export interface ResultUnit {
  unitId: string;
  unitKind: UnitKind;
  townshipId: string;
  assessed: number;
  allowedExcellent: number;
  approval: { percent: number; reference: string; approvedOn: string | null } | null;
}

export interface ResultCadre {
  personId: string;
  name: string;
  unitId: string;
  unitKind: UnitKind;
  orgUnitName: string;
  title: string | null;
  grade: Grade | null;
  gradeStatus: 'pending' | 'fixed' | 'final';
}

/** One line of the sheet: a unit's heading, a person, or the unit's quota line. */
export type ResultLine =
  | { kind: 'unit'; text: string }
  | { kind: 'person'; cells: [number, string, string, string, string, string] }
  | { kind: 'quota'; text: string; over: boolean };

export const RESULT_HEADERS = ['序号', '姓名', '所在单位', '现任职务', '考核等次', '等次状态'] as const;

const STATUS_ZH: Record<ResultCadre['gradeStatus'], string> = {
  pending: '未评定',
  fixed: '已评定（复核申诉期内）',
  final: '已确定',
};

const UNIT_KIND_ZH: Record<UnitKind, string> = { organ: '乡镇机关', village: '村（社区）', 'public-institution': '事业单位' };

/** `ts-03+ts-05` → 乡镇甲、乡镇乙; `county` → 全县. */
export function scopeText(scope: string, townshipNames: ReadonlyMap<string, string>): string {
  if (scope === 'county') return '全县';
  return scope
    .split('+')
    .map((t) => townshipNames.get(t) ?? t)
    .join('、');
}

export function resultSheetTitle(round: ResultRound, townshipNames: ReadonlyMap<string, string>, township: string | null): string {
  const part = township === null ? scopeText(round.scope, townshipNames) : (townshipNames.get(township) ?? township);
  return `${round.year}年度考核结果汇总表（${part}）`;
}

/** The quota line: allowed against granted, and the basis of the allowance. */
export function quotaLine(unit: ResultUnit, excellent: number, quotaPercent: number): { text: string; over: boolean } {
  const basis = unit.approval
    ? `经批复（${unit.approval.reference}${unit.approval.approvedOn ? `，${unit.approval.approvedOn}` : ''}）按 ${unit.approval.percent}% 计`
    : `按 ${quotaPercent}% 计`;
  const over = excellent > unit.allowedExcellent;
  return {
    text: `优秀名额：参加考核 ${unit.assessed} 人，${basis}，可评优秀 ${unit.allowedExcellent} 名；已评优秀 ${excellent} 名${over ? `，超出 ${excellent - unit.allowedExcellent} 名` : ''}。`,
    over,
  };
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function resultLines(
  round: ResultRound,
  units: readonly ResultUnit[],
  cadres: readonly ResultCadre[],
  townshipNames: ReadonlyMap<string, string>,
): ResultLine[] {
  const lines: ResultLine[] = [];
  for (const unit of [...units].sort((a, b) => byId(a.unitId, b.unitId))) {
    const people = cadres.filter((c) => c.unitId === unit.unitId).sort((a, b) => byId(a.personId, b.personId));
    const township = townshipNames.get(unit.townshipId) ?? unit.townshipId;
    lines.push({ kind: 'unit', text: `考核单位：${township}${UNIT_KIND_ZH[unit.unitKind]}（${unit.unitId}）` });
    people.forEach((c, i) =>
      lines.push({
        kind: 'person',
        cells: [i + 1, c.name, c.orgUnitName, c.title ?? '', c.grade ? gradeLabel(c.grade, c.unitKind) : '', STATUS_ZH[c.gradeStatus]],
      }),
    );
    const excellent = people.filter((c) => c.grade === 'excellent').length;
    lines.push({ kind: 'quota', ...quotaLine(unit, excellent, round.quotaPercent) });
  }
  return lines;
}
