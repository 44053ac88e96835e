/**
 * The ports a dev server is to serve on: chosen (a free one when asked for 0), tested
 * by binding them as the server will, and asked whether a Temporal server answers there.
 */
import * as net from 'node:net';
import { Connection } from '@temporalio/client';

/** The dev server serves on loopback only. */
export const LOCAL_IP = '127.0.0.1';
export const DEFAULT_PORT = 7233;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, LOCAL_IP, () => {
      const addr = server.address();
      server.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** True when nothing holds ip:port, tested by binding it the way the server will. */
export async function isPortFree(port: number, ip = LOCAL_IP): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      else reject(err);
    });
    server.listen(port, ip, () => server.close(() => resolve(true)));
  });
}

export async function choosePorts(opts: {
  port?: number;
  uiPort?: number;
  ui?: boolean;
}): Promise<{ port: number; uiPort: number | undefined }> {
  const requested = opts.port ?? DEFAULT_PORT;
  const port = requested === 0 ? await freePort() : requested;
  if (!(opts.ui ?? false)) return { port, uiPort: undefined };
  // port + 1000 is the CLI's own convention, but beside a random port it may well be taken.
  let uiPort = opts.uiPort ?? (requested === 0 ? await freePort() : port + 1000);
  // The kernel may hand the port just released back again: the server would then fail to bind its UI.
  while (opts.uiPort === undefined && requested === 0 && uiPort === port) uiPort = await freePort();
  return { port, uiPort };
}

export async function answersAsTemporal(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    const conn = (connection = await Connection.connect({ address, connectTimeout: 2_000 }));
    await conn.withDeadline(Date.now() + 2_000, () => conn.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** True when something accepts a TCP connection on the local port. */
export function tcpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: LOCAL_IP, port, timeout: 500 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
