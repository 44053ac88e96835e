/**
 * The form for a step's decision. Each form's fields are the fields the step's parser
 * in domain/ reads, and the same parser checks the entry before it is sent, so a typo
 * is caught here with the parser's own words; the case checks it again and has the
 * last word (role, township, duplicates, thresholds). Steps without a form of their
 * own get a JSON editor.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { CHECK_IN_RATINGS, OUTCOMES, parseAssessment, parseCheckIn, parseEndEarly, parseOutcome } from '../../../domain/probation';
import {
  GRADES,
  parseCommitteeGrade,
  parseRatingVotes,
  parseReviewDecision,
  parseSelfSummary,
  parseSupervisorComment,
  parseTownshipRecommendation,
} from '../../../domain/evaluation';
import { NOTIFICATION_METHODS, parseNotification, parseScoreDecision } from '../../../domain/evaluationRound';
import { parseActivistDesignation, parseActivistReview, parseDevelopmentTarget, parseTalk } from '../../../domain/memberDevelopment';
import type { Parsed } from '../../../domain/decisions';
import { ApiProblem, decide, type Receipt } from '../api';
import { useLang, type TextKey, type Translate } from '../i18n';
import { gradeLabel, kindOfCase } from '../vocabulary';

type Field =
  | { name: string[]; label: TextKey; kind: 'radio' | 'select'; options: ReadonlyArray<{ value: string | boolean; label: (t: Translate) => string }>; required?: boolean }
  | { name: string[]; label: TextKey; kind: 'text' | 'longText' | 'date'; required?: boolean }
  | { name: string[]; label: TextKey; kind: 'count' | 'points'; required?: boolean };

interface FormSpec {
  id: string;
  fields: Field[];
  /** The step's parser from domain/; its error is shown before anything is sent. */
  parse?: (raw: unknown) => Parsed<unknown>;
  /** Adjusts the entered values into the decision's shape. */
  build?: (values: Record<string, unknown>) => Record<string, unknown>;
  /** Fields shown only for some values of others. */
  visible?: (field: Field, values: Record<string, unknown>) => boolean;
}

const opt = (value: string | boolean, key: TextKey) => ({ value, label: (t: Translate) => t(key) });
const gradeOptions = GRADES.map((g) => ({ value: g, label: (t: Translate) => gradeLabel(t, g) }));
const RATING_KEYS: Record<(typeof CHECK_IN_RATINGS)[number], TextKey> = { good: 'ratingGood', adequate: 'ratingAdequate', concern: 'ratingConcern' };
const OUTCOME_KEYS: Record<(typeof OUTCOMES)[number], TextKey> = { confirm: 'outcomeConfirm', remove: 'outcomeRemove' };
const METHOD_KEYS: Record<(typeof NOTIFICATION_METHODS)[number], TextKey> = { 'in-person': 'methodInPerson', post: 'methodPost', electronic: 'methodElectronic' };

const votes = (prefix: string[]): Field[] => [
  { name: [...prefix, 'excellent'], label: 'votesExcellent', kind: 'count', required: true },
  { name: [...prefix, 'competent'], label: 'votesCompetent', kind: 'count', required: true },
  { name: [...prefix, 'basicallyCompetent'], label: 'votesBasicallyCompetent', kind: 'count', required: true },
  { name: [...prefix, 'notCompetent'], label: 'votesNotCompetent', kind: 'count', required: true },
];

const gradeWithReason = (id: string, parse: FormSpec['parse']): FormSpec => ({
  id,
  fields: [
    { name: ['grade'], label: 'grade', kind: 'select', options: gradeOptions, required: true },
    { name: ['reason'], label: 'reason', kind: 'longText' },
  ],
  parse,
});

