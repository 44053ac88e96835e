/**
 * Who a CLI command acts as (client/actorArgs.ts `actingActor`): the account `--user`
 * names, with an admin's `--as` recorded as entered by the admin; and the decision its
 * `--data` and `--field`s make (`parseFields`).
 */
import { describe, expect, it } from 'vitest';
import { actingActor, COUNTY_ROLES, DECIDING_ROLES, parseFields, type Account } from '../../client/actorArgs';

const ACCOUNTS: Record<string, Account> = {
  'org-staff': { login: 'org-staff', role: 'county-org-dept', townshipId: null, disabled: false },
  'org-admin': { login: 'org-admin', role: 'admin', townshipId: null, disabled: false },
  'ts-03-committee': { login: 'ts-03-committee', role: 'township-committee', townshipId: 'ts-03', disabled: false },
  'old-staff': { login: 'old-staff', role: 'county-org-dept', townshipId: null, disabled: true },
  auditor: { login: 'auditor', role: 'auditor', townshipId: null, disabled: false },
};
const lookup = (login: string) => Promise.resolve(ACCOUNTS[login] ?? null);

describe('actingActor', () => {
  it('records the account itself: login, role and township', async () => {
    await expect(actingActor('ts-03-committee', lookup, 'decide', DECIDING_ROLES)).resolves.toEqual({
      id: 'ts-03-committee',
      role: 'township-committee',
      townshipId: 'ts-03',
    });
    await expect(actingActor('org-staff', lookup, 'probation start', COUNTY_ROLES)).resolves.toEqual({
      id: 'org-staff',
      role: 'county-org-dept',
    });
  });

  it('refuses no account, an unknown or disabled one, and a role that may not act', async () => {
    await expect(actingActor(undefined, lookup, 'decide', DECIDING_ROLES)).rejects.toThrow(
      /^decide acts as an account: name it with --user <login>/,
    );
    await expect(actingActor('nobody', lookup, 'decide', DECIDING_ROLES)).rejects.toThrow(/^no account "nobody"/);
    await expect(actingActor('old-staff', lookup, 'decide', DECIDING_ROLES)).rejects.toThrow('account "old-staff" is disabled');
    await expect(actingActor('auditor', lookup, 'decide', DECIDING_ROLES)).rejects.toThrow(
      'decide is for county-org-dept or township-committee; auditor is auditor',
    );
    await expect(actingActor('ts-03-committee', lookup, 'evaluation start', COUNTY_ROLES)).rejects.toThrow(
      'evaluation start is for county-org-dept; ts-03-committee is township-committee',
    );
  });

  it('takes --as only from an admin, and records who entered it', async () => {
    await expect(actingActor('org-admin', lookup, 'decide', DECIDING_ROLES, { as: 'ts-03:李华' })).resolves.toEqual({
      id: '李华',
      role: 'township-committee',
      townshipId: 'ts-03',
      enteredBy: 'org-admin',
    });
    await expect(
      actingActor('org-admin', lookup, 'decide', DECIDING_ROLES, { as: 'wang', role: 'township-committee', township: 'ts-05' }),
    ).resolves.toEqual({
      id: 'wang',
      role: 'township-committee',
      townshipId: 'ts-05',
      enteredBy: 'org-admin',
    });
    await expect(actingActor('org-staff', lookup, 'decide', DECIDING_ROLES, { as: 'ts-03' })).rejects.toThrow(
      '--as is only for an admin account; org-staff is county-org-dept and acts as itself (drop --as)',
    );
    // An admin acting as an auditor still may not decide.
    await expect(actingActor('org-admin', lookup, 'decide', DECIDING_ROLES, { as: 'x', role: 'auditor' })).rejects.toThrow(
      'decide is for county-org-dept or township-committee; --as x is auditor',
    );
    // Without --as an admin is an admin, and admins do not decide.
    await expect(actingActor('org-admin', lookup, 'decide', DECIDING_ROLES)).rejects.toThrow('org-admin is admin');
    await expect(actingActor('org-staff', lookup, 'decide', DECIDING_ROLES, { role: 'auditor' })).rejects.toThrow(
      '--role and --township go with an admin’s --as',
    );
  });
});

describe('parseFields', () => {
  it('refuses a --data that is not one JSON object before anything is sent', () => {
    expect(() => parseFields([], '[1,2]')).toThrow(
      `--data: the decision must be a JSON object of the step's fields ({"field": value, …}), got a list`,
    );
    expect(() => parseFields(['votes.p1=3'], 'null')).toThrow(/got null$/);
    expect(parseFields(['votes.p1=3'], '{"due":9}')).toEqual({ due: 9, votes: { p1: 3 } });
  });
});
