/**
 * How the registry's changes (domain/events/registry.ts) change the registry rows, in the
 * core's fold (core.ts), so an append and a rebuild apply them alike:
 * - PersonCorrected sets the fields it names on `people` and `person_details`; the others stay.
 * - PersonTransferred moves `people.org_unit_id`, and the township with it; the person's
 *   posts are their own events' business.
 * - PersonRetired / PersonDied record the departure in `person_departures`; a death after a
 *   retirement replaces it (the roster then says why the person is gone for good).
 * - OrgUnitRenamed sets the unit's name.
 */
import type { RegistryChangeEvent } from '../../domain/events';
import { assertNever } from '../../domain/events';
import { correctDetails } from './personDetails';
import type { ReadModelState } from './state';

export function applyRegistryChange(s: ReadModelState, event: RegistryChangeEvent): void {
  switch (event.type) {
    case 'PersonCorrected': {
      const f = event.data.fields;
      s.patch('people', event.data.personId, {
        ...(f.name !== undefined ? { name: f.name } : {}),
        ...(f.gender !== undefined ? { gender: f.gender } : {}),
        ...(f.birthYear !== undefined ? { birth_year: f.birthYear } : {}),
        ...(f.rank !== undefined ? { rank: f.rank } : {}),
      });
      correctDetails(s, event.data.personId, f);
      return;
    }
    case 'PersonTransferred': {
      const d = event.data;
      s.patch('people', d.personId, { org_unit_id: d.toOrgUnitId, township_id: s.get('org_units', d.toOrgUnitId)?.township_id ?? null });
      return;
    }
    case 'PersonRetired':
      s.put('person_departures', { person_id: event.data.personId, reason: 'retired', departed_on: event.data.retiredOn });
      return;
    case 'PersonDied':
      s.put('person_departures', { person_id: event.data.personId, reason: 'died', departed_on: event.data.diedOn });
      return;
    case 'OrgUnitRenamed':
      s.patch('org_units', event.data.orgUnitId, { name: event.data.name });
      return;
    case 'AppointmentFormRecorded':
      // No read model: the LRMX export reads the latest form from the person's stream.
      return;
    default:
      assertNever(event, 'registry change');
  }
}
