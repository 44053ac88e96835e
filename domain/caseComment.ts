/**
 * A comment on a case: the one parser the API and the web form share. Text of 1–2000
 * characters after trimming; a refusal says why in Chinese and English.
 */
export const MAX_COMMENT_CHARS = 2000;

export type CommentParse = { ok: true; text: string } | { ok: false; zh: string; en: string };

export function parseComment(raw: string): CommentParse {
  const text = raw.trim();
  if (text.length === 0) return { ok: false, zh: '意见内容不能为空', en: 'the comment is empty' };
  if ([...text].length > MAX_COMMENT_CHARS) {
    return { ok: false, zh: `意见不能超过 ${MAX_COMMENT_CHARS} 个字`, en: `the comment is longer than ${MAX_COMMENT_CHARS} characters` };
  }
  return { ok: true, text };
}
