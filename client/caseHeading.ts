/**
 * A case's heading as the API answers it (domain/wire/caseSummary.ts `CaseHeading`), from
 * its row in the `cases` read model: the list (client/caseList.ts) and the view
 * (client/backend.ts `caseView`) show the same fields the same way.
 */
import type { Selectable } from 'kysely';
import type { CaseHeading } from '../domain/wire/caseSummary';
import type { CasesTable } from '../schema/db';

type HeadingRow = Pick<
  Selectable<CasesTable>,
  'case_id' | 'kind' | 'summary' | 'township_id' | 'stage' | 'status' | 'outcome' | 'policy_version' | 'started_at'
>;

export function caseHeadingOf(c: HeadingRow): CaseHeading {
  return {
    caseId: c.case_id,
    kind: c.kind,
    summary: c.summary,
    townshipId: c.township_id,
    stage: c.stage,
    status: c.status,
    outcome: c.outcome,
    policyVersion: c.policy_version,
    startedAt: c.started_at.toISOString(),
  };
}
