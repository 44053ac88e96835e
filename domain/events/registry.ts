/**
 * The registry's changes after a person or unit is first recorded: a correction of what
 * the registry holds about a person, a transfer to another unit, a retirement, a death,
 * and a unit's new name. Each is a fact with its actor in the event's metadata (the log
 * keeps who changed the registry), folded into the registry's read models by
 * activities/projections/core.ts like the events they follow (events/core.ts). The
 * decisions that produce them are domain/registryDecider.ts.
 *
 * A unit merged into another (合乡并村) is OrgUnitDissolved with `mergedInto`, in core.ts.
 */

/** The person fields the registry holds (PersonRegistered's), each given only when it changes. */
export interface PersonFields {
  name?: string;
  gender?: 'male' | 'female';
  birthYear?: number;
  /** Rank held outside any trial post. */
  rank?: string;
}

/** What the registry recorded about a person was wrong, or is out of date: the new values. */
export interface PersonCorrected {
  type: 'PersonCorrected';
  data: { personId: string; fields: PersonFields; correctedOn: string };
}

/** The person now works in another unit (调动). Posts are assigned and ended by their own events. */
export interface PersonTransferred {
  type: 'PersonTransferred';
  data: { personId: string; fromOrgUnitId: string; toOrgUnitId: string; effectiveOn: string };
}

/** The person retired (退休): off the roster, their history kept. */
export interface PersonRetired {
  type: 'PersonRetired';
  data: { personId: string; retiredOn: string };
}

/** The person died (去世): off the roster, their history kept. */
export interface PersonDied {
  type: 'PersonDied';
  data: { personId: string; diedOn: string };
}

/** A unit's new name (更名); its code and history stay. */
export interface OrgUnitRenamed {
  type: 'OrgUnitRenamed';
  data: { orgUnitId: string; name: string; previousName: string; effectiveOn: string };
}

export type RegistryChangeEvent = PersonCorrected | PersonTransferred | PersonRetired | PersonDied | OrgUnitRenamed;
