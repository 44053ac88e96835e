/**
 * The `cadreflow` command line. Every command prints a one-line reason and exits
 * non-zero on error; `--help` works everywhere.
 *
 * Start-up is kept short (bench/cliStartup.ts): this module loads commander and little
 * else. What a command needs — the Temporal client, the database drivers, the worker, a
 * procedure's commands — is imported inside its action, or with its group below, so
 * `cadreflow --help` or `cadreflow tasks` never loads the code of `up` or `audit`.
 */
import { writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig, type Config } from './config';
import { COUNTY_ROLES, DECIDING_ROLES, parseActor, parseFields } from './actorArgs';
import { usageErrorZh } from './cliUsageZh';
import { UserError } from './userError';

export { parseActor, parseFields };

const collect = (v: string, prev: string[]) => [...prev, v];

type Register = (program: Command, config: Config) => void;

/**
 * A procedure's commands, registered by its own module. The module is loaded only when the
 * command line names one of its commands; otherwise each command is listed as `--help`
 * shows it — its name (with `[options]` when it has any) and its description — and no
 * more. Those are the ones the modules give (test/unit/cliStartup.test.ts keeps them equal).
 */
interface CommandGroup {
  /** The group's top-level commands as `--help` lists them: term → description. */
  commands: Readonly<Record<string, string>>;
  load(): Promise<Register>;
}

const PROBATION: CommandGroup = {
  commands: { probation: '试用期 cases' },
  load: async () => (await import('./commands/probation')).registerProbationCommands,
};

const PROCEDURES: readonly CommandGroup[] = [
  {
    commands: { users: 'accounts for the HTTP API (directly on the database: DATABASE_URL, or the embedded one while `up` is stopped)' },
    load: async () => (await import('./commands/users')).registerUserCommands,
  },
  {
    commands: { audit: 'auditors: replay histories against the code, verify the log, explain a case (read-only)' },
    load: async () => (await import('./audit/commands')).registerAuditCommands,
  },
  {
    commands: { rectification: '后进党组织整顿: the list of underperforming branches and their rectification cases' },
    load: async () => (await import('./commands/rectification')).registerRectificationCommands,
  },
  {
    commands: {
      member: '发展党员: Party member development cases',
      'pipeline [options]': 'the member pipeline per village: people at each stage, the next step due, villages at risk this year',
    },
    load: async () => (await import('./commands/members')).registerMemberCommands,
  },
  {
    commands: { election: '两推一选 / 双推直选: elections of village branch and township committees' },
    load: async () => (await import('./commands/election')).registerElectionCommands,
  },
  {
    commands: { selection: '选拔任用: selecting and appointing a cadre, to the appointment and its probation' },
    load: async () => (await import('./commands/selection')).registerSelectionCommands,
  },
  {
    commands: { evaluation: '年度考核: annual evaluation rounds' },
    load: async () => (await import('./commands/evaluation')).registerEvaluationCommands,
  },
  {
    commands: {
      ballot: 'online anonymous ballots (民主测评 / 民主推荐 by QR code): open a session, watch the turnout, close, publish, verify',
    },
    load: async () => (await import('./commands/ballots')).registerBallotCommands,
  },
  {
    commands: { keys: 'the encryption keyring (CADREFLOW_CODEC_KEYRING, CADREFLOW_CODEC_KEYS, or codec-keys.json in the data folder)' },
    load: async () => (await import('./commands/keys')).registerKeyCommands,
  },
  {
    commands: {
      registry: 'the registry: its roster (名册, .xlsx: template, import, export) and its changes (register, correct, appoint, …)',
    },
    load: async () => (await import('./commands/registry')).registerRegistryCommands,
  },
  {
    commands: { export: 'documents to open: roster, evaluation result sheet, rectification ledger, public notice (.xlsx/.docx)' },
    load: async () => (await import('./commands/export')).registerExportCommands,
  },
];

/**
 * The top-level command a command line names: `cadreflow [--user <login>] <name> …` or
 * `cadreflow help <name>`; undefined for `cadreflow`, `cadreflow --help`, `cadreflow help`.
 */
