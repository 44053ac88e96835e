/**
 * The `cadreflow` command line. Every command prints a one-line reason and exits
 * non-zero on error; `--help` works everywhere.
 */
import { writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { loadConfig, type Config } from './config';
import { connectDatabase, connectTemporal } from './stack';
import { commandActor, withBackend } from './backend';
import { COUNTY_ROLES, DECIDING_ROLES, parseActor, parseFields } from './actorArgs';
import { migrateToLatest } from '../schema/migrate';
import { runUp, runWorker } from './up';
import { renderCase, renderTasks } from './views';
import { registerUserCommands } from './commands/users';
import { registerAuditCommands } from './audit/commands';
import { registerRectificationCommands } from './commands/rectification';
import { registerMemberCommands } from './commands/members';
import { registerElectionCommands } from './commands/election';
import { registerSelectionCommands } from './commands/selection';
import { registerEvaluationCommands } from './commands/evaluation';
import { registerProbationCommands } from './commands/probation';
import { registerKeyCommands } from './commands/keys';
import { registerRegistryCommands } from './commands/registry';

export { parseActor, parseFields };

const collect = (v: string, prev: string[]) => [...prev, v];

export function buildProgram(config: Config = loadConfig()): Command {
  const program = new Command('cadreflow')
    .description('Durable, auditable cadre procedures for a county organization department (Temporal + PostgreSQL)')
    .showHelpAfterError('(run with --help for usage)')
    .option('--user <login>', 'the account a command that acts runs as (default: CADREFLOW_USER); read-only commands need none')
    .exitOverride();
  // The global option wins over the environment; commands read it from config.user.
  program.hook('preAction', (cmd) => {
    const user = (cmd.opts() as { user?: string }).user;
    if (user !== undefined) config.user = user;
  });

  program
    .command('up')
    .description('start everything on embedded defaults: Temporal dev server, database, worker (Ctrl-C stops all)')
    .option('--demo', 'also load the demo county and start demo cases')
    .action(async (opts: { demo?: boolean }) => runUp(config, { demo: Boolean(opts.demo) }));

  program
    .command('worker')
    .description('run a worker against TEMPORAL_ADDRESS / DATABASE_URL (or the running `up` stack)')
    .action(async () => runWorker(config));

  program
    .command('db')
    .description('database maintenance')
    .command('migrate')
    .description('apply pending migrations')
    .action(async () => {
      const database = await connectDatabase(config);
      try {
        const applied = await migrateToLatest(database.db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await database.close();
      }
    });

  program
    .command('demo')
    .description(
      'load the demo county (12 townships, 184 villages, 1,057 cadres, its Party members and ~500 activists) and start probation, member-development and selection cases',
    )
    .action(async () => {
      await commandActor(config, 'demo', COUNTY_ROLES);
      await withBackend(config, async (backend) => {
        const r = await backend.demo();
        console.log(
          `registry: ${r.registryEvents} events ${r.registryAppended ? 'appended' : 'already present'}; ` +
            `probation cases: ${r.casesStarted} started, ${r.casesExisting} already running`,
        );
        const m = r.membership;
        console.log(
          `membership register: ${m.registerEvents} events ${m.registerAppended ? 'appended' : 'already present'}; ` +
            `development cases: ${m.casesStarted} started, ${m.casesExisting} already running`,
        );
        const s = r.selections;
        console.log(
          `selection cases: ${s.casesStarted} started, ${s.casesExisting} already running; ` +
            s.cases.map((c) => `${c.caseId} (${c.method}) at ${c.stage}`).join(', '),
        );
        console.log('next: `cadreflow tasks` lists the pending tasks');
      });
    });

  // Here, not with the other procedures' below, so that `--help` lists the commands in the order it always has.
  registerProbationCommands(program, config);

  program
    .command('tasks')
    .description('pending tasks, overdue first (from the tasks read model)')
    .option('--township <id>', 'only this township (e.g. ts-03)')
    .option('--role <role>', 'only tasks for this role')
    .option('--json', 'print JSON')
    .action(async (opts: { township?: string; role?: string; json?: boolean }) =>
      withBackend(config, async (backend) => {
        const tasks = await backend.tasks({ township: opts.township, role: opts.role });
        console.log(opts.json ? JSON.stringify(tasks, null, 2) : renderTasks(tasks, Date.now()));
      }),
    );

  program
    .command('decide')
    .description('decide a pending step of a case')
    .argument('<case>', 'case id, e.g. probation/p-0005/demo')
    .argument('<step>', 'step, e.g. check-in-1 (or end-early)')
    .option(
      '--as <who>',
      'admin accounts only: on whose behalf the decision is entered: ts-NN[:name] (township committee), org[:name] (county staff), or an id with --role',
    )
    .addOption(new Option('--role <role>', 'role of --as').choices(['county-org-dept', 'township-committee', 'auditor', 'admin']))
    .option('--township <id>', 'township of a township-committee --as')
    .option('--data <json>', 'the decision as JSON')
    .option('-f, --field <key=value>', 'a decision field (repeatable; dots nest: votes.excellent=12)', collect, [])
    .action(
      async (caseId: string, step: string, opts: { as?: string; role?: string; township?: string; data?: string; field: string[] }) => {
        const decision = parseFields(opts.field, opts.data);
        const actor = await commandActor(config, 'decide', DECIDING_ROLES, opts);
        await withBackend(config, async (backend) => {
          const r = await backend.decide(caseId, step, actor, decision);
          console.log(
            `decided ${caseId} ${step} as ${actor.id}${actor.enteredBy ? `, entered by ${actor.enteredBy}` : ''} (event position ${r.position})`,
          );
        });
      },
    );

  program
    .command('object')
    .description('record an objection to a public notice (公示异议)')
    .argument('<case>')
    .argument('<notice>', 'the notice step, e.g. pre-appointment-notice')
    .option('--as <who>', 'admin accounts only: on whose behalf it is entered (see decide --as)')
    .requiredOption('--summary <text>', 'what the objection says')
    .action(async (caseId: string, notice: string, opts: { as?: string; summary: string }) => {
      const actor = await commandActor(config, 'object', DECIDING_ROLES, { as: opts.as });
      await withBackend(config, async (backend) => {
        const r = await backend.fileObjection(caseId, notice, actor, opts.summary);
        console.log(`objection recorded as ${r.step}; the county checks it as task ${r.step}:finding`);
      });
    });

  program
    .command('case')
    .description('cases')
    .command('show')
    .argument('<case>')
    .option('--json', 'print JSON')
    .description('state and timeline of a case, from the read models and the event log')
    .action(async (caseId: string, opts: { json?: boolean }) =>
      withBackend(config, async (backend) => {
        const view = await backend.caseView(caseId);
        console.log(opts.json ? JSON.stringify(view, null, 2) : renderCase(view));
      }),
    );

  program
    .command('history')
    .description('Temporal workflow histories')
    .command('export')
    .argument('<case>')
    .option('--out <file>', 'write to a file instead of stdout')
    .description('the case’s Temporal history as JSON (replayable with Worker.runReplayHistory)')
    .action(async (caseId: string, opts: { out?: string }) => {
      const temporal = await connectTemporal(config);
      try {
        const history = await temporal.client.workflow.getHandle(caseId).fetchHistory();
        const json = JSON.stringify(JSON.parse(historyToJSON(history)), null, 2);
        if (opts.out) {
          writeFileSync(opts.out, json);
          console.log(`wrote ${history.events?.length ?? 0} events to ${opts.out}`);
        } else process.stdout.write(json + '\n');
      } finally {
        await temporal.close();
      }
    });

  registerUserCommands(program, config);
  registerAuditCommands(program, config);
  registerRectificationCommands(program, config);
  registerMemberCommands(program, config);
  registerElectionCommands(program, config);
  registerSelectionCommands(program, config);
  registerEvaluationCommands(program, config);
  registerKeyCommands(program, config);
  registerRegistryCommands(program, config);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      process.exit(err.exitCode);
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`cadreflow: ${message.split('\n')[0]}\n`);
    if (process.env.CADREFLOW_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  }
}