const FORMS = {
  checkIn: {
    id: 'check-in',
    fields: [
      { name: ['rating'], label: 'rating', kind: 'radio', options: CHECK_IN_RATINGS.map((r) => opt(r, RATING_KEYS[r])), required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parseCheckIn,
  },
  probationRating: { id: 'probation-rating', fields: votes(['votes']), parse: parseAssessment },
  probationOutcome: {
    id: 'probation-outcome',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: OUTCOMES.map((o) => opt(o, OUTCOME_KEYS[o])), required: true },
      { name: ['reason'], label: 'reason', kind: 'longText' },
    ],
    parse: parseOutcome,
  },
  endEarly: { id: 'end-early', fields: [{ name: ['reason'], label: 'reason', kind: 'longText', required: true }], parse: parseEndEarly },
  finding: {
    id: 'objection-finding',
    fields: [
      { name: ['upheld'], label: 'upheld', kind: 'radio', options: [opt(true, 'yes'), opt(false, 'no')], required: true },
      { name: ['finding'], label: 'finding', kind: 'longText', required: true },
    ],
  },
  selfSummary: { id: 'self-summary', fields: [{ name: ['summary'], label: 'summary', kind: 'longText', required: true }], parse: parseSelfSummary },
  evaluationRating: {
    id: 'evaluation-rating',
    fields: [
      { name: ['meeting', 'due'], label: 'meetingDue', kind: 'count', required: true },
      { name: ['meeting', 'present'], label: 'meetingPresent', kind: 'count', required: true },
      ...votes(['votes']),
    ],
    parse: parseRatingVotes,
  },
  score: {
    id: 'quantified-score',
    fields: [
      { name: ['supervisor'], label: 'scoreSupervisor', kind: 'points', required: true },
      { name: ['staff'], label: 'scoreStaff', kind: 'points', required: true },
      { name: ['assessmentTeam'], label: 'scoreTeam', kind: 'points', required: true },
      { name: ['bonus'], label: 'scoreBonus', kind: 'points' },
      { name: ['negatives'], label: 'negatives', kind: 'text' },
    ],
    parse: parseScoreDecision,
  },
  supervisorComment: {
    id: 'supervisor-comment',
    fields: [
      { name: ['comment'], label: 'comment', kind: 'longText', required: true },
      { name: ['proposedGrade'], label: 'proposedGrade', kind: 'select', options: gradeOptions, required: true },
    ],
    parse: parseSupervisorComment,
  },
  evaluationRecommendation: gradeWithReason('evaluation-recommendation', parseTownshipRecommendation),
  regrade: gradeWithReason('regrade', parseCommitteeGrade),
  notification: {
    id: 'notification',
    fields: [
      { name: ['method'], label: 'method', kind: 'radio', options: NOTIFICATION_METHODS.map((m) => opt(m, METHOD_KEYS[m])), required: true },
      { name: ['note'], label: 'note', kind: 'longText' },
    ],
    parse: parseNotification,
  },
  review: {
    id: 'review',
    fields: [
      { name: ['outcome'], label: 'reviewOutcome', kind: 'radio', options: [opt('upheld', 'reviewUpheld'), opt('changed', 'reviewChanged')], required: true },
      { name: ['grade'], label: 'grade', kind: 'select', options: gradeOptions, required: true },
      { name: ['reason'], label: 'reason', kind: 'longText', required: true },
    ],
    visible: (f, v) => f.name[0] !== 'grade' || v.outcome === 'changed',
    build: (v) => (v.outcome === 'changed' ? v : { outcome: v.outcome, reason: v.reason }),
    parse: parseReviewDecision,
  },
  talk: {
    id: 'talk',
    fields: [
      { name: ['on'], label: 'talkedOn', kind: 'date', required: true },
      { name: ['talkedBy'], label: 'talkedBy', kind: 'text', required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parseTalk,
  },
  activistDesignation: {
    id: 'activist-designation',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: [opt('designate', 'designate'), opt('decline', 'decline')], required: true },
      { name: ['on'], label: 'designatedOn', kind: 'date', required: true },
      { name: ['contacts'], label: 'contacts', kind: 'text', required: true },
      { name: ['reason'], label: 'reason', kind: 'longText', required: true },
    ],
    visible: (f, v) => (f.name[0] === 'reason' ? v.outcome === 'decline' : f.name[0] === 'outcome' || v.outcome !== 'decline'),
    build: (v) => (v.outcome === 'decline' ? { outcome: v.outcome, reason: v.reason } : { outcome: v.outcome, on: v.on, contacts: v.contacts }),
    parse: parseActivistDesignation,
  },
  activistReview: {
    id: 'activist-review',
    fields: [
      { name: ['rating'], label: 'rating', kind: 'radio', options: CHECK_IN_RATINGS.map((r) => opt(r, RATING_KEYS[r])), required: true },
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: [opt('continue', 'activistContinue'), opt('remove', 'activistRemove')] },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parseActivistReview,
  },
  developmentTarget: {
    id: 'development-target',
    fields: [
      { name: ['on'], label: 'decidedOn', kind: 'date', required: true },
      { name: ['sponsors'], label: 'sponsors', kind: 'text', required: true },
    ],
    parse: parseDevelopmentTarget,
  },
} satisfies Record<string, FormSpec>;

