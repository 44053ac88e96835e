/**
 * roster-import: a county's roster (名册) of 3,000 people and its 197 units, written as an
 * .xlsx by the project's own writer (client/roster/workbookWrite.ts), imported into a
 * fresh PostgreSQL database by the path `cadreflow registry import` takes
 * (client/commands/registry.ts): the file read (readRosterWorkbook), the registry's
 * snapshot read and every row checked (checkRoster), the plan made (planRosterImport),
 * and the events appended in one batch with the read models (writeRosterImport). Timed by
 * step; also the dry-run (everything but the write) on the empty registry, and the same
 * file imported a second time, which writes nothing.
 *
 * Baseline: one multi-row INSERT of the same 3,000 people rows (every cell as text) into
 * a plain table with no constraints, through the same driver — the floor of getting the
 * rows into PostgreSQL at all. The ratio is import time / INSERT time.
 *
 * Each round runs in a database of its own (created, migrated, dropped): the INSERT, the
 * dry-run, the import, the second import, the INSERT again (the two INSERTs averaged).
 * The figures are the medians over the rounds. Everything runs in this process, exceljs
 * and the modules loaded before the first timing: a `cadreflow` process adds its own
 * start-up (cli-startup) to each.
 */
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { readRegistrySnapshot } from '../client/roster/registrySnapshot';
import { sha256Hex, writeRosterImport } from '../client/roster/importWrite';
import { renderRosterReport } from '../client/roster/report';
import { readRosterWorkbook } from '../client/roster/workbookRead';
import { writeRosterWorkbook } from '../client/roster/workbookWrite';
import type { Actor } from '../domain/actors';
import { shanghaiDate } from '../domain/calendar';
import { checkRoster } from '../domain/roster/checkRoster';
import { PERSON_COLUMNS } from '../domain/roster/columns';
import { planRosterImport } from '../domain/roster/importPlan';
import { formatProblem, sortProblems } from '../domain/roster/problems';
import { yearMonthOfDay } from '../domain/roster/yearMonth';
import type { DB } from '../schema/db';
import { createBenchDatabase } from './lib/db';
import { phase } from './lib/log';
import type { BenchResult, Measure } from './lib/results';
import { generateRosterRows } from './lib/rosterRows';
import { percentile, round } from './lib/stats';

export interface RosterImportOptions {
  /** People rows on the roster (3,000: a county's cadres). */
  people: number;
  /** Rounds, each in a fresh database; the figures are their medians. */
  rounds: number;
}

const NAME = 'roster-import';
const say = (m: string): void => phase(NAME, m);
const ACTOR: Actor = { id: 'bench-county-staff', role: 'county-org-dept' };

/** What one import run took, step by step, in seconds. */
interface ImportTimes {
  readCheck: number;
  plan: number;
  write: number;
  whole: number;
  events: number;
  duplicates: number;
}

