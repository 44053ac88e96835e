/**
 * One cadre as the registry's API answers them (GET /registry/people/:personId): the list's
 * fields, the details the registry keeps (ID and phone numbers masked unless revealed) and
 * every post held. The wire type, written once for the server (client/api/routes/registry.ts)
 * and the web UI (web/src/registry/registryApi.ts). Type-only.
 */
import type { PersonDetails } from '../events/registry';
import type { PersonListItem } from './personListItem';
import type { PostLine } from './postLine';

export interface PersonView extends PersonListItem {
  details: PersonDetails;
  posts: PostLine[];
}
