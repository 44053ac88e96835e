/**
 * An .xlsx file is a zip archive; before exceljs expands one, this reads the archive's
 * central directory and refuses a file that is too large, has too many parts, declares
 * more unzipped bytes than a roster can need, or compresses one part suspiciously well
 * (a zip bomb). Declared sizes can lie, so each part is then inflated here with Node's
 * zlib under a ceiling of its declared size: a part that expands past what it declares is
 * refused before any library holds it in memory. Encrypted, ZIP64 and multi-disk archives
 * are refused: no spreadsheet program writes a roster that way.
 */
import { inflateRawSync } from 'node:zlib';
import { ROSTER_LIMITS, type RosterLimits } from '../../domain/roster/limits';
import { UserError } from '../cases';

/** A roster file refused before it was read, with the reason in Chinese and English. */
export class RosterFileRefused extends UserError {
  constructor(
    readonly reason: 'too-large' | 'not-zip' | 'unsupported-zip' | 'too-many-parts' | 'expands-too-far',
    zh: string,
    en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = 'RosterFileRefused';
  }
}

export interface ZipSummary {
  parts: number;
  unzippedBytes: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MiB = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

export function checkFileSize(bytes: number, limits: Pick<RosterLimits, 'maxFileBytes'> = ROSTER_LIMITS): void {
  if (bytes > limits.maxFileBytes) {
    throw new RosterFileRefused(
      'too-large',
      `文件有 ${MiB(bytes)}，超过 ${MiB(limits.maxFileBytes)} 的上限`,
      `the file is ${MiB(bytes)}, over the ${MiB(limits.maxFileBytes)} limit`,
    );
  }
}

export function checkWorkbookZip(file: Buffer, limits: RosterLimits = ROSTER_LIMITS): ZipSummary {
  checkFileSize(file.length, limits);
  const notZip = () =>
    new RosterFileRefused('not-zip', '不是 .xlsx 工作簿（无法作为 zip 读取）', 'not an .xlsx workbook (not readable as a zip archive)');
  const unsupported = (what: string) =>
    new RosterFileRefused(
      'unsupported-zip',
      `不支持的 zip 格式（${what}）：请用 Excel 或 WPS 另存为 .xlsx`,
      `unsupported zip form (${what}): save it as .xlsx from Excel or WPS`,
    );

  const eocd = findEndOfCentralDirectory(file);
  if (eocd < 0) throw notZip();
  const disk = file.readUInt16LE(eocd + 4);
  const cdDisk = file.readUInt16LE(eocd + 6);
  const entries = file.readUInt16LE(eocd + 10);
  const cdSize = file.readUInt32LE(eocd + 12);
  const cdOffset = file.readUInt32LE(eocd + 16);
  if (disk !== 0 || cdDisk !== 0) throw unsupported('multi-disk');
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw unsupported('ZIP64');
  if (cdOffset + cdSize > eocd) throw notZip();
  if (entries > limits.maxEntries) {
    throw new RosterFileRefused(
      'too-many-parts',
      `工作簿有 ${entries} 个部件，超过 ${limits.maxEntries} 个的上限`,
      `the workbook has ${entries} parts, over the limit of ${limits.maxEntries}`,
    );
  }
  const bomb = (detail: { zh: string; en: string }) =>
    new RosterFileRefused(
      'expands-too-far',
      `工作簿解压后过大（${detail.zh}），疑为压缩炸弹，未读取`,
      `the workbook expands too far when unzipped (${detail.en}), as a zip bomb does; not read`,
    );

  let at = cdOffset;
  let declaredTotal = 0;
  const parts: Array<{ name: string; method: number; compressed: number; size: number; local: number }> = [];
  for (let i = 0; i < entries; i++) {
    if (at + 46 > file.length || file.readUInt32LE(at) !== CENTRAL) throw notZip();
    const flags = file.readUInt16LE(at + 8);
    const method = file.readUInt16LE(at + 10);
    const compressed = file.readUInt32LE(at + 20);
    const size = file.readUInt32LE(at + 24);
    const nameLength = file.readUInt16LE(at + 28);
    const extraLength = file.readUInt16LE(at + 30);
    const commentLength = file.readUInt16LE(at + 32);
    const local = file.readUInt32LE(at + 42);
    const name = file.toString('utf8', at + 46, at + 46 + nameLength);
    if (flags & 0x1) throw unsupported('encrypted');
    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw unsupported('ZIP64');
    if (method !== 0 && method !== 8) throw unsupported(`compression method ${method}`);
    declaredTotal += size;
    if (declaredTotal > limits.maxUnzippedBytes) {
      throw bomb({ zh: `声明超过 ${MiB(limits.maxUnzippedBytes)}`, en: `it declares more than ${MiB(limits.maxUnzippedBytes)}` });
    }
    if (size > limits.ratioCheckedAboveBytes && size > compressed * limits.maxCompressionRatio) {
      throw bomb({
        zh: `${name} 的压缩比超过 ${limits.maxCompressionRatio}:1`,
        en: `${name} is compressed more than ${limits.maxCompressionRatio}:1`,
      });
    }
    parts.push({ name, method, compressed, size, local });
    at += 46 + nameLength + extraLength + commentLength;
  }

  // The declared sizes pass; now hold each part to its own.
  let rangeCells = 0;
  for (const p of parts) {
    if (p.local + 30 > file.length || file.readUInt32LE(p.local) !== LOCAL) throw notZip();
    const start = p.local + 30 + file.readUInt16LE(p.local + 26) + file.readUInt16LE(p.local + 28);
    if (start + p.compressed > file.length) throw notZip();
    const data = file.subarray(start, start + p.compressed);
    let content: Buffer;
    if (p.method === 0) content = data;
    else {
      try {
        // One byte over the declared size is enough to prove it lies; zlib stops there.
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, p.size + 1) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
          throw bomb({ zh: `${p.name} 解压后超过其声明的大小`, en: `${p.name} expands past the size it declares` });
        }
        throw notZip();
      }
    }
    if (content.length !== p.size)
      throw bomb({ zh: `${p.name} 解压后的大小与声明不符`, en: `${p.name} does not expand to the size it declares` });
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(p.name)) {
      rangeCells += coveredCells(content.toString('utf8'));
      if (rangeCells > limits.maxRangeCells) {
        throw bomb({
          zh: `下拉列表和合并单元格覆盖超过 ${limits.maxRangeCells} 个单元格`,
          en: `its drop-down lists and merged cells cover more than ${limits.maxRangeCells} cells`,
        });
      }
    }
  }
  return { parts: parts.length, unzippedBytes: declaredTotal };
}

