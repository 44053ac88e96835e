/**
 * LRMX and the 任免审批表 as a backend module, so the CLI works against a running
 * `cadreflow up` too (it owns the embedded database). Files cross the control channel as
 * base64; a file that is not a form (LrmxError) reaches the command as a UserError with
 * its Chinese and English message.
 */
import type { Actor } from '../../domain/actors';
import { LrmxError } from '../../domain/lrmx/form';
import type { AccessBy } from '../api/accessLog';
import type { BackendModule } from '../backend';
import { UserError } from '../userError';
import { appointmentFormDocx, appointmentFormFileName } from './appointmentForm';
import { exportLrmx, importLrmx, PersonNotFound, readFormFacts, type LrmxImportOptions, type LrmxImportResult } from './lrmxRegistry';

export interface LrmxBackend {
  exportLrmx(personId: string, by: AccessBy): Promise<{ name: string; base64: string }>;
  importLrmx(base64: string, opts: LrmxImportOptions, actor: Actor): Promise<LrmxImportResult>;
  appointmentForm(personId: string, today: string): Promise<{ name: string; base64: string }>;
}

async function userErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof LrmxError) throw new UserError(e.message);
    throw e;
  }
}

export const lrmxBackend: BackendModule<LrmxBackend> = {
  name: 'lrmx',
  create: ({ db, personalData }) => ({
    exportLrmx: (personId, by) =>
      userErrors(async () => {
        const { name, file } = await exportLrmx(db, personalData, personId, by);
        return { name, base64: file.toString('base64') };
      }),
    importLrmx: (base64, opts, actor) => userErrors(() => importLrmx(db, personalData, Buffer.from(base64, 'base64'), opts, actor)),
    appointmentForm: (personId, today) =>
      userErrors(async () => {
        const facts = await readFormFacts(db, personalData, personId);
        if (!facts) throw new PersonNotFound(personId);
        return { name: appointmentFormFileName(facts).name, base64: (await appointmentFormDocx(facts, today)).toString('base64') };
      }),
  }),
};
