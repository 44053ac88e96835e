/**
 * An account as the API answers it (GET /auth/me, /users): the wire type, written once for
 * the server (client/api/accounts.ts) and the web UI (web/src/api.ts). Type-only.
 */
import type { Role } from '../actors';

export interface User {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  townshipId: string | null;
  disabled: boolean;
  createdAt: string;
}
