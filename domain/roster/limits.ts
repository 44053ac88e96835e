/**
 * How large a roster may be. A county's roster is a few thousand rows in a file of a few
 * hundred kilobytes; the limits leave ample room for that and refuse what is not a roster
 * before it costs memory: a huge file, a workbook that expands far beyond its size when
 * unzipped (a zip bomb), or a sheet of a million rows. Shared by the CLI and the API.
 */
export interface RosterLimits {
  maxFileBytes: number;
  maxUnzippedBytes: number;
  maxCompressionRatio: number;
  ratioCheckedAboveBytes: number;
  maxEntries: number;
  maxRangeCells: number;
  maxRows: number;
}

export const ROSTER_LIMITS: Readonly<RosterLimits> = {
  /** The .xlsx file as uploaded. */
  maxFileBytes: 10 * 1024 * 1024,
  /** All parts of the workbook together once unzipped. */
  maxUnzippedBytes: 100 * 1024 * 1024,
  /** One part unzipped, against its compressed size: sheet XML compresses 5–20×, a bomb thousands of times. */
  maxCompressionRatio: 200,
  /** Parts smaller than this unzipped are not held to the ratio: a tiny part of repeated XML can compress well past it. */
  ratioCheckedAboveBytes: 1024 * 1024,
  /** Parts in the workbook's zip (a roster has about a dozen). */
  maxEntries: 200,
  /**
   * Cells that a sheet's data validations and merged ranges cover, all sheets together.
   * exceljs expands each such range into one entry per cell as it reads, so a range over a
   * whole sheet (A1:XFD1048576, a few bytes of XML) would cost it billions; the template's
   * drop-down lists cover about 200,000.
   */
  maxRangeCells: 1_000_000,
  /** Data rows on one sheet (the header not counted). */
  maxRows: 20_000,
};
