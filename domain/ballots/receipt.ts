/**
 * A voter's receipt as typed back to find their ballot in the published list: the 12 hex
 * digits the cast answered (`receiptOf` in ballotChain.ts), in either case. The API's
 * `?receipt=` and `cadreflow ballot published --receipt` read it with this.
 */
import { RECEIPT_LENGTH } from './ballotChain';

/** The JSON-schema pattern of a receipt, for the route's querystring. */
export const RECEIPT_PATTERN = `^[0-9a-fA-F]{${RECEIPT_LENGTH}}$`;

export function parseReceipt(raw: string): { ok: true; value: string } | { ok: false; zh: string; en: string } {
  const text = raw.trim();
  if (!new RegExp(RECEIPT_PATTERN).test(text)) {
    return {
      ok: false,
      zh: `回执码应为 ${RECEIPT_LENGTH} 位十六进制数字（0-9、a-f），收到 ${JSON.stringify(raw)}`,
      en: `a receipt is ${RECEIPT_LENGTH} hex digits (0-9, a-f), got ${JSON.stringify(raw)}`,
    };
  }
  return { ok: true, value: text.toLowerCase() };
}
