/**
 * The web UI (web/, built by Vite into web/dist) served on the API's own port, so the
 * browser reaches the API on the same origin and the session cookie (SameSite=Strict)
 * just works. The UI routes with a hash router: the server needs only `/` (index.html),
 * the hashed bundles under `/assets/`, and the few files Vite copies to the root.
 *
 * The build is looked for on every request, so `npm run build:web` while `cadreflow up`
 * runs takes effect without a restart.
 */
import { createReadStream, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../context';
import { ApiError, notFound } from '../problem';
import { repoRoot } from '../../../schema/projectTools';

/** `<repo>/web/dist`. */
export const DEFAULT_WEB_ROOT = join(repoRoot(), 'web', 'dist');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** Vite names bundles `name-<hash>.ext`: such a file never changes, so it may be kept for a year. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and unhashed files: revalidate every time, so a new build is picked up at once. */
const REVALIDATE = 'no-cache';

/**
 * A path segment no build file has: empty, `.`/`..` or hidden, a backslash or a drive
 * colon, a control character. Names may otherwise be anything (Vite keeps a source file's
 * name, Chinese included); the real-path check below is what keeps a request inside.
 */
const BAD_SEGMENT = /^$|^\.|[\\:\u0000-\u001f\u007f]/;

export function webBuildPresent(root: string): Promise<boolean> {
  return stat(join(root, 'index.html')).then(
    (s) => s.isFile(),
    () => false,
  );
}

// The detail names no server path: anyone may ask for `/`.
const notBuilt = () =>
  new ApiError(
    503,
    'web-ui-not-built',
    'Web UI not built',
    'the web UI has not been built: run `npm run build:web` (it writes web/dist); the API itself is at /docs',
  );

/**
 * The file `relative` names under `dir`, or undefined. Each segment is checked, and the
 * real path (symbolic links followed) must still lie inside `dir`.
 */
async function fileInside(dir: string, relative: string): Promise<{ path: string; stats: Stats } | undefined> {
  const segments = relative.split('/');
  if (segments.length > 8 || segments.some((s) => BAD_SEGMENT.test(s))) {
    throw new ApiError(
      400,
      'bad-path',
      'Bad request',
      'a file path must name a file inside the web UI build (no "..", no empty or hidden segments)',
    );
  }
  try {
    const [realDir, realFile] = await Promise.all([realpath(dir), realpath(join(dir, ...segments))]);
    if (!realFile.startsWith(realDir + sep)) return undefined;
    const stats = await stat(realFile);
    return stats.isFile() ? { path: realFile, stats } : undefined;
  } catch {
    return undefined;
  }
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: { path: string; stats: Stats }, cacheControl: string): FastifyReply {
  const etag = `W/"${file.stats.size.toString(16)}-${Math.floor(file.stats.mtimeMs).toString(16)}"`;
  reply
    .header('cache-control', cacheControl)
    .header('etag', etag)
    .header('last-modified', file.stats.mtime.toUTCString())
    .header('x-content-type-options', 'nosniff');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  reply.type(CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream').header('content-length', file.stats.size);
  return reply.send(request.method === 'HEAD' ? undefined : createReadStream(file.path));
}

export function webRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const root = ctx.webRoot;

  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (!(await webBuildPresent(root))) throw notBuilt();
    const index = await fileInside(root, 'index.html');
    if (!index) throw notBuilt();
    // The UI page must not be framed by another site (clickjacking).
    reply.header('x-frame-options', 'DENY');
    return sendFile(request, reply, index, REVALIDATE);
  });

  app.get<{ Params: { '*': string } }>('/assets/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const relative = request.params['*'];
    if (!(await webBuildPresent(root))) throw notBuilt();
    const file = await fileInside(join(root, 'assets'), relative);
    if (!file) throw notFound(`no asset ${relative} in the web UI build`);
    return sendFile(request, reply, file, HASHED.test(relative) ? IMMUTABLE : REVALIDATE);
  });

  // Files Vite copies from web/public to the root (favicon and the like). Fixed routes
  // (`/health`, `/cases`, …) take precedence over this one in Fastify's router.
  app.get<{ Params: { file: string } }>('/:file', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const name = request.params.file;
    const file = /^[A-Za-z0-9_][A-Za-z0-9._-]*\.[A-Za-z0-9]+$/.test(name) ? await fileInside(root, name) : undefined;
    if (!file) throw notFound(`no route GET /${name}; the API is described at /docs`);
    return sendFile(request, reply, file, HASHED.test(name) ? IMMUTABLE : REVALIDATE);
  });
}
