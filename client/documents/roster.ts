/**
 * 名册: the registry as a roster workbook, the layout `cadreflow registry export` writes
 * (client/roster/workbookWrite.ts), for the whole county or one township's part of it.
 */
import { townshipRegistry } from '../../domain/documents/townshipRoster';
import { rosterFromRegistry, type RosterRows } from '../../domain/roster/fromRegistry';
import type { DB } from '../../schema/db';
import { readRegistrySnapshot } from '../roster/registrySnapshot';
import { writeRosterWorkbook } from '../roster/workbookWrite';

export async function readRosterRows(db: DB, township: string | null): Promise<RosterRows> {
  const registry = await readRegistrySnapshot(db);
  return rosterFromRegistry(township === null ? registry : townshipRegistry(registry, township));
}

export const writeRoster = (rows: RosterRows): Promise<Buffer> => writeRosterWorkbook(rows);

export function rosterFileName(township: string | null): { name: string; ascii: string } {
  const suffix = township ? `-${township}` : '';
  return { name: `干部名册${suffix}.xlsx`, ascii: `roster${suffix}.xlsx` };
}
