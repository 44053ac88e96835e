/**
 * A database that cannot be reached is named with its URL (never its password) and
 * what to check, the way a Temporal that cannot be reached already is: a bare
 * `connect ECONNREFUSED 127.0.0.1:1` says neither which service nor what to do. The
 * drivers connect lazily, so the first query is where this shows; callers run
 * `ensureDatabaseReachable` right after opening. Codes are the driver-neutral ones:
 * Node's socket errors and PostgreSQL's SQLSTATEs.
 */
import { sql, type Kysely } from 'kysely';

export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
  constructor(
    message: string,
    /** The driver's code (ECONNREFUSED, 28P01, …), when it gave one. */
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** The URL with its password replaced by ***, safe to print and log. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    // `user:secret@host` parses too, as scheme `user:` with the secret in its path.
    if (u.protocol === 'postgres:' || u.protocol === 'postgresql:') {
      if (u.password) u.password = '***';
      return u.toString();
    }
  } catch {
    // fall through
  }
  // A URL that is not a postgres:// one may still hold a password: show nothing of it.
  return '(a URL that is not postgres://…)';
}

function target(url: string): { host: string; port: string; user: string; database: string } {
  try {
    const u = new URL(url);
    return {
      host: u.hostname || 'localhost',
      port: u.port || '5432',
      user: decodeURIComponent(u.username) || '(the current user)',
      database: decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username),
    };
  } catch {
    return { host: '?', port: '?', user: '?', database: '?' };
  }
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // Node reports a host with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError.
  const first = (err as { errors?: unknown[] } | null)?.errors?.[0];
  return first === undefined ? undefined : codeOf(first);
}

/** What failed and what to check, for the error a first query on `url` threw. */
export function describeConnectError(url: string, err: unknown, source = 'DATABASE_URL'): string {
  const code = codeOf(err);
  const { host, port, user, database } = target(url);
  const reason = err instanceof Error ? err.message : String(err);
  let what: string;
  switch (code) {
    case 'ECONNREFUSED':
      what = `connection refused — is the server running and accepting TCP connections on ${host}:${port}?`;
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      what = `host ${host} not found — check the host name in ${source}`;
      break;
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      what = `no answer from ${host}:${port} (${code}) — check the address, and that no firewall drops the connection`;
      break;
    case 'ECONNRESET':
    case 'EPIPE':
      what = `the server closed the connection (${code}) — is ${host}:${port} a PostgreSQL server, and does it accept this client (ssl, pg_hba.conf)?`;
      break;
    case '28P01':
      what = `password authentication failed for user ${user} — check the user and password in ${source}`;
      break;
    case '28000':
      what = `the server refused user ${user}: ${reason} — check the user in ${source} and the server's pg_hba.conf`;
      break;
    case '3D000':
      what = `database ${database} does not exist — create it (createdb ${database}) or fix the database name in ${source}`;
      break;
    case '57P03':
      what = 'the server is starting up or shutting down — try again in a moment';
      break;
    default:
      what = `${reason}${code && !reason.includes(code) ? ` (${code})` : ''} — check ${source} and that the server is running`;
  }
  return `cannot reach PostgreSQL at ${redactDatabaseUrl(url)} (${source}): ${what}`;
}

/**
 * Runs one trivial query, so a database that cannot be reached fails here with a
 * DatabaseUnreachableError instead of deep inside the first command that needs it; the
 * opened pool is closed first, so a failed start leaves no socket behind.
 */
export async function ensureDatabaseReachable<T>(
  opened: { db: Kysely<T>; close(): Promise<void> },
  url: string,
  source = 'DATABASE_URL',
): Promise<void> {
  try {
    await sql`select 1`.execute(opened.db);
  } catch (err) {
    await opened.close().catch(() => undefined);
    throw new DatabaseUnreachableError(describeConnectError(url, err, source), codeOf(err));
  }
}
