/**
 * The search and the statistics over the database, for the API and the CLI alike: read
 * the records (records.ts), apply the pure rules (domain/cadres/), as of `day`.
 */
import { hitOf, matchesCadre, type CadreHit, type CadreQuery } from '../../domain/cadres/search';
import { structureStatistics, type StructureStats } from '../../domain/cadres/statistics';
import type { DB } from '../../schema/db';
import { readCadreData } from './records';

/** Every match, in person-id order; `township` confines the read (a township member's scope). */
export async function searchCadres(db: DB, query: CadreQuery, township: string | undefined, day: string): Promise<CadreHit[]> {
  const data = await readCadreData(db, township);
  return data.records.filter((r) => matchesCadre(r, query, day, data.unitsUnder)).map((r) => hitOf(r, day));
}

export interface CadreStatistics {
  day: string;
  /** The county's, or the one township's when confined to it. */
  total: StructureStats;
  townships: StructureStats[];
}

export async function cadreStatistics(db: DB, township: string | undefined, day: string): Promise<CadreStatistics> {
  const data = await readCadreData(db, township);
  const stats = structureStatistics(data.records, data.villages, data.townships, { name: data.countyName }, day);
  // One township's: its own row is the total.
  const total = township ? (stats.townships[0] ?? { ...stats.county, townshipId: township, name: township }) : stats.county;
  return { day, total, townships: stats.townships };
}
