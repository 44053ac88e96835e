/**
 * What a decision form is made of: fields, the step's parser, and how the entered values
 * become the decision. Each procedure's forms (probation.tsx, election.tsx, …) are written
 * with these; fields.tsx draws them; index.ts keys them by the form key a task carries.
 */
import type { ComponentType } from 'react';
import { CHECK_IN_RATINGS } from '../../../domain/probation';
import { GRADES } from '../../../domain/grades';
import type { Parsed } from '../../../domain/decisions';
import type { FormKey } from '../../../domain/forms';
import type { CaseView, DecisionReceipt } from '../api';
import type { TextKey, Translate } from '../i18n';
import { gradeLabel } from '../vocabulary';

export type Option = { value: string | boolean; label: (t: Translate) => string };
/** A column of a row in a repeated group (a measure of a plan, a person's votes). */
export type Column = { name: string; label: TextKey; kind: 'text' | 'date' | 'count' | 'person'; width: number };

export type Field =
  | { name: string[]; label: TextKey; kind: 'radio' | 'select'; options: readonly Option[]; required?: boolean }
  | { name: string[]; label: TextKey; kind: 'text' | 'longText' | 'date' | 'people' | 'person'; required?: boolean }
  | { name: string[]; label: TextKey; kind: 'count' | 'points'; required?: boolean; max?: number }
  /** Several lines of text (a plan's problems). */
  | { name: string[]; label: TextKey; kind: 'lines'; item: TextKey; required?: boolean }
  /** Rows of columns, added and removed by the user (a plan's measures, votes per person). */
  | { name: string[]; label: TextKey; kind: 'rows'; columns: readonly Column[]; required?: boolean };

/** What a form learns from its case: values to start from, and a parser bound to the case's facts. */
export interface FormContext {
  initial?: Record<string, unknown>;
  parse?: (raw: unknown) => Parsed<unknown>;
  /** Person ids a `people` or `person` field (or column) offers, by the field's name. */
  people?: Record<string, string[]>;
  /** Names of the people offered, by id: the pickers show names and send ids. */
  names?: Record<string, string>;
  /** A line above the fields that depends on the case (the rule a selection's targets follow). */
  hint?: (t: Translate) => string;
}

export interface FormSpec {
  id: string;
  fields: Field[];
  /** The step's parser; its error is shown before anything is sent. */
  parse?: (raw: unknown) => Parsed<unknown>;
  /** Adjusts the entered values into the decision's shape. */
  build?: (values: Record<string, unknown>) => Record<string, unknown>;
  /** Fields shown only for some values of others. */
  visible?: (field: Field, values: Record<string, unknown>) => boolean;
  /** Values for a new form. */
  initial?: Record<string, unknown>;
  /** A line above the fields. */
  hint?: TextKey;
  /** Reads what the form needs from the case's view (its facts, from the server's read models), and the registry if it must. */
  context?: (view: CaseView, step: string) => FormContext | Promise<FormContext>;
}

export interface DecisionFormProps {
  caseId: string;
  step: string;
  /** The key the task carries (`task.form`); null: no form knows the step, and a JSON editor stands in. */
  form: FormKey | null;
  onDecided(receipt: DecisionReceipt): void;
}

/** A form that is a component of its own rather than fields (the committee's grading table). */
export interface CustomForm {
  component: ComponentType<DecisionFormProps>;
}

export type RegisteredForm = FormSpec | CustomForm;

/** Forms of one procedure, by the keys of that procedure. */
export type FormsOf<Prefix extends string> = { [K in Extract<FormKey, `${Prefix}.${string}`>]: RegisteredForm };

export const opt = (value: string | boolean, key: TextKey): Option => ({ value, label: (t: Translate) => t(key) });
export const gradeOptions = GRADES.map((g) => ({ value: g, label: (t: Translate) => gradeLabel(t, g) }));
export const RATING_KEYS: Record<(typeof CHECK_IN_RATINGS)[number], TextKey> = {
  good: 'ratingGood',
  adequate: 'ratingAdequate',
  concern: 'ratingConcern',
};
export const approveOrReject = [opt('approve', 'approve'), opt('reject', 'reject')];

/** Votes for the four grades under a prefix (民主测评). */
export const votes = (prefix: string[]): Field[] => [
  { name: [...prefix, 'excellent'], label: 'votesExcellent', kind: 'count', required: true },
  { name: [...prefix, 'competent'], label: 'votesCompetent', kind: 'count', required: true },
  { name: [...prefix, 'basicallyCompetent'], label: 'votesBasicallyCompetent', kind: 'count', required: true },
  { name: [...prefix, 'notCompetent'], label: 'votesNotCompetent', kind: 'count', required: true },
];
