/**
 * Forms any procedure's steps use: the check of an objection to a public notice (公示异议
 * 核查), opened by the notice of a probation, an election's slate, an evaluation's 优秀
 * grade or a member's development alike.
 */
import { opt, type FormsOf } from './spec';

export const sharedForms: FormsOf<'notice'> = {
  'notice.finding': {
    id: 'objection-finding',
    fields: [
      { name: ['upheld'], label: 'upheld', kind: 'radio', options: [opt(true, 'yes'), opt(false, 'no')], required: true },
      { name: ['finding'], label: 'finding', kind: 'longText', required: true },
    ],
  },
};
