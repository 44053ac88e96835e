/**
 * The dry-run's report as the CLI prints it: every problem (sheet, row, column, value,
 * expected form, in Chinese and English), then what the import would change — units and
 * people new, changed (each changed cell, before → after) and unchanged, and how many in
 * the registry the file leaves as they are.
 */
import type { ChangeSummary, RosterChanges } from '../../domain/roster/changes';
import type { CheckedRoster } from '../../domain/roster/checkRoster';
import { formatProblem, SHEET_NAMES } from '../../domain/roster/problems';

/** New rows listed by name before the rest are only counted: a new county's roster is all new. */
const NEW_LISTED = 20;

/** `writing`: the import writes what the report lists (no --dry-run); the heading says so instead of "nothing written". */
export function renderRosterReport(file: string, checked: CheckedRoster, changes: RosterChanges, writing = false): string {
  const lines: string[] = [];
  lines.push(
    `${file}: ${SHEET_NAMES.orgUnits.zh} ${checked.rows.orgUnits} 行, ${SHEET_NAMES.people.zh} ${checked.rows.people} 行 / ` +
      `${checked.rows.orgUnits} org-unit rows, ${checked.rows.people} people rows`,
  );
  if (checked.problems.length > 0) {
    lines.push('', `问题 ${checked.problems.length} 个 / ${checked.problems.length} problems:`);
    for (const p of checked.problems) lines.push(formatProblem(p));
  } else lines.push('', '没有问题 / no problems');
  lines.push(
    '',
    checked.problems.length === 0
      ? writing
        ? '导入变更 / what the import changes:'
        : '导入将变更（尚未写入）/ what the import would change (nothing written):'
      : '无问题的行将变更（有问题时整个文件都不会导入，尚未写入）/ what the rows without problems would change (while any problem remains nothing is imported; nothing written):',
  );
  lines.push(...section('org units', SHEET_NAMES.orgUnits.zh, changes.orgUnits));
  lines.push(...section('people', SHEET_NAMES.people.zh, changes.people));
  return lines.join('\n');
}

function section(en: string, zh: string, s: ChangeSummary): string[] {
  const out = [
    `${zh}：新增 ${s.new}，变更 ${s.changed}，不变 ${s.unchanged}，系统中有而文件中没有 ${s.notInFile}（保持不变）` +
      ` / ${en}: ${s.new} new, ${s.changed} changed, ${s.unchanged} unchanged, ${s.notInFile} in the registry but not in the file (left as they are)`,
  ];
  const added = s.items.filter((i) => i.kind === 'new');
  for (const i of added.slice(0, NEW_LISTED)) out.push(`  + 第${i.row}行 ${i.name}${i.id ? `（${i.id}）` : ''} / row ${i.row}: new`);
  if (added.length > NEW_LISTED) out.push(`  + … 另有 ${added.length - NEW_LISTED} 个 / and ${added.length - NEW_LISTED} more`);
  for (const i of s.items.filter((x) => x.kind === 'changed')) {
    const cells = i.changes.map((c) => `${c.column} ${c.before || '（空）'} → ${c.after || '（空）'}`).join('；');
    out.push(`  ~ 第${i.row}行 ${i.name}（${i.id}）：${cells} / row ${i.row}: changed`);
  }
  return out;
}
