/**
 * A refusal of what a person typed, in Chinese and English. The zh-CN web UI shows the
 * Chinese, the English UI and the API's `detail` the English; the parsers of the start
 * forms (probation, election, rectification, member application, selection) and of the
 * evaluation's schedule and grades return it. `error` stays the English text, so every
 * caller that reads a Parsed<T> (and every test matching its words) is unchanged.
 */
import { onlyKeys, type Parsed } from './decisions';

export interface Bilingual {
  zh: string;
  en: string;
}

/** A Parsed<T> whose refusal also says it in Chinese; still a Parsed<T> wherever one is expected. */
export type ParsedInput<T> = { ok: true; value: T } | Refusal;
export type Refusal = { ok: false; error: string; zh: string };

/** What a ParsedInput<T> accepts (domain/decisions.ts `ok`, typed for it). */
export const accept = <T>(value: T): ParsedInput<T> => ({ ok: true, value });

/** A refusal: the English first (as `error`), then the Chinese. */
export const refuse = (en: string, zh: string): Refusal => ({ ok: false, error: en, zh });

/**
 * A shared helper's refusal (domain/decisions.ts `text`, `calendarDay`, `oneOf` … speak
 * English only) with its Chinese: `zh` is given the English, for a text that quotes it.
 */
export function withChinese<T>(parsed: Parsed<T>, zh: string | ((en: string) => string)): ParsedInput<T> {
  if (parsed.ok) return parsed;
  return refuse(parsed.error, typeof zh === 'string' ? zh : zh(parsed.error));
}

/** onlyKeys with its Chinese: fields a form does not know, refused rather than ignored. */
export function unknownFields(raw: Record<string, unknown>, allowed: readonly string[], prefix = ''): Refusal | undefined {
  const en = onlyKeys(raw, allowed);
  if (!en) return undefined;
  const extra = Object.keys(raw).filter((k) => !allowed.includes(k));
  return refuse(`${prefix}${en}`, `${prefix}未知字段：${extra.join('、')}（可用字段：${allowed.join('、')}）`);
}

/**
 * What a page in `lang` shows of a refusal: its Chinese or English when it says it in
 * both (a parser's refusal; an API problem's `zh`/`en`), else `otherwise`, its one text.
 */
export function inLanguage(lang: 'zh' | 'en', said: { zh?: string | undefined; en?: string | undefined }, otherwise: string): string {
  return (lang === 'zh' ? said.zh : said.en) ?? otherwise;
}
