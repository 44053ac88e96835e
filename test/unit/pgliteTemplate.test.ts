/**
 * A new PGlite cluster loads the template instead of running initdb, but only a template
 * this user alone may write; an existing cluster is opened as it is. A new cluster on disk
 * with a schema key starts from that schema's template when there is one; the template is
 * unpacked by Node, which takes nothing but plain files and folders inside the folder.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPglite, createPgliteCluster, pgliteTemplateFile, saveSchemaTemplate, schemaTemplateFile } from '../../schema/pgliteTemplate';
import { unpackClusterTemplate } from '../../schema/clusterTar';
import { gzipSync } from 'node:zlib';

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

  it("with a schema key, a new cluster on disk starts from that schema's template, and from no other", async () => {
    const tools = join(dir, 'schema-tools');
    const base = await createPgliteCluster(undefined, {}, { toolsDir: tools });
    expect(base.source).toBe('initdb');
    await base.pg.exec('create table migrated (x int)');
    expect(await saveSchemaTemplate(base.pg, 'key-a', tools)).toBe(true);
    await base.pg.close();
    expect(statSync(schemaTemplateFile('key-a', tools)).mode & 0o777).toBe(0o600);

    const a = await createPgliteCluster(join(dir, 'schema-a', 'pglite'), {}, { toolsDir: tools, schemaKey: 'key-a' });
    expect(a.source).toBe('schema-template');
    expect(await tables(a.pg)).toEqual(['migrated']);
    await a.pg.close();
    // Another schema: the plain template, nothing of key-a's.
    const b = await createPgliteCluster(join(dir, 'schema-b', 'pglite'), {}, { toolsDir: tools, schemaKey: 'key-b' });
    expect(b.source).toBe('template');
    expect(await tables(b.pg)).toEqual([]);
    // Saving key-b's template removes key-a's: one schema is current.
    expect(await saveSchemaTemplate(b.pg, 'key-b', tools)).toBe(true);
    await b.pg.close();
    expect(existsSync(schemaTemplateFile('key-a', tools))).toBe(false);
    expect(existsSync(schemaTemplateFile('key-b', tools))).toBe(true);
  });
});

/** A one-entry ustar archive, gzipped. */
function tarOf(name: string, body: string, type = '0'): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000600\0', 100);
  header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write(type, 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  const data = Buffer.alloc(Math.ceil(body.length / 512) * 512);
  data.write(body);
  return gzipSync(Buffer.concat([header, data, Buffer.alloc(1024)]));
}

describe('unpacking a cluster template', () => {
  it('writes a plain archive into the folder, and refuses a name outside it, a link, or no cluster, writing nothing', () => {
    const ok = join(dir, 'unpack-ok');
    expect(unpackClusterTemplate(tarOf('/PG_VERSION', '17\n'), ok)).toBe(true);
    expect(statSync(join(ok, 'PG_VERSION')).mode & 0o777).toBe(0o600);
    for (const [what, archive] of [
      ['outside', tarOf('../PG_VERSION', '17\n')],
      ['a symbolic link', tarOf('PG_VERSION', '', '2')],
      ['no PG_VERSION', tarOf('base/1', 'x')],
      ['not gzip', Buffer.from('plain text')],
    ] as const) {
      const target = join(dir, `unpack-${what.replace(/ /g, '-')}`);
      expect(unpackClusterTemplate(archive, target), what).toBe(false);
      expect(existsSync(target), what).toBe(false);
    }
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(false);
  });
});
