/** Sending a decision and showing the case's refusal under the form, shared by every decision form. */
import { useState } from 'react';
import { Alert } from 'antd';
import { ApiProblem, decide, type DecisionReceipt } from '../api';
import { useLang } from '../i18n';
import { refusalText } from '../refusals';

export interface DecisionProblem {
  title: string;
  detail: string;
}

export function useDecision(caseId: string, step: string, onDecided: (receipt: DecisionReceipt) => void) {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DecisionProblem | null>(null);

  /** True when the case accepted the decision. */
  const send = async (decision: Record<string, unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      onDecided(await decide(caseId, step, decision));
      return true;
    } catch (err) {
      const p = err instanceof ApiProblem ? err.problem : undefined;
      // The case's reason in the user's language first; the detail (in English, with the numbers) below it.
      const why = p ? t(refusalText(p.reason)) : t('refusalOther');
      setError({ title: t('refusedBecause', { why, status: p?.status ?? '—' }), detail: p?.detail ?? String(err) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  /** The form's own check failed: nothing was sent. */
  const refuseLocally = (detail: string) => setError({ title: t('checkLocally'), detail });

  return { busy, error, send, refuseLocally };
}

export function DecisionError({ error }: { error: DecisionProblem | null }) {
  if (!error) return null;
  return (
    <Alert type="error" showIcon title={error.title} description={error.detail} style={{ marginBottom: 16 }} data-testid="decision-error" />
  );
}