/** Cells covered by a sheet's data validations (sqref) and merged ranges (ref), which exceljs expands cell by cell. */
export function coveredCells(sheetXml: string): number {
  let cells = 0;
  const ranges = /<(?:dataValidation|mergeCell)\b[^>]*?\b(?:sqref|ref)="([^"]*)"/g;
  for (let m = ranges.exec(sheetXml); m; m = ranges.exec(sheetXml)) {
    for (const ref of m[1]!.trim().split(/\s+/)) cells += refCells(ref);
  }
  return cells;
}

function refCells(ref: string): number {
  const [a = '', b = a] = ref.split(':');
  const pa = cellAddress(a);
  const pb = cellAddress(b);
  if (!pa || !pb) return 0;
  return (Math.abs(pb.row - pa.row) + 1) * (Math.abs(pb.col - pa.col) + 1);
}

function cellAddress(s: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(s);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/** The End Of Central Directory record: 22 bytes at the end, after which only its comment (≤ 64 KiB) may follow. */
function findEndOfCentralDirectory(file: Buffer): number {
  const lowest = Math.max(0, file.length - 22 - 0xffff);
  for (let i = file.length - 22; i >= lowest; i--) {
    if (file.readUInt32LE(i) === EOCD && i + 22 + file.readUInt16LE(i + 20) === file.length) return i;
  }
  return -1;
}
