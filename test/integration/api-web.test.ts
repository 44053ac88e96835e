/**
 * The web UI served on the API's port: index.html at `/`, Vite's bundles under
 * `/assets/` with their content types and cache headers, the files Vite copies to the
 * root; nothing outside the build, however the path is spelled; and a 503 that says
 * what to run while there is no build. The API's own routes are unaffected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApi } from '../../client/api/server';
import { DEFAULT_WEB_ROOT } from '../../client/api/routes/web';
import type { Backend } from '../../client/backend';
import { createTestDatabase, type TestDatabase } from '../support/db';

const INDEX =
  '<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-B4xQ9z_a.js"></script></head><body><div id="root"></div></body></html>';
const BUNDLE = 'console.log("cadreflow web");';

let database: TestDatabase;
let dir: string;
let root: string;
let app: FastifyInstance;
let bare: FastifyInstance;
let bareRoot: string;

function problem(res: LightMyRequestResponse, status: number): string {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return (JSON.parse(res.body) as { detail: string }).detail;
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'cf-web-'));
  root = join(dir, 'dist');
  mkdirSync(join(root, 'assets', 'fonts'), { recursive: true });
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'assets', 'index-B4xQ9z_a.js'), BUNDLE);
  writeFileSync(join(root, 'assets', 'index-Cq1w2E3r.css'), 'body{margin:0}');
  writeFileSync(join(root, 'assets', 'fonts', 'inter-D9e8F7g6.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'assets', '党徽-D1e2F3g4.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the build');
  // A link inside the build that leads out of it must not be followed out.
  symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'escape-A1b2C3d4.js'));
  app = await buildApi({ db: database.db, backend: {} as Backend, webRoot: root });
  bareRoot = join(dir, 'not-built', 'dist');
  bare = await buildApi({ db: database.db, backend: {} as Backend, webRoot: bareRoot });
});

afterAll(async () => {
  await app?.close();
  await bare?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

describe('serving the web UI', () => {
  it('serves index.html at / and revalidates it, so a new build shows at once', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body).toBe(INDEX);

    const again = await app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const head = await app.inject({ method: 'HEAD', url: '/' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it('serves hashed assets with their content type for a year, and unhashed ones revalidated', async () => {
    const cases: Array<[string, string, string]> = [
      ['/assets/index-B4xQ9z_a.js', 'text/javascript; charset=utf-8', BUNDLE],
      ['/assets/index-Cq1w2E3r.css', 'text/css; charset=utf-8', 'body{margin:0}'],
      ['/assets/fonts/inter-D9e8F7g6.woff2', 'font/woff2', 'wOF2'],
    ];
    for (const [url, type, body] of cases) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(body)));
      expect(res.body).toBe(body);
    }
    const logo = await app.inject({ method: 'GET', url: '/assets/logo.svg' });
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    expect(logo.headers['cache-control']).toBe('no-cache');
    // Vite keeps a source file's own name, Chinese included.
    const emblem = await app.inject({ method: 'GET', url: `/assets/${encodeURIComponent('党徽-D1e2F3g4.svg')}` });
    expect(emblem.statusCode).toBe(200);
    expect(emblem.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const favicon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(favicon.statusCode).toBe(200);
    expect(favicon.headers['content-type']).toBe('image/svg+xml');
  });

  it('refuses every path that leads out of the build', async () => {
    // A path that only climbs back into the build is no escape: `/assets/../index.html` is `/index.html`.
    expect((await app.inject({ method: 'GET', url: '/assets/../index.html' })).body).toBe(INDEX);
    const attempts = [
      '/assets/../../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/%2E%2E%2F%2E%2E%2Fsecret.txt',
      '/assets/fonts/../../../secret.txt',
      '/assets/..\\..\\package.json',
      '/assets/%00index-B4xQ9z_a.js',
      '/assets//etc/passwd',
      '/assets/.hidden',
      '/assets/escape-A1b2C3d4.js',
      '/..%2fsecret.txt',
      '/%2e%2e%2fpackage.json',
      '/package.json',
    ];
    for (const url of attempts) {
      const res = await app.inject({ method: 'GET', url });
      expect([400, 404], `${url} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(res.body, url).not.toMatch(/outside the build|"name": "cadreflow"|root:/);
    }
    expect(problem(await app.inject({ method: 'GET', url: '/assets/..%2f..%2fpackage.json' }), 400)).toMatch(/inside the web UI build/);
    expect(problem(await app.inject({ method: 'GET', url: '/assets/missing-AAAAAAAA.js' }), 404)).toBe(
      'no asset missing-AAAAAAAA.js in the web UI build',
    );
  });

  it('leaves the API as it was: its routes, its 404s and /docs', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(503);
    expect(problem(await app.inject({ method: 'GET', url: '/cases' }), 401)).toMatch(/sign in/);
    expect(problem(await app.inject({ method: 'GET', url: '/no-such-thing' }), 404)).toBe(
      'no route GET /no-such-thing; the API is described at /docs',
    );
    expect(problem(await app.inject({ method: 'POST', url: '/' }), 404)).toMatch(/^no route POST \//);
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/dashboard', '/evaluation/rounds', '/evaluation/rounds/{roundId}', '/audit/cases/{caseId}/verification']),
    );
    // The UI's files are not API operations.
    expect(Object.keys(doc.paths)).not.toContain('/');
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/assets'))).toEqual([]);
  });

  it('without a build, / says what to run; once built, it serves without a restart', async () => {
    expect(problem(await bare.inject({ method: 'GET', url: '/' }), 503)).toMatch(/npm run build:web/);
    expect(problem(await bare.inject({ method: 'GET', url: '/assets/index-B4xQ9z_a.js' }), 503)).toMatch(/npm run build:web/);
    const body = JSON.parse((await bare.inject({ method: 'GET', url: '/' })).body) as { type: string; title: string };
    expect(body).toMatchObject({ type: 'urn:cadreflow:problem:web-ui-not-built', title: 'Web UI not built' });

    mkdirSync(bareRoot, { recursive: true });
    writeFileSync(join(bareRoot, 'index.html'), INDEX);
    expect((await bare.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
  });

  it('defaults to web/dist in the repository', () => {
    expect(DEFAULT_WEB_ROOT).toBe(resolve(__dirname, '..', '..', 'web', 'dist'));
  });
});
