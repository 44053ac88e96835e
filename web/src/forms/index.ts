/**
 * Every decision form by the key a task carries (`task.form`, domain/forms.ts). A key
 * without a form, or a form under a key that does not exist, fails the type check.
 */
import type { FormKey } from '../../../domain/forms';
import { electionForms } from './election';
import { evaluationForms, evaluationRoundForms } from './evaluation';
import { memberDevelopmentForms } from './memberDevelopment';
import { probationForms } from './probation';
import { rectificationForms } from './rectification';
import { selectionForms } from './selection';
import { sharedForms } from './shared';
import type { RegisteredForm } from './spec';

export const FORMS: Record<FormKey, RegisteredForm> = {
  ...sharedForms,
  ...probationForms,
  ...evaluationForms,
  ...evaluationRoundForms,
  ...memberDevelopmentForms,
  ...rectificationForms,
  ...electionForms,
  ...selectionForms,
};
