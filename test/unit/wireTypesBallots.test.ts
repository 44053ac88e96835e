/**
 * The online ballot routes' wire types (domain/wire/ballotSession.ts) against their
 * response schemas (client/api/ballotSchemas.ts): the chair's sheet and turnout, a case's
 * sessions, a session closed and the step decided from it.
 */
import { describe, expect, it } from 'vitest';
import { CASE_SESSION, CASE_SESSIONS, CLOSED_SESSION, OPENED_SHEET, SESSION_DECIDED, TURNOUT } from '../../client/api/ballotSchemas';
import type {
  BallotSessionResult,
  BallotSheetEntry,
  BallotTurnout,
  CaseBallotSession,
  CaseBallotSessions,
  ClosedBallotSession,
  GroupTurnout,
  OpenedBallotSheet,
  SessionDecided,
  SessionDecisionRefusal,
} from '../../domain/wire/ballotSession';
import type { DecisionReceipt } from '../../domain/wire/decisionReceipt';
import { at, O, R, schemaShape, shape } from '../support/wireShape';

describe('the online ballot routes name the fields their wire types do', () => {
  it('an online ballot session closed, and the step decided from it', () => {
    const receipt = shape<DecisionReceipt>({ caseId: R, step: R, taskId: R, position: R });
    const result = shape<BallotSessionResult>({ sessionId: R, caseId: R, step: R, head: R, cast: R, tally: R, decision: R });
    expect(schemaShape(CLOSED_SESSION)).toEqual(
      shape<ClosedBallotSession>({
        sessionId: R,
        caseId: R,
        step: R,
        head: R,
        cast: R,
        tally: R,
        decision: R,
        decided: R,
        decisionRefusal: O,
      }),
    );
    // The close answers the published result's fields, and more.
    expect(schemaShape(CLOSED_SESSION)).toMatchObject(result);
    expect(schemaShape(at(CLOSED_SESSION, 'decided'))).toEqual(receipt);
    expect(schemaShape(at(CLOSED_SESSION, 'decisionRefusal'))).toEqual(shape<SessionDecisionRefusal>({ code: R, zh: R, en: R }));
    expect(schemaShape(SESSION_DECIDED)).toEqual(shape<SessionDecided>({ receipt: R }));
    expect(schemaShape(at(SESSION_DECIDED, 'receipt'))).toEqual(receipt);
  });

  it('the open’s token sheet and the turnout name the fields their schemas do', () => {
    expect(schemaShape(OPENED_SHEET)).toEqual(shape<OpenedBallotSheet>({ sessionId: R, definition: R, tokens: R, spares: R }));
    expect(schemaShape(at(OPENED_SHEET, 'tokens', '[]'))).toEqual(shape<BallotSheetEntry>({ group: R, token: R, url: R }));
    expect(schemaShape(TURNOUT)).toEqual(
      shape<BallotTurnout>({ sessionId: R, status: R, due: R, cast: R, tokens: R, groups: R, quorum: R, closesAt: R }),
    );
    expect(schemaShape(at(TURNOUT, 'tokens'))).toEqual(shape<BallotTurnout['tokens']>({ issued: R, used: R, voided: R, spares: R }));
    expect(schemaShape(at(TURNOUT, 'groups', '[]'))).toEqual(
      shape<GroupTurnout>({ key: R, label: R, due: R, issued: R, used: R, voided: R }),
    );
  });

  it('a case’s sessions name the fields their schema does: counts and times, no token', () => {
    expect(schemaShape(CASE_SESSIONS)).toEqual(shape<CaseBallotSessions>({ caseId: R, sessions: R }));
    expect(schemaShape(CASE_SESSION)).toEqual(
      shape<CaseBallotSession>({ sessionId: R, step: R, status: R, due: R, cast: R, openedAt: R, closesAt: R, closedAt: R }),
    );
    expect(schemaShape(at(CASE_SESSIONS, 'sessions', '[]'))).toEqual(schemaShape(CASE_SESSION));
  });
});
