/**
 * What a button starts and the API may refuse: while it runs the button is busy, and a
 * refusal shows in the user's language until it is closed or the next try. The case's
 * notes, a task's assignment and the bulk check-in run their requests through it.
 */
import { useState } from 'react';
import { Alert } from 'antd';
import { ApiProblem } from '../api';

/** The API's refusal in the user's language: its `zh` or `en`, or the half of a "中文 / English" detail. */
export function refusalInLang(lang: 'zh' | 'en', err: unknown): string {
  const said = err instanceof ApiProblem ? err.problem[lang] : undefined;
  if (said) return said;
  const detail = err instanceof ApiProblem ? err.problem.detail : String(err);
  const cut = detail.indexOf(' / ');
  if (cut < 0) return detail;
  return lang === 'zh' ? detail.slice(0, cut) : detail.slice(cut + 3);
}

export interface Action {
  busy: boolean;
  error: string | null;
  setError(error: string | null): void;
  /** Runs `fn` with the button busy; a refusal becomes `error`, in the user's language. */
  run(fn: () => Promise<void>): Promise<void>;
}

export function useAction(lang: 'zh' | 'en'): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(refusalInLang(lang, err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/** The action's refusal under its controls, closable; nothing when there is none. */
export function ActionError({ action, title, testId }: { action: Action; title: string; testId: string }) {
  if (!action.error) return null;
  return (
    <Alert
      type="error"
      showIcon
      closable={{ onClose: () => action.setError(null) }}
      title={title}
      description={action.error}
      style={{ marginTop: 8 }}
      data-testid={testId}
    />
  );
}
