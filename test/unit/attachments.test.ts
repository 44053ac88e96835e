/**
 * What a case accepts as an attachment (domain/attachments.ts): each allowed kind by its
 * first bytes, and each refusal in Chinese and English.
 */
import { describe, expect, it } from 'vitest';
import { AttachmentRefusal, checkAttachment, MAX_ATTACHMENT_BYTES, sniffAttachment } from '../../domain/attachments';

const bytes = (...parts: Array<number[] | string>): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));
/** A ZIP local file header naming `entry` (sizes and times zero: only the name matters here). */
const zipEntry = (entry: string): number[] => {
  const name = [...new TextEncoder().encode(entry)];
  return [0x50, 0x4b, 0x03, 0x04, ...new Array(22).fill(0), name.length & 0xff, name.length >> 8, 0, 0, ...name];
};
const PDF = bytes('%PDF-1.7\n', '1 0 obj');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPG = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const DOCX = bytes(zipEntry('[Content_Types].xml'), zipEntry('word/document.xml'));
const XLSX = bytes(zipEntry('[Content_Types].xml'), zipEntry('xl/workbook.xml'));

function refusal(fn: () => unknown): AttachmentRefusal {
  try {
    fn();
  } catch (err) {
    if (err instanceof AttachmentRefusal) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('attachments', () => {
  it('recognises PDF, JPEG, PNG, .docx and .xlsx by their bytes', () => {
    expect([PDF, JPG, PNG, DOCX, XLSX].map(sniffAttachment)).toEqual(['pdf', 'jpg', 'png', 'docx', 'xlsx']);
    expect(sniffAttachment(bytes(zipEntry('other/file.txt')))).toBeNull();
    expect(sniffAttachment(bytes('GIF89a'))).toBeNull();
  });

  it('accepts a file whose name agrees with its content, with its content type', () => {
    expect(checkAttachment('会议记录.pdf', PDF)).toEqual({ kind: 'pdf', contentType: 'application/pdf' });
    expect(checkAttachment('photo.JPEG', JPG).kind).toBe('jpg');
    expect(checkAttachment('考察材料.docx', DOCX).contentType).toMatch(/wordprocessingml/);
    expect(checkAttachment('名册.xlsx', XLSX).contentType).toMatch(/spreadsheetml/);
  });

  it('refuses a renamed file by its content, not its name', () => {
    const r = refusal(() => checkAttachment('minutes.pdf', PNG));
    expect(r.code).toBe('name-mismatch');
    expect(r.message).toMatch(/内容是 PNG，与扩展名不符.*content of minutes.pdf is PNG/);
    const exe = refusal(() => checkAttachment('minutes.pdf', bytes('MZ\x90\x00')));
    expect(exe.code).toBe('unknown-type');
    expect(exe.message).toMatch(/不是 PDF、JPG、PNG、DOCX、XLSX 文件.*not a PDF, JPG, PNG, DOCX or XLSX file/);
  });

  it('refuses an empty file, one over 10 MiB, and a name with a path', () => {
    expect(refusal(() => checkAttachment('a.pdf', new Uint8Array())).code).toBe('empty');
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PDF);
    expect(refusal(() => checkAttachment('a.pdf', big)).message).toMatch(/超过 10 MiB.*larger than the limit of 10 MiB/);
    expect(checkAttachment('a.pdf', big.subarray(0, MAX_ATTACHMENT_BYTES)).kind).toBe('pdf');
    expect(refusal(() => checkAttachment('../a.pdf', PDF)).code).toBe('bad-name');
    expect(refusal(() => checkAttachment('  ', PDF)).code).toBe('bad-name');
  });
});
