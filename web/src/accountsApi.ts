/**
 * The accounts page's calls (client/api/routes/users.ts, the admin's only business): every
 * account, the townships an account can be given, creating one and changing one. A
 * generated or reset password comes back once, in the answer that made it.
 */
import { api, enc, type Role, type User } from './api';

export interface NewAccount {
  login: string;
  role: Role;
  displayName?: string;
  townshipId?: string;
  /** Omitted: the server generates one and answers it once. */
  password?: string;
}

export interface AccountChanges {
  displayName?: string;
  disabled?: boolean;
  resetPassword?: true;
  role?: Role;
  townshipId?: string;
}

export const listAccounts = () => api<User[]>('GET', '/users');
export const getAccountTownships = () => api<Array<{ orgUnitId: string; name: string }>>('GET', '/users/townships');
export const createAccount = (account: NewAccount) => api<{ user: User; password?: string }>('POST', '/users', account);
export const changeAccount = (login: string, changes: AccountChanges) =>
  api<{ user: User; password?: string }>('PATCH', `/users/${enc(login)}`, changes);
