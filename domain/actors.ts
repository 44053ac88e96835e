/**
 * Who may act. A township committee acts only inside its own township; the county
 * organization department acts county-wide; auditors never decide.
 */
export const ROLES = ['county-org-dept', 'township-committee', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** A user id (login name); stamped by the caller from an authenticated session. */
  readonly id: string;
  readonly role: Role;
  /** Org unit id of the township a township-committee member belongs to. */
  readonly townshipId?: string;
  /**
   * The login of the admin who entered this decision on the actor's behalf (the CLI's
   * `--as`, e.g. from a paper record); absent when the actor decided in person.
   */
  readonly enteredBy?: string;
}

export const COUNTY_ORG_DEPT = 'county-org-dept' satisfies Role;
export const TOWNSHIP_COMMITTEE = 'township-committee' satisfies Role;

/** An actor in one line, as the CLI and the audit print it: `ts-03-committee (township-committee ts-03)`. */
export function describeActor(a: Actor | undefined): string {
  if (!a) return 'nobody';
  // An admin's --as entry names both: whom it was entered for, and who entered it.
  return `${a.id} (${a.role}${a.townshipId ? ` ${a.townshipId}` : ''})${a.enteredBy ? `, entered by ${a.enteredBy}` : ''}`;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
