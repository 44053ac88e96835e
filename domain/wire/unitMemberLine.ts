/**
 * A cadre of a unit as the committee grades them (GET
 * /evaluation/rounds/:id/units/:unit/members): the wire type, written once for the server
 * (client/commands/evaluationBackend.ts) and the web UI (web/src/api.ts). Not the round's
 * own UnitMember (domain/evaluationRound.ts), which the decider reads. Type-only.
 */
import type { Grade } from '../grades';

export interface UnitMemberLine {
  personId: string;
  name: string;
  recommended: Grade | null;
  voteProposal: 'excellent' | 'not-competent' | null;
}
