/**
 * The forms of a probation (试用期): the township committee's check-ins, the democratic
 * rating at its end, the recommendation and the county's decision, and the county's
 * ending it early (not a task: the case page offers it at any time).
 */
import { CHECK_IN_RATINGS, OUTCOMES, parseAssessment, parseCheckIn, parseEndEarly, parseOutcome } from '../../../domain/probation';
import type { TextKey } from '../i18n';
import { opt, RATING_KEYS, votes, type FormsOf } from './spec';

const OUTCOME_KEYS: Record<(typeof OUTCOMES)[number], TextKey> = { confirm: 'outcomeConfirm', remove: 'outcomeRemove' };

export const probationForms: FormsOf<'probation'> = {
  'probation.check-in': {
    id: 'check-in',
    fields: [
      { name: ['rating'], label: 'rating', kind: 'radio', options: CHECK_IN_RATINGS.map((r) => opt(r, RATING_KEYS[r])), required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parseCheckIn,
  },
  'probation.rating': { id: 'probation-rating', fields: votes(['votes']), parse: parseAssessment },
  'probation.outcome': {
    id: 'probation-outcome',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: OUTCOMES.map((o) => opt(o, OUTCOME_KEYS[o])), required: true },
      { name: ['reason'], label: 'reason', kind: 'longText' },
    ],
    parse: parseOutcome,
  },
  'probation.end-early': {
    id: 'end-early',
    fields: [{ name: ['reason'], label: 'reason', kind: 'longText', required: true }],
    parse: parseEndEarly,
  },
};
