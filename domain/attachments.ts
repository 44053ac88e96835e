/**
 * What a case accepts as an attachment (scanned minutes, 考察材料): PDF, JPEG, PNG, Word
 * (.docx) and Excel (.xlsx) files of at most 10 MiB, recognised by their first bytes —
 * not by the name, which is only checked to agree with the content. A refusal says why
 * in Chinese and English. Pure: the caller hashes and stores the bytes.
 */

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const ATTACHMENT_TYPES = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  jpg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG' },
  png: { contentType: 'image/png', extensions: ['png'], label: 'PNG' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    label: 'Word (.docx)',
  },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], label: 'Excel (.xlsx)' },
} as const;

export type AttachmentKind = keyof typeof ATTACHMENT_TYPES;

export type AttachmentRefusalCode = 'empty' | 'too-large' | 'bad-name' | 'unknown-type' | 'name-mismatch';

export class AttachmentRefusal extends Error {
  override readonly name = 'AttachmentRefusal';
  constructor(
    readonly code: AttachmentRefusalCode,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** Whether the ZIP archive names an entry starting `name` in one of its local headers (names are stored uncompressed). */
function zipHasEntry(bytes: Uint8Array, name: string): boolean {
  const want = new TextEncoder().encode(name);
  // Local file header: PK\3\4, then 26 bytes, of which the name length is at 26–27.
  for (let i = 0; i + 30 <= bytes.length; i++) {
    if (bytes[i] !== 0x50 || bytes[i + 1] !== 0x4b || bytes[i + 2] !== 0x03 || bytes[i + 3] !== 0x04) continue;
    const nameLength = bytes[i + 26]! | (bytes[i + 27]! << 8);
    const start = i + 30;
    if (nameLength >= want.length && start + want.length <= bytes.length && want.every((b, k) => bytes[start + k] === b)) return true;
  }
  return false;
}

/** The kind the bytes are, or null for anything else. */
export function sniffAttachment(bytes: Uint8Array): AttachmentKind | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (zipHasEntry(bytes, 'word/')) return 'docx';
    if (zipHasEntry(bytes, 'xl/')) return 'xlsx';
  }
  return null;
}

const ALLOWED = 'PDF、JPG、PNG、DOCX、XLSX';
const ALLOWED_EN = 'PDF, JPG, PNG, DOCX or XLSX';

/** The file's kind and content type, or an AttachmentRefusal naming what is wrong. */
export function checkAttachment(fileName: string, bytes: Uint8Array): { kind: AttachmentKind; contentType: string } {
  const name = fileName.trim();
  if (name.length === 0 || name.length > 200 || /[\\/\u0000-\u001f]/.test(name)) {
    throw new AttachmentRefusal(
      'bad-name',
      '文件名为空、过长或含有路径字符',
      'the file name is empty, longer than 200 characters or holds path characters',
    );
  }
  if (bytes.length === 0) throw new AttachmentRefusal('empty', `文件 ${name} 是空的`, `the file ${name} is empty`);
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new AttachmentRefusal(
      'too-large',
      `文件 ${name} 超过 10 MiB 的上限`,
      `the file ${name} is larger than the limit of 10 MiB (${MAX_ATTACHMENT_BYTES} bytes)`,
    );
  }
  const kind = sniffAttachment(bytes);
  if (kind === null) {
    throw new AttachmentRefusal(
      'unknown-type',
      `文件 ${name} 的内容不是 ${ALLOWED} 文件`,
      `the content of ${name} is not a ${ALLOWED_EN} file`,
    );
  }
  const type = ATTACHMENT_TYPES[kind];
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (ext === undefined || !(type.extensions as readonly string[]).includes(ext)) {
    throw new AttachmentRefusal(
      'name-mismatch',
      `文件 ${name} 的内容是 ${type.label}，与扩展名不符`,
      `the content of ${name} is ${type.label}, which its name's extension does not say`,
    );
  }
  return { kind, contentType: type.contentType };
}
