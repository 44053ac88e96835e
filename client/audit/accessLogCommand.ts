/**
 * `cadreflow audit access-log`: the access log (account administration, views of a
 * person's full data) for auditors, with `--verify` to recompute its hash chain. Read
 * straight from the database, as `cadreflow users` is: with DATABASE_URL, or the
 * embedded database while `up` is stopped.
 */
import type { Command } from 'commander';
import { ACCESS_KINDS, readAccessLog, verifyAccessLog } from '../api/accessLog';
import { UserError } from '../cases';
import { withDatabase } from '../commands/users';
import type { Config } from '../config';
import { table } from '../views';

interface Opts {
  from?: string;
  to?: string;
  actor?: string;
  kind?: string;
  subject?: string;
  limit: string;
  json?: boolean;
  verify?: boolean;
}

function instant(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // A day alone is the start of that day in Asia/Shanghai, as the other audit commands read it.
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00+08:00` : text;
  const t = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t))
    throw new UserError(`${flag} must be a day (YYYY-MM-DD) or an ISO-8601 instant, got "${text}"`);
  return new Date(t).toISOString();
}

export function registerAccessLogCommand(audit: Command, config: Config): void {
  audit
    .command('access-log')
    .description('who administered which account and who viewed whose full personal data, newest first; --verify checks its hash chain')
    .option('--from <when>', 'entries at or after a day (YYYY-MM-DD, Asia/Shanghai) or an ISO-8601 instant')
    .option('--to <when>', 'entries before a day or an instant')
    .option('--actor <id>', 'a login, os:<user> (the CLI) or system:<name>')
    .option('--kind <kind>', ACCESS_KINDS.join(' | '))
    .option('--subject <id>', "an account's login or a person's id")
    .option('--limit <n>', 'at most this many entries (1–500)', '50')
    .option('--json', 'print JSON')
    .option('--verify', 'recompute the hash chain instead of listing; exits 1 on a break')
    .action(async (opts: Opts) => {
      if (opts.kind !== undefined && !(ACCESS_KINDS as readonly string[]).includes(opts.kind)) {
        throw new UserError(`--kind must be one of ${ACCESS_KINDS.join(', ')}, got "${opts.kind}"`);
      }
      if (!/^\d{1,3}$/.test(opts.limit) || Number(opts.limit) < 1 || Number(opts.limit) > 500)
        throw new UserError(`--limit must be from 1 to 500, got "${opts.limit}"`);
      const from = instant('--from', opts.from);
      const to = instant('--to', opts.to);
      await withDatabase(config, async (db) => {
        if (opts.verify) {
          const r = await verifyAccessLog(db);
          if (opts.json) console.log(JSON.stringify(r, null, 2));
          else if (r.ok)
            console.log(
              `access log: ok, ${r.checked} entries${r.from && r.from !== '1' ? ` from position ${r.from} (older ones deleted after six months)` : ''}, head ${r.head?.position ?? 0}`,
            );
          else console.log(`access log: BROKEN at position ${r.firstBadPosition}: ${r.reason} (${r.checked} entries checked before it)`);
          if (!r.ok) process.exitCode = 1;
          return;
        }
        const page = await readAccessLog(db, {
          from,
          to,
          actor: opts.actor,
          kind: opts.kind,
          subject: opts.subject,
          limit: Number(opts.limit),
          offset: 0,
        });
        if (opts.json) return console.log(JSON.stringify(page, null, 2));
        if (page.items.length === 0) return console.log('no entries');
        console.log(
          table(
            page.items.map((e) => ({
              position: e.position,
              recorded: e.recordedAt,
              actor: e.actorId,
              channel: e.channel,
              kind: e.kind,
              subject: e.subject,
              detail: Object.keys(e.detail).length > 0 ? JSON.stringify(e.detail) : '',
            })),
          ),
        );
        if (page.total > page.items.length)
          console.log(`(${page.items.length} of ${page.total}; narrow with --from/--to/--actor/--kind/--subject or raise --limit)`);
      });
    });
}
