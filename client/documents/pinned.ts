/**
 * What makes a document written twice read the same: its created and modified dates are
 * the data's own (the latest instant among the rows it is written from), never the clock's,
 * and a document with no such instant gets a fixed one. The zip container's entry times
 * are the library's; every entry's text is the same.
 */

/** For a document whose data carries no instant (the roster). */
export const FIXED_DOCUMENT_DATE = '2000-01-01T00:00:00.000Z';

/** The latest of the instants (ISO strings or Dates); the fixed date when there are none. */
export function latestInstant(instants: ReadonlyArray<string | Date | null | undefined>): string {
  let latest: number | null = null;
  for (const i of instants) {
    if (i === null || i === undefined) continue;
    const ms = typeof i === 'string' ? Date.parse(i) : i.getTime();
    if (!Number.isNaN(ms) && (latest === null || ms > latest)) latest = ms;
  }
  return latest === null ? FIXED_DOCUMENT_DATE : new Date(latest).toISOString();
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * docProps/core.xml for a .docx: the `docx` package always stamps it with the clock, so
 * the documents pass this one in its place (Packer's overrides).
 */
export function docxCoreXml(title: string, dateIso: string): string {
  const when = dateIso.replace(/\.\d{3}Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlEscape(title)}</dc:title><dc:creator>cadreflow</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** RFC 6266: an ASCII fallback for old clients, the Chinese name as RFC 8187 UTF-8. */
export function attachmentHeader(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** A file-name part from an id: `evaluation-round/2026/ts-03+ts-05` → `2026-ts-03+ts-05`. */
export function fileNamePart(id: string): string {
  return id.replace(/[^A-Za-z0-9._+-]+/g, '-').replace(/^-+|-+$/g, '');
}
