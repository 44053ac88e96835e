/**
 * Unpacks a PGlite cluster template (`pg.dumpDataDir('gzip')`: a gzipped ustar of the
 * cluster's folders and files) into a new data folder, in Node. PGlite can load the same
 * tarball itself (`loadDataDir`), but it writes each file through its WebAssembly file
 * system into the folder: 5 s for the empty cluster's 39 MB on a busy two-core machine,
 * against a few hundred milliseconds here. Only what a dump holds is accepted — plain
 * files and folders, relative names without `..`; anything else answers false and the
 * caller lets PGlite load it.
 */
import { mkdirSync, renameSync, rmSync, rmdirSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

interface Entry {
  name: string;
  kind: 'file' | 'dir';
  data: Buffer;
}

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** The entries of a ustar archive, or undefined when it holds anything but plain files and folders. */
function entries(tar: Buffer): Entry[] | undefined {
  const out: Entry[] = [];
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    // Two zero blocks end the archive; one is enough to stop.
    if (header.every((b) => b === 0)) return out;
    if (field(header, 257, 6) !== 'ustar') return undefined;
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    if (!Number.isSafeInteger(size) || size < 0) return undefined;
    const type = String.fromCharCode(header[156]!);
    const prefix = field(header, 345, 155);
    const name = path.posix.normalize((prefix ? `${prefix}/` : '') + field(header, 0, 100)).replace(/^\/+/, '');
    if (name === '' || name === '.' || name.split('/').includes('..')) return undefined;
    const start = at + BLOCK;
    if (start + size > tar.length) return undefined;
    if (type === '0' || type === '\0') out.push({ name, kind: 'file', data: tar.subarray(start, start + size) });
    else if (type === '5') out.push({ name, kind: 'dir', data: Buffer.alloc(0) });
    else return undefined;
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}

/**
 * Unpacks the template into `dataDir`, which must be missing or empty. Unpacked beside it
 * and renamed into place, so an interrupted unpack leaves no half cluster. False when the
 * archive is not one this reads (nothing is written then).
 */
export function unpackClusterTemplate(gzipped: Buffer, dataDir: string): boolean {
  let list: Entry[] | undefined;
  try {
    list = entries(gunzipSync(gzipped));
  } catch {
    return false;
  }
  if (!list || !list.some((e) => e.name === 'PG_VERSION')) return false;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  const partial = `${dataDir}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  try {
    mkdirSync(partial, { recursive: true, mode: 0o700 });
    for (const e of list) {
      const target = path.join(partial, e.name);
      if (e.kind === 'dir') mkdirSync(target, { recursive: true, mode: 0o700 });
      else {
        mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
        writeFileSync(target, e.data, { mode: 0o600 });
      }
    }
    if (existsSync(dataDir)) rmdirSync(dataDir);
    renameSync(partial, dataDir);
    return true;
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}
