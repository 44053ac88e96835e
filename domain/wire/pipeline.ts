/**
 * The member-development pipeline per village (`cadreflow pipeline`, GET
 * /member-development/pipeline): the wire types, written once for the server
 * (client/commands/members.ts) and the web UI. Type-only, but for the stages' order.
 */

export const PIPELINE_STAGES = ['applicant', 'activist', 'development-target', 'probationary', 'full'] as const;

export interface VillagePipeline {
  villageId: string;
  village: string;
  townshipId: string;
  counts: Record<(typeof PIPELINE_STAGES)[number], number>;
  /** Admitted (approved) in the year of asOf. */
  admittedThisYear: number;
  /** The first day anyone in the village's pipeline could be admitted. */
  earliestAdmissionOn: string | null;
  /** The step due soonest among the village's open cases. */
  next: { personId: string; name: string; step: string; dueOn: string } | null;
  /** No admission this year so far, and nobody who could still be admitted before it ends. */
  atRisk: boolean;
}

export interface PipelineView {
  asOf: string;
  year: string;
  villages: VillagePipeline[];
  /** Villages at risk, of all in scope (whatever the atRisk filter). */
  atRisk: number;
}

/** GET /member-development/pipeline: the view of the township asked for (null: the county). */
export interface PipelineAnswer extends PipelineView {
  township: string | null;
}
