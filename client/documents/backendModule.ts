/**
 * The documents' backend: what each document is written from, read where the database
 * is (this process, or a running `cadreflow up` that owns the embedded one). Its calls
 * return plain JSON (the rows and text); the file is laid out by the caller.
 */
import type { RosterRows } from '../../domain/roster/fromRegistry';
import type { BackendModule } from '../backendModule';
import { readResultSheet, type ResultSheet } from './evaluationResults';
import { readNotice, type NoticeDocument } from './publicNotice';
import { readLedger, type Ledger, type LedgerFilter } from './rectificationLedger';
import { readRosterRows, type RosterReader } from './roster';

export interface DocumentCalls {
  roster(township: string | null, reader: RosterReader): Promise<RosterRows>;
  evaluationResults(roundId: string, township: string | null): Promise<ResultSheet | null>;
  rectificationLedger(filter: LedgerFilter): Promise<Ledger>;
  notice(caseId: string, contact: string | null): Promise<NoticeDocument | null>;
}

export const documentsBackend: BackendModule<DocumentCalls> = {
  name: 'documents',
  create: ({ db, personalData }) => ({
    roster: (township, reader) => readRosterRows(db, township, reader, personalData),
    evaluationResults: (roundId, township) => readResultSheet(db, roundId, township),
    rectificationLedger: (filter) => readLedger(db, filter),
    notice: (caseId, contact) => readNotice(db, caseId, { contact }),
  }),
};
