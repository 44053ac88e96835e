/** Loading, failure (the problem's own words, with a retry) and the loaded content. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Spin } from 'antd';
import { ApiProblem } from '../api';
import { useLang } from '../i18n';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiProblem | Error | undefined;
  loading: boolean;
  reload(): void;
}

/** Runs `load` on mount and whenever `deps` change; `reload` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiProblem | Error>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    let live = true;
    setLoading(true);
    latest.current().then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // The caller names what the load depends on; `load` itself is read through a ref.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

export function ProblemAlert({ error, onRetry }: { error: ApiProblem | Error; onRetry?: () => void }) {
  const { t } = useLang();
  const title = error instanceof ApiProblem ? `${error.problem.title} (${error.problem.status})` : error.name;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="problem"
      title={title}
      description={error.message}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

export function Loadable<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  if (state.data !== undefined) {
    return (
      <>
        {state.error && <ProblemAlert error={state.error} onRetry={state.reload} />}
        {children(state.data)}
      </>
    );
  }
  if (state.error) return <ProblemAlert error={state.error} onRetry={state.reload} />;
  return <Spin style={{ display: 'block', margin: 48 }} />;
}
