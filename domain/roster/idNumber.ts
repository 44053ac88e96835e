/**
 * The 18-character citizen ID number (公民身份号码, GB 11643-1999): a 6-digit address
 * code, the birth date YYYYMMDD, a 3-digit sequence whose last digit is odd for men and
 * even for women, and a check character (ISO 7064 MOD 11-2: 0–9 or X). The 15-digit
 * numbers issued before 1999 are no longer valid and are refused with that reason.
 */
import { halfWidth } from './cell';

export interface IdNumber {
  /** The 18 characters, X upper-case. */
  value: string;
  birth: { year: number; month: number; day: number };
  gender: 'male' | 'female';
}

export type IdNumberRefusal = 'form' | 'fifteen-digits' | 'region' | 'birth-date' | 'checksum';
export type IdNumberParse = { ok: true; value: IdNumber } | { ok: false; reason: IdNumberRefusal; expectedCheck?: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * Province-level codes (the first two digits) of GB/T 2260, with 81/82 (Hong Kong, Macao)
 * and 83 (Taiwan residents' residence permits), which carry 18-digit numbers of the same form.
 */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
  83,
]);

/** The check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idNumberCheckChar: 17 digits expected');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** The number as typed without spaces (a number pasted in groups of four), full-width digits and x read as ASCII and X. */
export function normalizeIdNumber(cell: string): string {
  return halfWidth(cell).replace(/\s+/g, '').toUpperCase();
}

export function parseIdNumber(cell: string): IdNumberParse {
  const s = normalizeIdNumber(cell);
  if (/^\d{15}$/.test(s)) return { ok: false, reason: 'fifteen-digits' };
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, reason: 'form' };
  if (!PROVINCES.has(Number(s.slice(0, 2)))) return { ok: false, reason: 'region' };
  const year = Number(s.slice(6, 10));
  const month = Number(s.slice(10, 12));
  const day = Number(s.slice(12, 14));
  if (!isCalendarDay(year, month, day) || year < 1900) return { ok: false, reason: 'birth-date' };
  const check = idNumberCheckChar(s.slice(0, 17));
  if (s[17] !== check) return { ok: false, reason: 'checksum', expectedCheck: check };
  return { ok: true, value: { value: s, birth: { year, month, day }, gender: Number(s[16]) % 2 === 1 ? 'male' : 'female' } };
}

function isCalendarDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}
