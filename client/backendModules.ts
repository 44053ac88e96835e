/**
 * Procedures' backend modules, served by `cadreflow up` beside the core calls.
 * A procedure adds its module here (see BackendModule in backend.ts).
 */
import type { BackendModule } from './backend';
import { auditBackend } from './audit/backendModule';
import { rectificationBackend } from './rectificationService';
import { membersModule } from './commands/members';
import { electionBackend } from './electionService';
import { evaluationBackend } from './commands/evaluationBackend';
import { selectionBackend } from './selectionService';
import { rosterBackend } from './roster/backendModule';
import { documentsBackend } from './documents/backendModule';
import { lrmxBackend } from './lrmx/backendModule';
import { cadresBackend } from './cadres/backendModule';
import { registryChangesBackend } from './registry/backendModule';
import { ballotBackend } from './ballots/backendModule';

export const BACKEND_MODULES: ReadonlyArray<BackendModule<object>> = [
  auditBackend,
  rectificationBackend,
  membersModule,
  electionBackend,
  evaluationBackend,
  selectionBackend,
  rosterBackend,
  documentsBackend,
  lrmxBackend,
  cadresBackend,
  registryChangesBackend,
  ballotBackend,
];