const median = (xs: readonly number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/**
 * The command's steps, in its order: read the file, the registry, check, plan, the report
 * it prints, and (unless a dry run) the write. Fails on a problem: the file is made to import.
 */
async function importOnce(db: DB, file: string, write: boolean): Promise<ImportTimes> {
  const t0 = performance.now();
  const input = await readRosterWorkbook(readFileSync(file));
  const snapshot = await readRegistrySnapshot(db);
  const today = shanghaiDate(Date.now());
  const checked = checkRoster(input, snapshot, yearMonthOfDay(today));
  const t1 = performance.now();
  const plan = planRosterImport(checked, snapshot, today, sha256Hex);
  const reported = { ...checked, problems: sortProblems([...checked.problems, ...plan.problems]) };
  const report = renderRosterReport(file, reported, plan.changes, write);
  const t2 = performance.now();
  if (reported.problems.length > 0) {
    throw new Error(`the generated roster has ${reported.problems.length} problems, e.g. ${formatProblem(reported.problems[0]!)}`);
  }
  if (report.length === 0) throw new Error('no report');
  const written = write ? await writeRosterImport(db, plan.appends, ACTOR) : { events: 0, duplicates: 0 };
  const t3 = performance.now();
  return {
    readCheck: (t1 - t0) / 1000,
    plan: (t2 - t1) / 1000,
    write: (t3 - t2) / 1000,
    whole: (t3 - t0) / 1000,
    events: written.events,
    duplicates: written.duplicates,
  };
}

export async function runRosterImport(opts: RosterImportOptions): Promise<BenchResult> {
  const generated = generateRosterRows(opts.people);
  const start = performance.now();
  const workbook = await writeRosterWorkbook(generated.rows);
  const writeWorkbookSeconds = (performance.now() - start) / 1000;
  const dir = mkdtempSync(join(tmpdir(), 'cf-bench-roster-'));
  const file = join(dir, 'roster.xlsx');
  writeFileSync(file, workbook);
  say(
    `${generated.people} people and ${generated.units} units, ${(workbook.length / 1024).toFixed(0)} KiB, written in ${writeWorkbookSeconds.toFixed(1)} s`,
  );

  // Untimed: the first read of a workbook pays for compiling exceljs's code paths, which the rounds would not share alike.
  await readRosterWorkbook(workbook);

  const insertSeconds: number[] = [];
  const dryRuns: number[] = [];
  const imports: ImportTimes[] = [];
  const reimports: ImportTimes[] = [];
  const loadAtStart = loadavg()[0]!;
  try {
    for (let r = 1; r <= opts.rounds; r++) {
      const database = await createBenchDatabase('roster', { max: 4 });
      try {
        const db = database.db;
        // The baseline's own table, outside the project's typed schema: a text column per roster column.
        const columns = PERSON_COLUMNS.map((_, i) => `c${i}`);
        await sql.raw(`create table plain_roster (${columns.map((c) => `${c} text`).join(', ')})`).execute(db);
        const plain = db as unknown as Kysely<{ plain_roster: Record<string, string> }>;
        const rows = generated.rows.people.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i]!])));
        const insert = async (): Promise<number> => {
          const s = performance.now();
          await plain.insertInto('plain_roster').values(rows).execute();
          return (performance.now() - s) / 1000;
        };
        const before = await insert();
        const dry = await importOnce(db, file, false);
        const first = await importOnce(db, file, true);
        if (first.events === 0) throw new Error('the import wrote no events');
        const again = await importOnce(db, file, true);
        if (again.events !== 0) throw new Error(`the second import wrote ${again.events} events`);
        const after = await insert();
        insertSeconds.push((before + after) / 2);
        dryRuns.push(dry.whole);
        imports.push(first);
        reimports.push(again);
        say(
          `round ${r}/${opts.rounds}: INSERT ${before.toFixed(3)}/${after.toFixed(3)} s; dry-run ${dry.whole.toFixed(1)} s; ` +
            `import ${first.whole.toFixed(1)} s (read+check ${first.readCheck.toFixed(1)}, plan ${first.plan.toFixed(2)}, ` +
            `write ${first.write.toFixed(1)}: ${first.events} events); again ${again.whole.toFixed(1)} s (${again.duplicates} duplicates)`,
        );
      } finally {
        await database.drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAtEnd = loadavg()[0]!;

  const rowsN = generated.people;
  const base = median(insertSeconds);
  const note = `median of ${opts.rounds} rounds, each in a fresh database; load average (1 min) ${round(loadAtStart)} → ${round(loadAtEnd)}`;
  const rate = (metric: string, seconds: number, extra = ''): Measure => ({
    benchmark: NAME,
    metric,
    project: round(rowsN / seconds, 0),
    baseline: round(rowsN / base, 0),
    ratio: round(seconds / base, 1),
    ratioNote: 'time / plain INSERT time',
    note: `${round(seconds, 2)} s against ${round(base, 3)} s${extra}; ${note}`,
  });
  const time = (metric: string, seconds: number, extra = ''): Measure => ({
    benchmark: NAME,
    metric,
    project: round(seconds, 2),
    baseline: round(base, 3),
    ratio: round(seconds / base, 1),
    ratioNote: 'time / plain INSERT time',
    note: `${extra}${note}`,
  });
  const events = imports[0]!.events;
  const people = `${rowsN.toLocaleString('en-US')} people`;
  return {
    name: NAME,
    measures: [
      rate(`${people}: reading + checking (rows/s)`, median(imports.map((i) => i.readCheck)), '; the file, the registry, every row'),
      rate(`${people}: planning (rows/s)`, median(imports.map((i) => i.plan)), '; the plan and the report'),
      rate(
        `${people}: writing the events, with read models (rows/s)`,
        median(imports.map((i) => i.write)),
        `; ${events} events for ${generated.units} units and ${rowsN} people in one appendBatch`,
      ),
      rate(`${people}: the whole import (rows/s)`, median(imports.map((i) => i.whole))),
      time(`${people}: dry-run (s)`, median(dryRuns), 'into an empty registry; '),
      time(`${people}: the same file again, writes nothing (s)`, median(reimports.map((i) => i.whole)), ''),
    ],
    details: {
      people: rowsN,
      units: generated.units,
      fileBytes: workbook.length,
      writeWorkbookSeconds,
      rounds: opts.rounds,
      events,
      plainInsertSeconds: insertSeconds,
      dryRunSeconds: dryRuns,
      imports,
      reimports,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadAtEnd,
    },
  };
}
