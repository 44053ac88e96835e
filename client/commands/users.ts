/**
 * `cadreflow users add|set|list`: accounts for the HTTP API, written to the database
 * directly. They do not go through a running `up`: creating accounts is an
 * administrator's act on the database, not a call any API user could make. Each change
 * is recorded in the access log with the operator's OS account as its actor.
 */
import type { Command } from 'commander';
import { cliOperator } from '../api/accessLog';
import { createUser, listUsers, MAX_PASSWORD_LENGTH, updateUser, type UserChanges } from '../api/accounts';
import { UserError } from '../cases';
import { readStackInfo, type Config } from '../config';
import { connectDatabase } from '../stack';
import { table } from '../views';
import type { DB } from '../../schema/db';

/** The database, opened here: refused while `up` holds the embedded one. */
export async function withDatabase<T>(config: Config, fn: (db: DB) => Promise<T>): Promise<T> {
  if (!config.databaseUrl && readStackInfo(config.dataDir)) {
    throw new UserError(
      `the embedded database in ${config.dataDir} is held by the running \`cadreflow up\`: stop it (Ctrl-C) and run this again, ` +
        'or use a PostgreSQL server through DATABASE_URL',
    );
  }
  const database = await connectDatabase(config);
  try {
    return await fn(database.db);
  } catch (err) {
    // 42P01: undefined_table — the accounts migration has not run on this database.
    if ((err as { code?: unknown }).code === '42P01')
      throw new UserError('this database has no accounts yet: run `cadreflow db migrate` first');
    throw err;
  } finally {
    await database.close();
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UserError('--password-stdin reads the password from standard input: pipe it in (e.g. `… < file`)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_PASSWORD_LENGTH * 4 + 2)
      throw new UserError(`the password on standard input is longer than ${MAX_PASSWORD_LENGTH} characters`);
    chunks.push(b);
  }
  // One trailing newline is what `echo` and files add; anything else is part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUserCommands(program: Command, config: Config): void {
  const users = program
    .command('users')
    .description('accounts for the HTTP API (directly on the database: DATABASE_URL, or the embedded one while `up` is stopped)');

  users
    .command('add')
    .description('create an account; without --password-stdin a password is generated and printed once')
    .requiredOption('--login <login>', 'login name, also the actor id on decisions (lower-case, e.g. ts-03-li)')
    .requiredOption('--role <role>', 'county-org-dept | township-committee | auditor | admin')
    .option('--township <id>', 'the township of a township-committee member (e.g. ts-03)')
    .option('--name <name>', 'display name (default: the login)')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (opts: { login: string; role: string; township?: string; name?: string; passwordStdin?: boolean }) => {
      const password = opts.passwordStdin ? await readStdin() : undefined;
      await withDatabase(config, async (db) => {
        const r = await createUser(
          db,
          { login: opts.login, role: opts.role, townshipId: opts.township, displayName: opts.name, password },
          { by: cliOperator() },
        );
        const where = r.user.townshipId ? ` of ${r.user.townshipId}` : '';
        console.log(`created ${r.user.login} (${r.user.role}${where})`);
        if (r.generated) console.log(`password: ${r.password}\n(shown once; it is stored only as an argon2id hash)`);
      });
    });

  users
    .command('set <login>')
    .description('change an account: role or township, disable or enable, reset the password (printed once), rename')
    .option('--role <role>', 'a new role: county-org-dept | township-committee | auditor | admin (ends the account’s sessions)')
    .option('--township <id>', 'a township committee member’s (new) township')
    .option('--disable', 'disable the account: its sessions end, its API tokens stop working')
    .option('--enable', 'enable a disabled account')
    .option('--reset-password', 'generate a new password (printed once); ends its sessions and revokes its API tokens')
    .option('--name <name>', 'a new display name')
    .action(
      async (
        login: string,
        opts: { role?: string; township?: string; disable?: boolean; enable?: boolean; resetPassword?: boolean; name?: string },
      ) => {
        if (opts.disable && opts.enable) throw new UserError('--disable and --enable contradict each other');
        const changes: UserChanges = {
          ...(opts.role !== undefined ? { role: opts.role } : {}),
          ...(opts.township !== undefined ? { townshipId: opts.township } : {}),
          ...(opts.disable ? { disabled: true } : opts.enable ? { disabled: false } : {}),
          ...(opts.resetPassword ? { resetPassword: true } : {}),
          ...(opts.name !== undefined ? { displayName: opts.name } : {}),
        };
        if (Object.keys(changes).length === 0)
          throw new UserError('nothing to change: give --role, --township, --disable, --enable, --reset-password or --name');
        await withDatabase(config, async (db) => {
          const r = await updateUser(db, login, changes, cliOperator());
          if (!r) throw new UserError(`no user ${login}`);
          const u = r.user;
          console.log(`${u.login}: ${u.role}${u.townshipId ? ` of ${u.townshipId}` : ''}, ${u.disabled ? 'disabled' : 'active'}`);
          if (r.password) console.log(`password: ${r.password}\n(shown once; its sessions ended and its API tokens were revoked)`);
        });
      },
    );

  users
    .command('list')
    .description('every account')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withDatabase(config, async (db) => {
        const all = await listUsers(db);
        if (opts.json) return console.log(JSON.stringify(all, null, 2));
        if (all.length === 0) return console.log('no users yet: `cadreflow users add --login … --role …`');
        console.log(
          table(
            all.map((u) => ({
              login: u.login,
              name: u.displayName,
              role: u.role,
              township: u.townshipId ?? '',
              status: u.disabled ? 'disabled' : 'active',
              created: u.createdAt.slice(0, 10),
            })),
          ),
        );
      }),
    );
}
