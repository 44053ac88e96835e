/**
 * The forms of a member's development (发展党员): from the applicant's talk through the
 * activist's reviews, the development target's gates (each a round when repeated:
 * `members-vote-r2`), to the oath and the conversion of a probationary member.
 */
import { CHECK_IN_RATINGS } from '../../../domain/probation';
import {
  parseActivistDesignation,
  parseActivistReview,
  parseAdmission,
  parseConversion,
  parseCountyReview,
  parseDevelopmentTarget,
  parseMassesVoteBeforeNotice,
  parseMembersVote,
  parseOath,
  parsePassFail,
  parseResubmission,
  parseTalk,
  parseTheoryExam,
} from '../../../domain/memberDevelopmentForms';
import { approveOrReject, opt, RATING_KEYS, type Field, type FormsOf } from './spec';

const passOrFail = [opt('pass', 'pass'), opt('fail', 'fail')];

/** A branch assembly's vote (支部大会表决) under a prefix: attendance, yes, and yes in writing. */
const memberVote = (prefix: string[]): Field[] => [
  { name: [...prefix, 'eligible'], label: 'meetingDue', kind: 'count', required: true },
  { name: [...prefix, 'present'], label: 'meetingPresent', kind: 'count', required: true },
  { name: [...prefix, 'yes'], label: 'yesVotes', kind: 'count', required: true },
  { name: [...prefix, 'writtenYes'], label: 'writtenYes', kind: 'count' },
];

export const memberDevelopmentForms: FormsOf<'member-development'> = {
  'member-development.talk': {
    id: 'talk',
    fields: [
      { name: ['on'], label: 'talkedOn', kind: 'date', required: true },
      { name: ['talkedBy'], label: 'talkedBy', kind: 'text', required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parseTalk,
  },
  'member-development.activist-designation': {
    id: 'activist-designation',
    fields: [
      {
        name: ['outcome'],
        label: 'outcome',
        kind: 'radio',
        options: [opt('designate', 'designate'), opt('decline', 'decline')],
        required: true,
      },
      { name: ['on'], label: 'designatedOn', kind: 'date', required: true },
      { name: ['contacts'], label: 'contacts', kind: 'text', required: true },
      { name: ['reason'], label: 'reason', kind: 'longText', required: true },
    ],
    visible: (f, v) => (f.name[0] === 'reason' ? v.outcome === 'decline' : f.name[0] === 'outcome' || v.outcome !== 'decline'),
    build: (v) =>
      v.outcome === 'decline' ? { outcome: v.outcome, reason: v.reason } : { outcome: v.outcome, on: v.on, contacts: v.contacts },
    parse: parseActivistDesignation,
  },
  'member-development.activist-review': {
    id: 'activist-review',
    fields: [
      { name: ['rating'], label: 'rating', kind: 'radio', options: CHECK_IN_RATINGS.map((r) => opt(r, RATING_KEYS[r])), required: true },
      {
        name: ['outcome'],
        label: 'outcome',
        kind: 'radio',
        options: [opt('continue', 'activistContinue'), opt('remove', 'activistRemove')],
      },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parseActivistReview,
  },
  'member-development.development-target': {
    id: 'development-target',
    fields: [
      { name: ['on'], label: 'decidedOn', kind: 'date', required: true },
      { name: ['sponsors'], label: 'sponsors', kind: 'text', required: true },
    ],
    parse: parseDevelopmentTarget,
  },
  'member-development.theory-exam': {
    id: 'theory-exam',
    fields: [
      { name: ['score'], label: 'examScore', kind: 'count', required: true, max: 100 },
      { name: ['trainingDays'], label: 'trainingDays', kind: 'count', required: true },
      { name: ['trainingHours'], label: 'trainingHours', kind: 'count', required: true },
    ],
    parse: parseTheoryExam,
  },
  'member-development.pass-fail': {
    id: 'pass-fail',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: passOrFail, required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parsePassFail,
  },
  'member-development.county-review': {
    id: 'county-review',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: passOrFail, required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
      { name: ['noticePostedOn'], label: 'noticePostedOn', kind: 'date' },
    ],
    visible: (f, v) => f.name[0] !== 'noticePostedOn' || v.outcome !== 'fail',
    parse: parseCountyReview,
  },
  'member-development.masses-vote': {
    id: 'masses-vote',
    fields: [
      { name: ['cast'], label: 'massesCast', kind: 'count', required: true },
      { name: ['approving'], label: 'approving', kind: 'count', required: true },
      { name: ['noticePostedOn'], label: 'noticePostedOn', kind: 'date' },
    ],
    parse: parseMassesVoteBeforeNotice,
  },
  'member-development.members-vote': {
    id: 'members-vote',
    fields: [{ name: ['on'], label: 'assemblyOn', kind: 'date', required: true }, ...memberVote([])],
    parse: parseMembersVote,
  },
  'member-development.admission': {
    id: 'admission',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: approveOrReject, required: true },
      { name: ['on'], label: 'approvalOn', kind: 'date', required: true },
      { name: ['reason'], label: 'reason', kind: 'longText' },
    ],
    parse: parseAdmission,
  },
  'member-development.resubmission': {
    id: 'resubmission',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: [opt('resubmit', 'resubmit'), opt('drop', 'drop')], required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parseResubmission,
  },
  'member-development.oath': { id: 'oath', fields: [{ name: ['on'], label: 'oathOn', kind: 'date', required: true }], parse: parseOath },
  'member-development.conversion': {
    id: 'conversion',
    fields: [
      {
        name: ['outcome'],
        label: 'outcome',
        kind: 'radio',
        options: [opt('convert', 'convert'), opt('extend', 'extend'), opt('disqualify', 'disqualify')],
        required: true,
      },
      { name: ['on'], label: 'assemblyOn', kind: 'date', required: true },
      { name: ['months'], label: 'extensionMonths', kind: 'count', required: true },
      { name: ['reason'], label: 'reason', kind: 'longText' },
      ...memberVote(['vote']),
    ],
    visible: (f, v) => f.name[0] !== 'months' || v.outcome === 'extend',
    parse: parseConversion,
  },
};