/** The form for a step of a case, or undefined for the JSON editor. */
export function formFor(caseId: string, step: string): FormSpec | undefined {
  const kind = kindOfCase(caseId);
  if (/:objection-\d+:finding$/.test(step)) return FORMS.finding;
  if (kind === 'probation') {
    if (/^check-in-\d+$/.test(step)) return FORMS.checkIn;
    if (step === 'democratic-rating') return FORMS.probationRating;
    if (step === 'township-recommendation' || step === 'county-decision') return FORMS.probationOutcome;
    if (step === 'end-early') return FORMS.endEarly;
  }
  if (kind === 'evaluation') {
    if (step === 'self-summary') return FORMS.selfSummary;
    if (step === 'democratic-rating' || step === 're-rating') return FORMS.evaluationRating;
    if (step === 'quantified-score') return FORMS.score;
    if (step === 'supervisor-comment') return FORMS.supervisorComment;
    if (step === 'township-recommendation') return FORMS.evaluationRecommendation;
    if (step === 'notification') return FORMS.notification;
    if (step.endsWith(':regrade')) return FORMS.regrade;
  }
  if (kind === 'evaluation-round' && step.startsWith('review:')) return FORMS.review;
  if (kind === 'member-development') {
    if (step === 'talk') return FORMS.talk;
    if (step === 'activist-designation') return FORMS.activistDesignation;
    if (/^activist-review-\d+$/.test(step)) return FORMS.activistReview;
    if (step === 'development-target') return FORMS.developmentTarget;
  }
  return undefined;
}

/** Drops what the user left empty, so optional fields are absent rather than null. */
function compact(value: unknown): unknown {
  if (Array.isArray(value) || typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = compact(v);
  }
  return out;
}

export interface DecisionFormProps {
  caseId: string;
  step: string;
  onDecided(receipt: Receipt): void;
}

export function DecisionForm({ caseId, step, onDecided }: DecisionFormProps) {
  const { t } = useLang();
  const spec = formFor(caseId, step);
  const [form] = Form.useForm();
  const values = (Form.useWatch([], form) ?? {}) as Record<string, unknown>;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; detail: string } | null>(null);

  const send = async (decision: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      onDecided(await decide(caseId, step, decision));
      form.resetFields();
    } catch (err) {
      const p = err instanceof ApiProblem ? err.problem : undefined;
      setError({ title: p ? `${t('refused')}: ${p.title} (${p.status})` : t('refused'), detail: p?.detail ?? String(err) });
    } finally {
      setBusy(false);
    }
  };

  const onFinish = async (raw: Record<string, unknown>) => {
    if (!spec) {
      let decision: unknown;
      try {
        decision = JSON.parse(String(raw.json ?? '{}'));
      } catch {
        decision = undefined;
      }
      if (typeof decision !== 'object' || decision === null || Array.isArray(decision)) {
        setError({ title: t('checkLocally'), detail: t('jsonInvalid') });
        return;
      }
      await send(decision as Record<string, unknown>);
      return;
    }
    const shaped = compact(spec.build ? spec.build(raw) : raw) as Record<string, unknown>;
    const parsed = spec.parse?.(shaped);
    if (parsed && !parsed.ok) {
      setError({ title: t('checkLocally'), detail: parsed.error });
      return;
    }
    await send(shaped);
  };

  return (
    <Form form={form} layout="vertical" onFinish={onFinish} data-testid={`decision-form-${spec?.id ?? 'json'}`} disabled={busy}>
      {spec ? (
        spec.fields
          .filter((f) => !spec.visible || spec.visible(f, values))
          .map((f) => (
            <Form.Item
              key={f.name.join('.')}
              name={f.name}
              label={t(f.label)}
              rules={f.required ? [{ required: true, message: `${t(f.label)} ✱` }] : []}
            >
              {renderInput(f, t)}
            </Form.Item>
          ))
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('jsonHint')}</Typography.Paragraph>
          <Form.Item name="json" label={t('jsonDecision')} initialValue="{}" rules={[{ required: true }]}>
            <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </>
      )}
      {error && <Alert type="error" showIcon title={error.title} description={error.detail} style={{ marginBottom: 16 }} data-testid="decision-error" />}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="decision-submit">
          {t('submit')}
        </Button>
      </Space>
    </Form>
  );
}

function renderInput(f: Field, t: Translate) {
  switch (f.kind) {
    case 'radio':
      return (
        <Radio.Group>
          {f.options.map((o) => (
            <Radio key={String(o.value)} value={o.value}>
              {o.label(t)}
            </Radio>
          ))}
        </Radio.Group>
      );
    case 'select':
      return <Select options={f.options.map((o) => ({ value: o.value as string, label: o.label(t) }))} style={{ maxWidth: 240 }} />;
    case 'text':
      return <Input maxLength={2000} />;
    case 'longText':
      return <Input.TextArea rows={3} maxLength={2000} showCount />;
    case 'date':
      // The browser's own date input gives YYYY-MM-DD, the form the parsers read.
      return <Input type="date" style={{ width: 200 }} />;
    case 'count':
      return <InputNumber min={0} precision={0} style={{ width: 160 }} />;
    case 'points':
      return <InputNumber min={0} max={100} step={0.5} precision={2} style={{ width: 160 }} />;
    default: {
      const never: never = f;
      return String(never);
    }
  }
}
