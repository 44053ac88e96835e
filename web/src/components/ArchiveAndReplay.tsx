/**
 * An archive of the selected cases to download and a replay of their histories on
 * request: what `cadreflow audit export` and `audit replay` do, from the browser.
 */
import { useState } from 'react';
import { Button, Space, Typography } from 'antd';
import type { ApiProblem } from '../api';
import { archiveUrl, replay, type AuditSelection, type ReplayReport } from '../auditToolsApi';
import { useLang } from '../i18n';
import { ProblemAlert } from './Loadable';
import { ReplayResult } from './ReplayResult';

export function ArchiveAndReplay({ selection, disabled }: { selection: AuditSelection; disabled?: boolean }) {
  const { t } = useLang();
  const [report, setReport] = useState<ReplayReport | null>(null);
  const [error, setError] = useState<ApiProblem | Error | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await replay(selection));
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button href={disabled ? undefined : archiveUrl(selection)} download disabled={disabled} data-testid="download-archive">
          {t('downloadArchive')}
        </Button>
        <Button type="primary" onClick={run} loading={busy} disabled={disabled} data-testid="run-replay">
          {t('runReplay')}
        </Button>
      </Space>
      <Typography.Text type="secondary">
        {t('archiveHint')} <Typography.Text code>cadreflow audit verify --archive FILE</Typography.Text>
      </Typography.Text>
      {busy && <Typography.Text type="secondary">{t('replaying')}</Typography.Text>}
      {error && <ProblemAlert error={error} onRetry={run} />}
      {report && <ReplayResult report={report} />}
    </Space>
  );
}
