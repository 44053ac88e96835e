/**
 * `Content-Disposition` for a download with a Chinese file name (RFC 6266): the name as
 * RFC 8187 (formerly 5987) `filename*=UTF-8''…`, which every current browser reads, and an
 * ASCII `filename` for clients that read only that one — a name of its own, since a
 * Chinese name stripped of its Chinese says nothing (名册模板.xlsx would become ".xlsx").
 */
export function attachmentDisposition(fileName: string, asciiFallback: string): string {
  if (!/^[\x20-\x7e]+$/.test(asciiFallback) || /["\\]/.test(asciiFallback))
    throw new Error(`not a plain ASCII file name: ${asciiFallback}`);
  // encodeURIComponent leaves ' ( ) * ! unescaped; RFC 8187's attr-char does not allow them.
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}
