/** A read-model row that differs between the live tables and a rebuild from the log, or a stored file that differs from its event. */
export interface RowDifference {
  table: string;
  key: string;
  kind: 'changed' | 'only-in-live' | 'missing-from-live';
  /** The columns whose values differ, for a changed row. */
  columns?: string[];
}
