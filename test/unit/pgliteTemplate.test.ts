/**
 * A new PGlite cluster loads the template instead of running initdb, but only a template
 * this user alone may write; an existing cluster is opened as it is.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPglite, pgliteTemplateFile } from '../../schema/pgliteTemplate';

const dir = mkdtempSync(join(tmpdir(), 'cf-pglite-template-'));
const toolsDir = join(dir, 'tools');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tables(pg: Awaited<ReturnType<typeof createPglite>>): Promise<string[]> {
  const r = await pg.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public' order by 1");
  return r.rows.map((x) => x.tablename);
}

describe('the PGlite cluster template', { timeout: 180_000 }, () => {
  it('is written by the first new cluster, owner-only, and a later new cluster starts from it', async () => {
    const file = pgliteTemplateFile(toolsDir);
    // Given no template: initdb runs and its cluster becomes the template.
    const first = await createPglite(undefined, {}, { toolsDir });
    await first.close();
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // A template that carries a marker table shows where the next cluster came from.
    const marked = await createPglite(undefined, {}, { toolsDir });
    await marked.exec('create table came_from_template (x int)');
    writeFileSync(file, Buffer.from(await (await marked.dumpDataDir('gzip')).arrayBuffer()), { mode: 0o600 });
    await marked.close();

    const onDisk = join(dir, 'data', 'pglite');
    mkdirSync(onDisk, { recursive: true });
    const fresh = await createPglite(onDisk, {}, { toolsDir });
    expect(await tables(fresh)).toEqual(['came_from_template']);
    await fresh.exec('create table written_later (x int)');
    await fresh.close();

    // An existing cluster is opened as it is, never replaced by the template.
    const reopened = await createPglite(onDisk, {}, { toolsDir });
    expect(await tables(reopened)).toEqual(['came_from_template', 'written_later']);
    await reopened.close();
  });

  it('is ignored when another user could have written it', async () => {
    const file = pgliteTemplateFile(toolsDir);
    chmodSync(file, 0o666);
    const pg = await createPglite(undefined, {}, { toolsDir });
    expect(await tables(pg)).toEqual([]);
    await pg.close();
  });
});
