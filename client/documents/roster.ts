/**
 * 名册: the registry as a roster workbook, the layout `cadreflow registry export` writes
 * (client/roster/workbookWrite.ts), for the whole county or one township's part of it.
 * The ID and phone numbers whole only for county staff (recorded), else masked.
 */
import { townshipRegistry } from '../../domain/documents/townshipRoster';
import { rosterFromRegistry, type RosterRows } from '../../domain/roster/fromRegistry';
import type { DB } from '../../schema/db';
import { exportRegistrySnapshot, readRegistrySnapshot } from '../roster/registrySnapshot';
import type { RegistrySnapshot } from '../../domain/roster/registry';
import { maskDetails } from '../../domain/personalData';
import type { AccessBy } from '../api/accessLog';
import type { PersonalDataCipher } from '../crypto/personalData';
import { writeRosterWorkbook } from '../roster/workbookWrite';

/**
 * Who asks decides how ID and phone numbers go out: `whole` (county staff, the CLI on the
 * server) carries them whole, as a roster that goes back into a registry must, and the
 * export is recorded in the access log; anyone else gets them masked.
 */
export type RosterReader = { whole: true; by: AccessBy } | { whole: false };

export async function readRosterRows(
  db: DB,
  township: string | null,
  reader: RosterReader,
  personalData?: PersonalDataCipher,
): Promise<RosterRows> {
  const registry = reader.whole
    ? await exportRegistrySnapshot(db, reader.by, personalData)
    : maskedRegistry(await readRegistrySnapshot(db, personalData));
  return rosterFromRegistry(township === null ? registry : townshipRegistry(registry, township));
}

function maskedRegistry(registry: RegistrySnapshot): RegistrySnapshot {
  return { ...registry, people: registry.people.map((p) => ({ ...p, details: maskDetails(p.details) })) };
}

export const writeRoster = (rows: RosterRows): Promise<Buffer> => writeRosterWorkbook(rows);

export function rosterFileName(township: string | null): { name: string; ascii: string } {
  const suffix = township ? `-${township}` : '';
  return { name: `干部名册${suffix}.xlsx`, ascii: `roster${suffix}.xlsx` };
}
