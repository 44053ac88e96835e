/**
 * Where a rectification case (后进党组织整顿) stands, and its current round's plan: the
 * read model's columns (schema/tables/rectification.ts), the dashboard's counts and the
 * web UI's bars, in this order.
 *
 * rectifying: a round is under way (plan, reports, inspection); consolidating: after a
 * basic pass, until the next inspection; passed: awaiting sign-off; follow-up: signed
 * off (销号), followed up; rectified: the follow-up report is in and the case closed.
 */
export const RECTIFICATION_STATUSES = ['rectifying', 'consolidating', 'passed', 'follow-up', 'rectified'] as const;
export type RectificationCaseStatus = (typeof RECTIFICATION_STATUSES)[number];

export type RectificationPlanStatus = 'none' | 'drafted' | 'rejected' | 'approved';
