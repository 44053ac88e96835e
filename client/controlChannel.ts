/**
 * The channel through which CLI commands reach a running `cadreflow up` that owns an
 * embedded database: HTTP over a Unix domain socket in a 0700 folder of the data folder,
 * and a random token in a 0600 file beside it that every call presents. Another local
 * user can neither open the socket nor read the token; a web page cannot reach a Unix
 * socket at all, and a request that looks like a browser's (an Origin header, a body
 * that is not JSON) is refused anyway.
 *
 * The channel carries plain JSON calls (`POST /call/<method>` with the arguments as a
 * JSON array); it writes no file for its caller: a call that produces a file returns
 * its bytes and the CLI writes them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { UserError } from './userError';

/** sun_path is 108 bytes on Linux, the last one the terminating NUL. */
export const MAX_SOCKET_PATH_BYTES = 107;
/** A call's JSON arguments are small (a decision, a selection); anything bigger is refused unread. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

export interface ControlPaths {
  dir: string;
  socket: string;
  token: string;
}

export function controlPaths(dataDir: string): ControlPaths {
  const dir = join(dataDir, 'run');
  return { dir, socket: join(dir, 'control.sock'), token: join(dir, 'control.token') };
}

/** Refused before anything starts: a longer path would be cut short by the kernel. */
export function checkSocketPath(socket: string): void {
  const bytes = Buffer.byteLength(socket);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new UserError(
      `the control socket path ${socket} is ${bytes} bytes; a Unix socket path has at most ${MAX_SOCKET_PATH_BYTES}: ` +
        'choose a shorter data folder (CADREFLOW_DATA_DIR)',
    );
  }
}

export type CallHandler = (method: string, args: unknown[]) => Promise<{ status: number; body: unknown }>;

function sameToken(presented: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Why a request is refused before its body is read, or undefined when it may proceed. */
export function refusal(req: IncomingMessage, token: string): { status: number; message: string } | undefined {
  if (req.headers.origin !== undefined)
    return { status: 403, message: 'the control channel takes no requests from a web page (Origin header)' };
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return { status: 415, message: 'the control channel takes only application/json' };
  const auth = req.headers.authorization ?? '';
  const m = /^Bearer (\S+)$/.exec(auth);
  if (!m || !sameToken(m[1]!, token)) return { status: 401, message: 'the control channel needs the token from its token file' };
  if (req.method !== 'POST') return { status: 405, message: 'calls are POST /call/<method>' };
  return undefined;
}

const jsonText = (body: unknown) => JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/**
 * Creates `<dataDir>/run` (0700, tightened if it exists), a fresh token file (0600) and
 * the socket (0600), and serves `handle` on it until closed; closing removes the socket
 * and the token.
 */
export async function serveControl(dataDir: string, handle: CallHandler): Promise<{ socket: string; close(): Promise<void> }> {
  const paths = controlPaths(dataDir);
  checkSocketPath(paths.socket);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  chmodSync(paths.dir, 0o700);
  // A socket left by an `up` that was killed: the caller has checked that no `up` runs here.
  if (existsSync(paths.socket) && lstatSync(paths.socket).isSocket()) rmSync(paths.socket);
  const token = randomBytes(32).toString('hex');
  rmSync(paths.token, { force: true });
  writeFileSync(paths.token, `${token}\n`, { mode: 0o600, flag: 'wx' });

  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(jsonText(body));
    };
    const refused = refusal(req, token);
    if (refused) {
      // The body is never read: a refused call costs nothing and reaches nothing.
      res.setHeader('connection', 'close');
      send(refused.status, { error: { name: 'Refused', message: refused.message } });
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        send(413, { error: { name: 'Refused', message: 'the call is too large' } });
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_REQUEST_BYTES) return;
      void (async () => {
        let args: unknown;
        try {
          args = JSON.parse(Buffer.concat(chunks).toString('utf8') || '[]');
        } catch {
          return send(400, { error: { name: 'UserError', message: 'the call’s body is not JSON' } });
        }
        if (!Array.isArray(args))
          return send(400, { error: { name: 'UserError', message: 'a call’s body is its arguments as a JSON array' } });
        const r = await handle((req.url ?? '').replace(/^\/call\//, ''), args);
        send(r.status, r.body);
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(paths.socket, () => resolve());
  });
  // The folder already keeps others out; the socket's own mode says the same.
  chmodSync(paths.socket, 0o600);
  return {
    socket: paths.socket,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          rmSync(paths.token, { force: true });
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function readToken(dataDir: string): string {
  const file = controlPaths(dataDir).token;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES') throw new UserError(`cannot read the control token ${file}: only the user who runs \`cadreflow up\` may use it`);
    throw new UserError(`no control token at ${file}; is \`cadreflow up\` still running?`);
  }
}

/** One call over the channel: the status and the parsed JSON body. */
export function callControl(socket: string, dataDir: string, method: string, args: unknown[]): Promise<{ status: number; body: unknown }> {
  const token = readToken(dataDir);
  const payload = jsonText(args);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: socket,
        path: `/call/${method}`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
          } catch {
            reject(new Error(`the control channel answered ${res.statusCode} with a body that is not JSON`));
          }
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EACCES')
        reject(new UserError(`cannot open the control socket ${socket}: only the user who runs \`cadreflow up\` may use it`));
      else
        reject(
          new UserError(`the running stack does not answer at ${socket} (${err.code ?? err.message}); is \`cadreflow up\` still running?`),
        );
    });
    req.end(payload);
  });
}
