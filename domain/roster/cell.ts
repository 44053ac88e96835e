/**
 * A roster cell as the checks read it. People type rosters by hand, paste them from other
 * systems and switch input methods halfway through a number, so a cell is trimmed of the
 * characters a reader cannot see (domain/decisions.ts trimText) and, for the cells that
 * hold numbers and dates, full-width digits and punctuation (１９７５．０３) are read as
 * their ASCII forms. The text a person typed is kept for the report.
 */
import { trimText } from '../decisions';

/** The cell without invisible characters at its ends; '' for an empty cell. */
export function cleanCell(raw: string): string {
  return trimText(raw);
}

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space as their ASCII forms. */
export function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}
