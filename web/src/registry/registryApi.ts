/**
 * The registry's reads and changes as the registry pages call them
 * (client/api/routes/registry.ts, registryChanges.ts). A change's body is a form in the
 * roster's terms; the server checks it with the roster's checks and answers what it
 * recorded, or a problem with the reason in both languages.
 */
import type { OrgUnit } from '../../../domain/wire/orgUnit';
import type { PersonListItem } from '../../../domain/wire/personListItem';
import type { PersonView } from '../../../domain/wire/personView';
import type { PostLine } from '../../../domain/wire/postLine';
import type { RegistryChangeResult } from '../../../domain/wire/registryChangeResult';
import { api, enc, type Page } from '../api';

export type { OrgUnit, PersonListItem, PersonView, PostLine, RegistryChangeResult };

export const listPeople = (q: { name?: string; township?: string; offset: number; limit: number }) => {
  const params = new URLSearchParams({ limit: String(q.limit), offset: String(q.offset) });
  if (q.name) params.set('name', q.name);
  if (q.township) params.set('township', q.township);
  return api<Page<PersonListItem>>('GET', `/registry/people?${params.toString()}`);
};
/** `reveal`: the whole ID and phone numbers (county staff only; the server records the view). */
export const getPerson = (personId: string, reveal = false) =>
  api<PersonView>('GET', `/registry/people/${enc(personId)}${reveal ? '?reveal=all' : ''}`);
export const listUnits = () => api<OrgUnit[]>('GET', '/registry/org-units?dissolved=true');

type Form = Record<string, string | null | undefined>;
/** The form's Idempotency-Key: one per opening of a form, so a resent submission writes once. */
const keyed = (key: string | undefined): Record<string, string> => (key ? { 'idempotency-key': key } : {});
/** Blank optional fields are left out (a correction sends only what it changes). */
const filled = (form: Form) => Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined && v !== ''));

export const registerPerson = (form: Form, key?: string) => api<RegistryChangeResult>('POST', '/registry/people', filled(form), keyed(key));
export const correctPerson = (personId: string, fields: Form, key?: string) =>
  api<RegistryChangeResult>('PATCH', `/registry/people/${enc(personId)}`, fields, keyed(key));
export const transferPerson = (personId: string, form: Form, key?: string) =>
  api<RegistryChangeResult>('POST', `/registry/people/${enc(personId)}/transfer`, filled(form), keyed(key));
export const retirePerson = (personId: string, form: Form, key?: string) =>
  api<RegistryChangeResult>('POST', `/registry/people/${enc(personId)}/retire`, filled(form), keyed(key));
export const recordDeath = (personId: string, form: Form, key?: string) =>
  api<RegistryChangeResult>('POST', `/registry/people/${enc(personId)}/death`, filled(form), keyed(key));
export const appoint = (personId: string, form: Form, key?: string) =>
  api<RegistryChangeResult>('POST', `/registry/people/${enc(personId)}/posts`, filled(form), keyed(key));
export const endPost = (assignmentId: string, form: Form, key?: string) =>
  api<RegistryChangeResult>('POST', `/registry/posts/${enc(assignmentId)}/end`, filled(form), keyed(key));
export const addUnit = (form: Form, key?: string) => api<RegistryChangeResult>('POST', '/registry/org-units', filled(form), keyed(key));
export const renameUnit = (orgUnitId: string, form: Form, key?: string) =>
  api<RegistryChangeResult>('PATCH', `/registry/org-units/${enc(orgUnitId)}`, filled(form), keyed(key));
export const dissolveUnit = (orgUnitId: string, form: Form, key?: string) =>
  api<RegistryChangeResult>('POST', `/registry/org-units/${enc(orgUnitId)}/dissolve`, filled(form), keyed(key));
