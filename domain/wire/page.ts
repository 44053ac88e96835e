/**
 * One page of a list the API answers (`?limit=&offset=`): the wire type, written once for
 * the server's routes and the web UI (web/src/api.ts). Type-only.
 */
export interface Page<T> {
  items: T[];
  /** How many there are in all, on every page. */
  total: number;
  limit: number;
  offset: number;
}
