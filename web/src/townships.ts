/**
 * Townships by name. People read 红门乡, not ts-01: the registry's township units are
 * loaded once per page load (GET /registry/org-units?kind=township, which narrows a
 * township member to their own) and every page asks `useTownshipName` for a name. An id
 * the registry does not know is shown as it is rather than hidden. An admin reads no
 * registry: their names are the townships an account can be given (GET /users/townships).
 */
import { useEffect, useState } from 'react';
import { getAccountTownships } from './accountsApi';
import { getTownships, type Role } from './api';

let loaded: Promise<Map<string, string>> | undefined;
let source: () => Promise<Array<{ orgUnitId: string; name: string }>> = getTownships;

function load(): Promise<Map<string, string>> {
  loaded ??= source().then(
    (units) => new Map(units.map((u) => [u.orgUnitId, u.name])),
    (err: unknown) => {
      // A failed load (signed out, network) is tried again by the next page that asks.
      loaded = undefined;
      throw err;
    },
  );
  return loaded;
}

/** Forgets the names (after signing out: the next user may see other townships), and asks where `role` may. */
export function forgetTownships(role?: Role): void {
  loaded = undefined;
  source = role === 'admin' ? getAccountTownships : getTownships;
}

/** The townships by name, in id order, for a picker: undefined while they load, null if they cannot. */
export function useTownships(): Array<{ id: string; name: string }> | null | undefined {
  const [list, setList] = useState<Array<{ id: string; name: string }> | null>();
  useEffect(() => {
    let live = true;
    load().then(
      (m) => live && setList([...m].map(([id, name]) => ({ id, name }))),
      () => live && setList(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return list;
}

/** A function from a township id to its name: `…` until the names arrive, the id if they cannot. */
export function useTownshipName(): (id: string | null | undefined) => string {
  const [names, setNames] = useState<Map<string, string> | null | undefined>();
  useEffect(() => {
    let live = true;
    load().then(
      (m) => live && setNames(m),
      () => live && setNames(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return (id) => (!id ? '' : names === undefined ? '…' : (names?.get(id) ?? id));
}
