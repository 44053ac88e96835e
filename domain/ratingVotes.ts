/** Democratic rating (民主测评) vote counts: probation's final assessment and the annual evaluation count the same four grades. */
export interface DemocraticRatingVotes {
  excellent: number;
  competent: number;
  basicallyCompetent: number;
  notCompetent: number;
}
