/** Cases the caller may read (a township member: their township's), most recently changed first. */
import { useState } from 'react';
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import { listCases, type CaseSummary } from '../api';
import { DocumentDownload, rosterUrl } from '../components/DocumentDownload';
import { Loadable, useLoad } from '../components/Loadable';
import { useSession } from '../session';
import { useLang } from '../i18n';
import { auditPath, casePath, Link, navigate } from '../router';
import { caseName } from '../names';
import { useTownshipName } from '../townships';
import { formatTime, kindLabel, stageLabel, valueLabel } from '../vocabulary';

const PAGE = 20;

export function CasesPage({ audit = false }: { audit?: boolean }) {
  const { t, lang } = useLang();
  const { user } = useSession();
  const townshipName = useTownshipName();
  const [offset, setOffset] = useState(0);
  const [id, setId] = useState('');
  const cases = useLoad(() => listCases({ limit: String(PAGE), offset: String(offset) }), [offset]);
  const target = (caseId: string) => (audit ? auditPath(caseId) : casePath(caseId));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid={audit ? 'audit-list-page' : 'cases-page'}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {audit ? t('auditTitle') : t('caseList')}
      </Typography.Title>
      {audit && <Typography.Paragraph type="secondary">{t('readOnlyNotice')}</Typography.Paragraph>}
      {!audit && (
        <DocumentDownload
          href={rosterUrl(user?.role === 'township-committee' ? user.townshipId : null)}
          label="downloadRoster"
          testId="download-roster"
        />
      )}
      <Space.Compact style={{ maxWidth: 560, width: '100%' }}>
        <Input
          placeholder={t('searchCase')}
          value={id}
          onChange={(e) => setId(e.target.value)}
          onPressEnter={() => id.trim() && navigate(target(id.trim()))}
        />
        <Button type="primary" onClick={() => id.trim() && navigate(target(id.trim()))}>
          {t('go')}
        </Button>
      </Space.Compact>
      <Loadable state={cases}>
        {(page) => (
          <Table<CaseSummary>
            size="small"
            rowKey="caseId"
            dataSource={page.items}
            pagination={{
              current: offset / PAGE + 1,
              pageSize: PAGE,
              total: page.total,
              showSizeChanger: false,
              onChange: (p) => setOffset((p - 1) * PAGE),
            }}
            columns={[
              { title: t('caseTitle'), dataIndex: 'caseId', render: (v: string, c) => <Link to={target(v)}>{caseName(lang, c)}</Link> },
              { title: t('kind'), dataIndex: 'kind', render: (v: string) => kindLabel(lang, v) },
              { title: t('township'), dataIndex: 'townshipId', render: (v: string) => townshipName(v) },
              { title: t('stage'), dataIndex: 'stage', render: (v: string) => stageLabel(lang, v) },
              {
                title: t('caseStatus'),
                dataIndex: 'status',
                render: (v: string, c) => (
                  <>
                    <Tag color={v === 'open' ? 'processing' : 'default'}>{v === 'open' ? t('open') : t('closed')}</Tag>
                    {c.outcome && <Tag>{valueLabel(lang, c.outcome)}</Tag>}
                  </>
                ),
              },
              { title: t('updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatTime(v, lang) },
            ]}
          />
        )}
      </Loadable>
    </Space>
  );
}
