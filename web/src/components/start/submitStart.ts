/**
 * What every "new case" form does once its values are in: read them with the procedure's
 * own domain parser (the one the CLI and the API use) before anything is sent, start the
 * case, wait until its page has something to show, and open it. The start forms of
 * web/src/components/start/ and the selection's (StartSelection.tsx) share it.
 */
import { inLanguage, type ParsedInput } from '../../../../domain/bilingual';
import { ApiProblem, getCase } from '../../api';
import type { Lang, Translate } from '../../i18n';
import { casePath, navigate } from '../../router';
import type { DecisionProblem } from '../useDecision';

const READY_POLL_MS = 500;
/** How long a form waits for the new case's first step before opening its page regardless (which then offers a retry). */
const READY_WAIT_MS = 60_000;

/**
 * What the page waits for: the first step's task (a case whose first step opens at once),
 * or only the case itself (a probation appointed a month ago opens its first check-in
 * months later).
 */
export type FirstStep = 'task' | 'case';

/**
 * Waits until the case's page has something to show: the case is started by the time the
 * API answers, but its row and first task reach the read models a moment later.
 */
export async function caseReady(caseId: string, first: FirstStep = 'task'): Promise<void> {
  const until = Date.now() + READY_WAIT_MS;
  while (Date.now() < until) {
    try {
      const view = await getCase(caseId);
      if (first === 'case' || view.status === 'closed' || view.tasks.some((task) => task.status === 'pending')) return;
    } catch (err) {
      // Not there yet (404) is what is waited for; anything else is the page's to show.
      if (!(err instanceof ApiProblem && err.status === 404)) return;
    }
    await new Promise((r) => setTimeout(r, READY_POLL_MS));
  }
}

/**
 * The refusal of a start as the form shows it: the problem's title and status, below it
 * why in the page's language when the API says it in both (a parser's refusal), else its detail.
 */
export function startProblem(err: unknown, t: Translate, lang: Lang): DecisionProblem {
  const p = err instanceof ApiProblem ? err.problem : undefined;
  return {
    title: p ? `${t('refused')}: ${p.title} (${p.status})` : t('refused'),
    detail: inLanguage(lang, p ?? {}, p?.detail ?? String(err)),
  };
}

/** A parser's refusal found before sending, in the page's language. */
export const localRefusal = (refusal: { error: string; zh: string }, t: Translate, lang: Lang): DecisionProblem => ({
  title: t('checkLocally'),
  detail: inLanguage(lang, { zh: refusal.zh, en: refusal.error }, refusal.error),
});

/**
 * Parses `body`, starts the case and opens its page; a refusal, local or the API's, is
 * handed to `onError` and nothing is sent (locally) or started (the API's).
 */
export async function submitStart<T>(
  body: Record<string, unknown>,
  parse: (raw: unknown) => ParsedInput<T>,
  start: (body: Record<string, unknown>) => Promise<{ caseId: string }>,
  t: Translate,
  lang: Lang,
  first: FirstStep = 'task',
): Promise<DecisionProblem | null> {
  const parsed = parse(body);
  if (!parsed.ok) return localRefusal(parsed, t, lang);
  try {
    // A case already running is not started again: its page opens all the same.
    const r = await start(body);
    await caseReady(r.caseId, first);
    navigate(casePath(r.caseId));
    return null;
  } catch (err) {
    return startProblem(err, t, lang);
  }
}
