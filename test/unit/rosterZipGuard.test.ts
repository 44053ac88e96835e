import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { checkWorkbookZip, coveredCells, RosterFileRefused } from '../../client/roster/zipGuard';
import { ROSTER_LIMITS } from '../../domain/roster/limits';

async function zip(parts: Record<string, string | Buffer>): Promise<Buffer> {
  const z = new JSZip();
  for (const [name, data] of Object.entries(parts)) z.file(name, data);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

function refusal(f: () => unknown): RosterFileRefused {
  try {
    f();
  } catch (err) {
    if (err instanceof RosterFileRefused) return err;
    throw err;
  }
  throw new Error('not refused');
}

/** Offsets of the central-directory headers (PK\1\2) in the archive, of the part `name` only when given. */
function centralHeaders(file: Buffer, name?: string): number[] {
  const out: number[] = [];
  for (let i = file.indexOf('PK\x01\x02', 0, 'latin1'); i >= 0; i = file.indexOf('PK\x01\x02', i + 4, 'latin1')) {
    if (name === undefined || file.toString('utf8', i + 46, i + 46 + file.readUInt16LE(i + 28)) === name) out.push(i);
  }
  return out;
}

describe('a roster file’s zip, before exceljs expands it', () => {
  it('given a workbook-like zip within the limits, when checked, then its parts and unzipped size are counted', async () => {
    const file = await zip({ '[Content_Types].xml': '<Types/>', 'xl/worksheets/sheet1.xml': '<row/>'.repeat(1000) });
    // JSZip writes the folders xl/ and xl/worksheets/ as parts of their own.
    expect(checkWorkbookZip(file)).toEqual({ parts: 4, unzippedBytes: 8 + 6000 });
  });

  it('given a file over the size limit, when checked, then it is refused as too large before its contents are read', () => {
    const r = refusal(() => checkWorkbookZip(Buffer.alloc(ROSTER_LIMITS.maxFileBytes + 1)));
    expect(r.reason).toBe('too-large');
    expect(r.message).toBe('文件有 10 MiB，超过 10 MiB 的上限 / the file is 10 MiB, over the 10 MiB limit');
  });

  it('given bytes that are no zip, when checked, then it is not a workbook', () => {
    expect(refusal(() => checkWorkbookZip(Buffer.from('姓名,性别\n王建国,男\n'))).reason).toBe('not-zip');
  });

  it('given a part of zeros compressed a thousand times over, when checked, then it is refused as a zip bomb', async () => {
    const file = await zip({ 'xl/worksheets/sheet1.xml': Buffer.alloc(4 * 1024 * 1024) });
    expect(file.length).toBeLessThan(20 * 1024);
    const r = refusal(() => checkWorkbookZip(file));
    expect(r.reason).toBe('expands-too-far');
    expect(r.message).toContain('xl/worksheets/sheet1.xml is compressed more than 200:1');
  });

  it('given parts declaring more than the unzipped limit in all, when checked, then it is refused on the declared total', async () => {
    const file = await zip({ a: Buffer.alloc(3000, 1), b: Buffer.alloc(3000, 2) });
    const limits = { ...ROSTER_LIMITS, maxUnzippedBytes: 5999 };
    expect(refusal(() => checkWorkbookZip(file, limits)).message).toContain('it declares more than');
    expect(checkWorkbookZip(file, { ...limits, maxUnzippedBytes: 6000 }).unzippedBytes).toBe(6000);
  });

  it('given a central directory that understates a part’s size, when checked, then inflating it past its claim is refused', async () => {
    const file = await zip({ 'xl/worksheets/sheet1.xml': Buffer.alloc(512 * 1024, 0x41) });
    // Claim 1,000 bytes where there are 524,288: the declared sizes then pass every limit.
    const [at] = centralHeaders(file, 'xl/worksheets/sheet1.xml');
    file.writeUInt32LE(1000, at! + 24);
    const r = refusal(() => checkWorkbookZip(file));
    expect(r.reason).toBe('expands-too-far');
    expect(r.message).toContain('xl/worksheets/sheet1.xml expands past the size it declares');
  });

  it('given more parts than a workbook has, when checked, then it is refused on the count', async () => {
    const parts = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`p${i}`, 'x']));
    const file = await zip(parts);
    expect(refusal(() => checkWorkbookZip(file, { ...ROSTER_LIMITS, maxEntries: 5 })).reason).toBe('too-many-parts');
    expect(checkWorkbookZip(file, { ...ROSTER_LIMITS, maxEntries: 6 }).parts).toBe(6);
  });

  it('given an encrypted part, when checked, then the zip form is refused', async () => {
    const file = await zip({ a: 'secret' });
    for (const at of centralHeaders(file)) file.writeUInt16LE(file.readUInt16LE(at + 8) | 1, at + 8);
    expect(refusal(() => checkWorkbookZip(file)).reason).toBe('unsupported-zip');
  });

  it('given a data validation over a whole sheet, a few bytes of XML, when checked, then the cells it covers are refused', async () => {
    const whole =
      '<worksheet><dataValidations><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a"</formula1></dataValidation></dataValidations></worksheet>';
    expect(coveredCells(whole)).toBe(16384 * 1048576);
    const file = await zip({ 'xl/worksheets/sheet1.xml': whole });
    expect(refusal(() => checkWorkbookZip(file)).message).toContain('drop-down lists and merged cells cover more than 1000000 cells');
  });

  it('given the template’s lists and a merged range, when their cells are counted, then each range counts rows × columns', () => {
    const xml =
      '<dataValidation type="list" sqref="C2:C20001"/><dataValidation sqref="D2:E3 G7"/><mergeCells><mergeCell ref="A1:B2"/></mergeCells>';
    expect(coveredCells(xml)).toBe(20000 + 4 + 1 + 4);
  });
});