export function commandNamed(argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--user') i++;
    else if (arg === 'help') return args.slice(i + 1).find((a) => !a.startsWith('-'));
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * The program for a command line: every command, with the code of only the group `argv`
 * names loaded. Without `argv`, every group is loaded (the tests that drive the program
 * in-process).
 */
export async function buildProgram(config: Config = loadConfig(), argv?: readonly string[]): Promise<Command> {
  const named = argv === undefined ? undefined : commandNamed(argv);
  const groups = [PROBATION, ...PROCEDURES];
  const names = (g: CommandGroup) => Object.keys(g.commands).map((term) => term.split(' ')[0]);
  const wanted = groups.filter((g) => argv === undefined || (named !== undefined && names(g).includes(named)));
  const loaded = new Map(await Promise.all(wanted.map(async (g) => [g, await g.load()] as const)));
  const addGroup = (program: Command, group: CommandGroup): void => {
    const register = loaded.get(group);
    if (register) register(program, config);
    // A listing only: `[options]` in a term is an argument that is never parsed, since a named command loads its group.
    else for (const [term, description] of Object.entries(group.commands)) program.command(term).description(description);
  };
  return defineProgram(
    config,
    (program) => addGroup(program, PROBATION),
    (program) => PROCEDURES.forEach((g) => addGroup(program, g)),
  );
}

function defineProgram(config: Config, addProbation: (program: Command) => void, addProcedures: (program: Command) => void): Command {
  const program = new Command('cadreflow')
    .description('Durable, auditable cadre procedures for a county organization department (Temporal + PostgreSQL)')
    .showHelpAfterError('(run with --help for usage; 用 --help 查看用法)')
    // Commander's usage errors are English; each is said in Chinese on the next line. Subcommands inherit this.
    .configureOutput({ outputError: (str, write) => write(`${str}${usageErrorZh(str)}\n`) })
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
    .action(async (opts: { demo?: boolean }) => (await import('./up')).runUp(config, { demo: Boolean(opts.demo) }));

  program
    .command('worker')
    .description('run a worker against TEMPORAL_ADDRESS / DATABASE_URL (or the running `up` stack)')
    .action(async () => (await import('./up')).runWorker(config));

  program
    .command('db')
    .description('database maintenance')
    .command('migrate')
    .description('apply pending migrations')
    .action(async () => {
      const { connectDatabase } = await import('./stack');
      const { migrateToLatest } = await import('../schema/migrate');
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
      const { commandActor, withBackend } = await import('./backend');
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
  addProbation(program);

  program
    .command('tasks')
    .description('pending tasks, overdue first (from the tasks read model)')
    .option('--township <id>', 'only this township (e.g. ts-03)')
    .option('--role <role>', 'only tasks for this role')
    .option('--json', 'print JSON')
    .action(async (opts: { township?: string; role?: string; json?: boolean }) => {
      const { withBackend } = await import('./backend');
      const { renderTasks } = await import('./views');
      await withBackend(
        config,
        async (backend) => {
          const tasks = await backend.tasks({ township: opts.township, role: opts.role });
          console.log(opts.json ? JSON.stringify(tasks, null, 2) : renderTasks(tasks, Date.now()));
        },
        { temporal: false },
      );
    });

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
        const { commandActor, withBackend } = await import('./backend');
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
      const { commandActor, withBackend } = await import('./backend');
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
    .action(async (caseId: string, opts: { json?: boolean }) => {
      const { withBackend } = await import('./backend');
      const { renderCase } = await import('./views');
      await withBackend(
        config,
        async (backend) => {
          const view = await backend.caseView(caseId);
          console.log(opts.json ? JSON.stringify(view, null, 2) : renderCase(view));
        },
        { temporal: false },
      );
    });

  program
    .command('history')
    .description('Temporal workflow histories')
    .command('export')
    .argument('<case>')
    .option('--out <file>', 'write to a file instead of stdout')
    .description('the case’s Temporal history as JSON (replayable with Worker.runReplayHistory)')
    .action(async (caseId: string, opts: { out?: string }) => {
      const { connectTemporal } = await import('./stack');
      const { exportHistory } = await import('./caseHistory');
      const temporal = await connectTemporal(config);
      try {
        const { json, events } = await exportHistory(temporal.client, caseId);
        if (opts.out) {
          writeFileSync(opts.out, json);
          console.log(`wrote ${events} events to ${opts.out}`);
        } else process.stdout.write(json + '\n');
      } finally {
        await temporal.close();
      }
    });

  addProcedures(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    const program = await buildProgram(loadConfig(), argv);
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      process.exit(err.exitCode);
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`cadreflow: ${message.split('\n')[0]}\n`);
    // The same in Chinese, when the error says it (a refusal, a parser's, a busy case) and its English line does not already.
    if (err instanceof UserError && err.zh && !message.includes(err.zh)) process.stderr.write(`cadreflow: ${err.zh.split('\n')[0]}\n`);
    if (process.env.CADREFLOW_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  }
}
