import { describe, expect, it } from 'vitest';
import { readRosterWorkbook } from '../../client/roster/workbookRead';
import { writeRosterWorkbook } from '../../client/roster/workbookWrite';
import { ORG_UNIT_HEADERS, PERSON_HEADERS, rosterFromRegistry } from '../../domain/roster/fromRegistry';
import { demoRegistry } from '../support/demoRegistry';

describe('the roster workbook, written and read back', () => {
  it('given the template, when read, then both sheets have the template’s headers and no rows', async () => {
    const input = await readRosterWorkbook(await writeRosterWorkbook());
    expect(input).toEqual({ people: { headers: PERSON_HEADERS, rows: [] }, orgUnits: { headers: ORG_UNIT_HEADERS, rows: [] } });
  });

  it('given the demo county’s rows, when written and read, then every cell comes back as the same text at the same row', async () => {
    const rows = rosterFromRegistry(demoRegistry());
    const input = await readRosterWorkbook(await writeRosterWorkbook(rows));
    // The reader keeps a trailing empty cell as ''; the writer's rows have one per column too.
    expect(input.people!.rows).toEqual(rows.people.map((cells, i) => ({ row: i + 2, cells })));
    expect(input.orgUnits!.rows).toEqual(rows.orgUnits.map((cells, i) => ({ row: i + 2, cells })));
  });
});
