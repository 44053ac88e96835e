import { describe, expect, it } from 'vitest';
import { describeConnectError, redactDatabaseUrl } from '../../schema/connectError';

const url = 'postgres://app:s3cret@db.example:6543/cadreflow';
/** An error as Node or the driver throws it: a message and a code. */
const failure = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('describeConnectError', () => {
  it('names PostgreSQL, the URL without its password, where it came from and what to check', () => {
    expect(describeConnectError('postgres://app:s3cret@127.0.0.1:1/db', failure('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'))).toBe(
      'cannot reach PostgreSQL at postgres://app:***@127.0.0.1:1/db (DATABASE_URL): connection refused — is the server running and accepting TCP connections on 127.0.0.1:1?',
    );
  });

  it('says what to check for each way of failing', () => {
    const cases: Array<[string, string, string]> = [
      ['getaddrinfo ENOTFOUND db.example', 'ENOTFOUND', 'host db.example not found — check the host name in DATABASE_URL'],
      ['connect ETIMEDOUT', 'ETIMEDOUT', 'no answer from db.example:6543 (ETIMEDOUT) — check the address'],
      [
        'password authentication failed for user "app"',
        '28P01',
        'password authentication failed for user app — check the user and password in DATABASE_URL',
      ],
      ['role "app" does not exist', '28000', 'the server refused user app: role "app" does not exist — check the user in DATABASE_URL'],
      [
        'database "cadreflow" does not exist',
        '3D000',
        'database cadreflow does not exist — create it (createdb cadreflow) or fix the database name in DATABASE_URL',
      ],
      ['read ECONNRESET', 'ECONNRESET', 'the server closed the connection (ECONNRESET) — is db.example:6543 a PostgreSQL server'],
      [
        'self-signed certificate',
        'DEPTH_ZERO_SELF_SIGNED_CERT',
        'self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT) — check DATABASE_URL and that the server is running',
      ],
    ];
    for (const [message, code, expected] of cases) {
      const text = describeConnectError(url, failure(message, code));
      expect(text).toMatch(/^cannot reach PostgreSQL at postgres:\/\/app:\*\*\*@db\.example:6543\/cadreflow \(DATABASE_URL\): /);
      expect(text).toContain(expected);
      expect(text).not.toContain('s3cret');
    }
  });

  it("reads the code of a host with several addresses (Node's AggregateError) and names another source", () => {
    const both = Object.assign(new AggregateError([failure('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), {});
    expect(describeConnectError('postgres://localhost/x', both, 'stack.json')).toBe(
      'cannot reach PostgreSQL at postgres://localhost/x (stack.json): connection refused — is the server running and accepting TCP connections on localhost:5432?',
    );
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password, and everything of a URL it cannot parse', () => {
    expect(redactDatabaseUrl(url)).toBe('postgres://app:***@db.example:6543/cadreflow');
    expect(redactDatabaseUrl('postgres://app@h/db')).toBe('postgres://app@h/db');
    expect(redactDatabaseUrl('app:s3cret@h:5432')).toBe('(a URL that is not postgres://…)');
    expect(redactDatabaseUrl('postgresql://app:s3cret@h/db')).toBe('postgresql://app:***@h/db');
  });
});
