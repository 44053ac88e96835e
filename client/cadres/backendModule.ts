/**
 * Cadre search and structure statistics as a backend module, so `cadreflow registry
 * search|stats` work against a database of their own or a running `cadreflow up`.
 */
import type { CadreHit, CadreQuery } from '../../domain/cadres/search';
import type { BackendModule } from '../backend';
import { cadreStatistics, searchCadres, type CadreStatistics } from './service';

export interface CadresBackend {
  search(query: CadreQuery, day: string): Promise<CadreHit[]>;
  statistics(township: string | null, day: string): Promise<CadreStatistics>;
}

export const cadresBackend: BackendModule<CadresBackend> = {
  name: 'cadres',
  create: ({ db }) => ({
    search: (query, day) => searchCadres(db, query, undefined, day),
    statistics: (township, day) => cadreStatistics(db, township ?? undefined, day),
  }),
};
