/**
 * The token sheets this page opened, in the page's memory only. The server answers the
 * tokens once, at opening, and keeps only their hashes (docs/ballots.md): nothing here
 * is written to storage, so a reload or another tab cannot show them again — which is
 * the point. The hash router keeps this module alive from the case page to the session's.
 */
import type { OpenedSheet } from './ballotsApi';

const sheets = new Map<string, OpenedSheet>();

export const keepSheet = (sheet: OpenedSheet): void => {
  sheets.set(sheet.sessionId, sheet);
};

export const sheetOf = (sessionId: string): OpenedSheet | undefined => sheets.get(sessionId);

/** Where the session page lives. */
export const sessionPath = (sessionId: string): string => `/ballot-sessions/${sessionId}`;

/** A token as printed: groups of five, which the server reads back as typed (hyphens do not matter). */
export const printedToken = (token: string): string => token.replace(/(.{5})(?=.)/g, '$1-');
