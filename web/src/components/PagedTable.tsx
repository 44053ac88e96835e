/**
 * A table of one page of a list the API answers (`?limit=&offset=`, domain/wire/page.ts):
 * the pager turns pages into offsets, so a list page keeps only its offset. The registry,
 * the cadre search and the access log show their lists with it.
 */
import { Table, type TableProps } from 'antd';
import type { Page } from '../api';

export type PagedTableProps<T> = Omit<TableProps<T>, 'dataSource' | 'pagination' | 'size'> & {
  page: Page<T>;
  offset: number;
  pageSize: number;
  onOffset(offset: number): void;
};

export function PagedTable<T extends object>({ page, offset, pageSize, onOffset, ...table }: PagedTableProps<T>) {
  return (
    <Table<T>
      size="small"
      {...table}
      dataSource={page.items}
      pagination={{
        current: offset / pageSize + 1,
        pageSize,
        total: page.total,
        showSizeChanger: false,
        onChange: (p) => onOffset((p - 1) * pageSize),
      }}
    />
  );
}
