/**
 * The forms of a rectification (后进党组织整顿): the support team (四个一), the plan and
 * its approval (一村一策), progress reports, the acceptance inspection and the sign-off.
 */
import { parseInspection, parsePlan, parsePlanReview, parseReport, parseSignOff, parseSupport } from '../../../domain/rectification';
import { opt, type FormsOf } from './spec';

export const rectificationForms: FormsOf<'rectification'> = {
  'rectification.support': {
    id: 'rectification-support',
    fields: [
      { name: ['countyLeader'], label: 'countyLeader', kind: 'text', required: true },
      { name: ['townshipLeader'], label: 'townshipLeader', kind: 'text', required: true },
      { name: ['firstSecretary'], label: 'firstSecretary', kind: 'text', required: true },
      { name: ['partnerAgency'], label: 'partnerAgency', kind: 'text', required: true },
    ],
    parse: parseSupport,
  },
  'rectification.plan': {
    id: 'rectification-plan',
    fields: [
      { name: ['problems'], label: 'problems', kind: 'lines', item: 'problem', required: true },
      {
        name: ['measures'],
        label: 'measures',
        kind: 'rows',
        required: true,
        columns: [
          { name: 'measure', label: 'measure', kind: 'text', width: 220 },
          { name: 'responsible', label: 'responsible', kind: 'text', width: 110 },
          { name: 'deadline', label: 'deadline', kind: 'date', width: 150 },
        ],
      },
    ],
    initial: { problems: [''], measures: [{}] },
    // Empty lines and rows are what the add buttons leave behind, not entries.
    build: (v) => ({
      problems: ((v.problems as unknown[] | undefined) ?? []).filter((p) => typeof p === 'string' && p.trim() !== ''),
      measures: ((v.measures as Array<Record<string, unknown> | undefined> | undefined) ?? [])
        .filter((m): m is Record<string, unknown> => !!m && Object.values(m).some((x) => x !== undefined && x !== ''))
        .map((m) => Object.fromEntries(Object.entries(m).filter(([, x]) => x !== undefined && x !== ''))),
    }),
    parse: parsePlan,
  },
  'rectification.plan-review': {
    id: 'rectification-plan-review',
    fields: [
      {
        name: ['outcome'],
        label: 'planReview',
        kind: 'radio',
        options: [opt('approve', 'approve'), opt('reject', 'planReject')],
        required: true,
      },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parsePlanReview,
  },
  'rectification.report': {
    id: 'rectification-report',
    fields: [{ name: ['summary'], label: 'report', kind: 'longText', required: true }],
    parse: parseReport,
  },
  'rectification.inspection': {
    id: 'rectification-inspection',
    fields: [
      { name: ['score'], label: 'inspectionScore', kind: 'points', required: true },
      { name: ['votes', 'satisfied'], label: 'votesSatisfied', kind: 'count', required: true },
      { name: ['votes', 'basicallySatisfied'], label: 'votesBasicallySatisfied', kind: 'count', required: true },
      { name: ['votes', 'dissatisfied'], label: 'votesDissatisfied', kind: 'count', required: true },
      { name: ['report'], label: 'inspectionReport', kind: 'longText' },
      { name: ['interviews'], label: 'inspectionInterviews', kind: 'longText' },
      { name: ['onSiteCheck'], label: 'inspectionOnSiteCheck', kind: 'longText' },
    ],
    parse: parseInspection,
  },
  'rectification.sign-off': {
    id: 'rectification-sign-off',
    fields: [
      { name: ['comment'], label: 'comment', kind: 'longText' },
      { name: ['signedOffOn'], label: 'signedOffOn', kind: 'date' },
    ],
    parse: parseSignOff,
  },
};
