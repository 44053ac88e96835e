/**
 * Under `cadreflow up --demo` the demo county loads after the logins work: while it does,
 * a line above every page says how far it has come (from `GET /health`, polled every two
 * seconds until it is done), and once it has loaded, says so. Nothing without a demo.
 */
import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import { useLang } from '../i18n';

/** The `demo` of `GET /health` (client/demoProgress.ts). */
interface DemoHealth {
  state: 'loading' | 'done' | 'failed';
  parts: Array<{ name: string; done: number; total: number }>;
}

const POLL_MS = 2000;
const CASE_PARTS = ['selections', 'probation', 'member-development'];
const EVENT_PARTS = ['registry', 'membership'];

export function DemoLoading() {
  const { t } = useLang();
  const [demo, setDemo] = useState<DemoHealth | undefined>();
  // Said once it is done only to whoever saw it loading.
  const [sawLoading, setSawLoading] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let next: DemoHealth | undefined;
      try {
        const r = await fetch('/health');
        next = ((await r.json()) as { demo?: DemoHealth }).demo;
      } catch {
        next = undefined;
      }
      if (stopped) return;
      setDemo(next);
      if (next?.state === 'loading') {
        setSawLoading(true);
        timer = setTimeout(() => void poll(), POLL_MS);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  if (!demo) return null;
  const sum = (names: string[], field: 'done' | 'total') =>
    demo.parts.filter((p) => names.includes(p.name)).reduce((n, p) => n + p[field], 0);
  if (demo.state === 'loading') {
    const text = t('demoLoading', {
      cases: sum(CASE_PARTS, 'done'),
      casesTotal: sum(CASE_PARTS, 'total'),
      events: sum(EVENT_PARTS, 'done'),
      eventsTotal: sum(EVENT_PARTS, 'total'),
    });
    return <Alert type="info" showIcon message={text} style={{ marginBottom: 16 }} data-testid="demo-loading" />;
  }
  if (demo.state === 'failed')
    return <Alert type="warning" showIcon message={t('demoFailed')} style={{ marginBottom: 16 }} data-testid="demo-failed" />;
  if (sawLoading)
    return <Alert type="success" showIcon closable message={t('demoLoaded')} style={{ marginBottom: 16 }} data-testid="demo-loaded" />;
  return null;
}
