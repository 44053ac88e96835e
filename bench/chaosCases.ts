/**
 * The probation cases of a chaos run (bench/chaosRun.ts) and the decisions the load
 * client sends for their steps: 7 in 10 confirmed, 2 removed after a poor rating, 1
 * ended early by the county.
 */
import type { Actor } from '../domain/actors';
import type { PlannedCase } from './chaosKit';

/** A small seeded generator (mulberry32), so a run's duplicates and fault timings can be replayed by seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CasePlan extends PlannedCase {
  townshipId: string;
  /** Steps decided so far by the client (for the ended-early cases, which end at their second task). */
  tasksSeen: number;
  ending: boolean;
}

const COUNTY: Actor = { id: 'chaos-org', role: 'county-org-dept' };

/** Who decides `step` of the case, and what; a check-in's rating is drawn from `rnd`. */
export function decisionFor(plan: CasePlan, step: string, rnd: () => number): { actor: Actor; decision: unknown } {
  const township: Actor = { id: `chaos-${plan.townshipId}`, role: 'township-committee', townshipId: plan.townshipId };
  const removing = plan.outcome === 'removed';
  if (step.startsWith('check-in-')) {
    return {
      actor: township,
      decision: { rating: (['good', 'adequate', 'concern'] as const)[Math.floor(rnd() * 3)], comment: `考察 ${step}` },
    };
  }
  switch (step) {
    case 'democratic-rating':
      return {
        actor: township,
        decision: removing
          ? { votes: { excellent: 3, competent: 8, basicallyCompetent: 10, notCompetent: 9 } }
          : { votes: { excellent: 12, competent: 15, basicallyCompetent: 3, notCompetent: 1 } },
      };
    case 'township-recommendation':
      return { actor: township, decision: removing ? { outcome: 'remove', reason: '测评不达标' } : { outcome: 'confirm', reason: '胜任' } };
    case 'county-decision':
      return { actor: COUNTY, decision: removing ? { outcome: 'remove', reason: '试用期考核不称职' } : { outcome: 'confirm', reason: '' } };
    case 'end-early':
      return { actor: COUNTY, decision: { reason: '严重违纪，提前结束试用' } };
    default:
      throw new Error(`${plan.caseId}: the load client does not know step ${step}`);
  }
}
