/**
 * Auditors and county staff: an archive of a kind of case (or of every case) to download,
 * a replay of their histories, and the signed checkpoints of the log's head — the
 * browser's `cadreflow audit export | replay | checkpoint`. One case's archive and replay
 * are on its audit page.
 */
import { useState } from 'react';
import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { isAuditSince } from '../../../domain/auditSelection';
import type { ApiProblem } from '../api';
import { getCheckpoints, signCheckpoint, type AuditSelection, type ListedCheckpoint } from '../auditToolsApi';
import { ArchiveAndReplay } from '../components/ArchiveAndReplay';
import { Loadable, ProblemAlert, useLoad } from '../components/Loadable';
import { useLang } from '../i18n';
import { formatTime, kindLabel } from '../vocabulary';

const KINDS = ['probation', 'selection', 'election', 'member-development', 'evaluation', 'evaluation-round', 'rectification'];

function Checkpoints() {
  const { t, lang } = useLang();
  const list = useLoad(getCheckpoints, []);
  const [signed, setSigned] = useState<string | null>(null);
  const [error, setError] = useState<ApiProblem | Error | null>(null);
  const [busy, setBusy] = useState(false);

  const sign = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await signCheckpoint();
      setSigned(t('checkpointSigned', { id: r.id, position: r.checkpoint.head.position }));
      list.reload();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('checkpoints')}
      extra={
        <Button onClick={sign} loading={busy} data-testid="sign-checkpoint">
          {t('signCheckpoint')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('checkpointsHint')}</Typography.Text>
        {signed && <Alert type="success" showIcon title={signed} data-testid="checkpoint-signed" />}
        {error && <ProblemAlert error={error} onRetry={sign} />}
        <Loadable state={list}>
          {(l) => (
            <Table<ListedCheckpoint>
              size="small"
              rowKey="id"
              pagination={l.checkpoints.length > 20 ? { pageSize: 20 } : false}
              dataSource={[...l.checkpoints].reverse()}
              locale={{ emptyText: t('noCheckpoints') }}
              data-testid="checkpoints"
              columns={[
                { title: '#', dataIndex: 'id' },
                { title: t('logPosition'), dataIndex: 'position' },
                { title: 'Hash', dataIndex: 'hash', render: (h: string) => <Typography.Text code>{h.slice(0, 16)}…</Typography.Text> },
                { title: t('signedAt'), dataIndex: 'signedAt', render: (at: string) => formatTime(at, lang) },
                {
                  title: t('keyFingerprint'),
                  dataIndex: 'keyFingerprint',
                  render: (f: string) => (
                    <Typography.Text code style={{ fontSize: 12 }}>
                      {f}
                    </Typography.Text>
                  ),
                },
                {
                  title: t('signature'),
                  dataIndex: 'signatureValid',
                  render: (v: boolean) => <Tag color={v ? 'success' : 'error'}>{v ? t('signatureValid') : t('signatureInvalid')}</Tag>,
                },
              ]}
            />
          )}
        </Loadable>
      </Space>
    </Card>
  );
}

export function ArchivesPage() {
  const { t, lang } = useLang();
  const [kind, setKind] = useState<string | undefined>();
  const [since, setSince] = useState('');
  const sinceOk = since === '' || isAuditSince(since);
  const selection: AuditSelection = kind || since ? { ...(kind ? { kind } : {}), ...(since ? { since } : {}) } : { all: true };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="archives-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('archivesTitle')}
      </Typography.Title>
      <Card size="small" title={t('selectCases')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Select
              allowClear
              showSearch
              style={{ minWidth: 240 }}
              placeholder={t('selectionKind')}
              value={kind}
              onChange={(v: string | undefined) => setKind(v)}
              options={KINDS.map((k) => ({ value: k, label: kindLabel(lang, k) }))}
              optionFilterProp="label"
              data-testid="archive-kind"
            />
            <Input
              style={{ width: 260 }}
              placeholder={t('selectionSince')}
              value={since}
              status={sinceOk ? undefined : 'error'}
              onChange={(e) => setSince(e.target.value.trim())}
              data-testid="archive-since"
            />
          </Space>
          <ArchiveAndReplay selection={selection} disabled={!sinceOk} />
        </Space>
      </Card>
      <Checkpoints />
    </Space>
  );
}
