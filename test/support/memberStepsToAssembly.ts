/**
 * A member development case's steps from its application to the branch assembly's vote
 * (支部大会表决), each with a decision its step takes, dated from the application so that
 * every waiting period is over: for the suites that need a case at its members' vote.
 */
import { addDays, addMonths } from '../../domain/calendar';

export interface StepsToAssembly {
  /** In order; each is decided once the case has opened it. */
  steps: Array<[string, Record<string, unknown>]>;
  /** The first day the branch assembly may meet: a month after the development target. */
  assemblyOn: string;
}

export function memberStepsToAssembly(appliedOn: string): StepsToAssembly {
  const activistOn = addMonths(appliedOn, 1);
  const targetOn = addMonths(activistOn, 12);
  return {
    steps: [
      ['talk', { on: addDays(appliedOn, 9), talkedBy: '王支书' }],
      ['activist-designation', { on: activistOn, contacts: '王芳、李强' }],
      ['activist-review-1', { rating: 'good' }],
      ['activist-review-2', { rating: 'good' }],
      ['development-target', { on: targetOn, sponsors: '王芳,李强' }],
      ['theory-exam', { score: 90, trainingDays: 3, trainingHours: 24 }],
      ['branch-inspection', { outcome: 'pass' }],
      // The village notice was posted on paper long ago: it closes at once.
      ['masses-vote', { cast: 40, approving: 36, noticePostedOn: addDays(targetOn, 10) }],
      ['township-review', { outcome: 'pass' }],
    ],
    assemblyOn: addMonths(targetOn, 1),
  };
}
