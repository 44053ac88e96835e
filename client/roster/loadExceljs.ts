/**
 * exceljs, loaded when a roster workbook is written or read and not at the CLI's start
 * (it is a large module). It is CommonJS that assigns its exports as one object, which
 * an ESM loader (vitest, tsx running a .ts entry as ESM) shows only as `default`, and a
 * CommonJS `require` shows as the object itself: either way the same classes come out.
 */
export type Exceljs = typeof import('exceljs');

export async function loadExceljs(): Promise<Exceljs> {
  const mod = (await import('exceljs')) as Exceljs & { default?: Exceljs };
  return mod.default ?? mod;
}
