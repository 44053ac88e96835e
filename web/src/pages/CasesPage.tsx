/**
 * Cases the caller may read (a township member: their township's): filtered by kind,
 * township, stage, status and overdue, sorted and paged by the server (GET /cases). The
 * query lives in the URL after the hash (`/#/cases?kind=probation&sort=-due&page=2`) and
 * is read and written by the API's own parser (domain/caseQuery.ts), so a link or the back
 * button gives the same list, and a bad link says what is wrong rather than listing
 * something else.
 */
import { useState } from 'react';
import { Alert, Button, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import {
  CASE_KINDS,
  CASE_SORTS,
  caseQueryText,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  parseCaseQuery,
  type CaseQuery,
  type CaseSort,
} from '../../../domain/caseQuery';
import { getTownships, listCases, type CaseSummary } from '../api';
import { DocumentDownload, rosterUrl } from '../components/DocumentDownload';
import { Loadable, useLoad } from '../components/Loadable';
import { useSession } from '../session';
import { pick, useLang } from '../i18n';
import { auditPath, casePath, Link, navigate, queryOf, useHashPath, withQuery } from '../router';
import { caseName } from '../names';
import { useTownshipName } from '../townships';
import { formatDate, formatTime, kindLabel, KNOWN_STAGES, stageLabel, valueLabel } from '../vocabulary';
import { shanghaiDate } from '../../../domain/calendar';

const SORT_LABELS: Record<CaseSort, [string, string]> = {
  '-updated': ['最近更新在前', 'Last changed, newest first'],
  updated: ['最早更新在前', 'Last changed, oldest first'],
  '-started': ['启动日期 ↓', 'Started ↓'],
  started: ['启动日期 ↑', 'Started ↑'],
  due: ['截止日期 ↑', 'Due date ↑'],
  '-due': ['截止日期 ↓', 'Due date ↓'],
  township: ['乡镇 ↑', 'Township ↑'],
  '-township': ['乡镇 ↓', 'Township ↓'],
};

type Tri = 'all' | 'yes' | 'no';

export function CasesPage({ audit = false }: { audit?: boolean }) {
  const { t, lang } = useLang();
  const { user } = useSession();
  const townshipName = useTownshipName();
  const path = useHashPath();
  const route = audit ? '/audit' : '/cases';
  const parsed = parseCaseQuery(queryOf(path));
  const query: CaseQuery = parsed.ok ? parsed.query : { sort: '-updated', page: 1, pageSize: DEFAULT_PAGE_SIZE };
  const text = caseQueryText(query);
  const key = JSON.stringify(text);
  const [id, setId] = useState('');
  const cases = useLoad(() => (parsed.ok ? listCases(text) : Promise.resolve(undefined)), [key, parsed.ok]);
  const countyWide = user?.role !== 'township-committee';
  const townships = useLoad(() => (countyWide ? getTownships() : Promise.resolve([])), [countyWide]);
  const target = (caseId: string) => (audit ? auditPath(caseId) : casePath(caseId));
  /** A new filter or sort starts at the first page; the page and its size keep the rest. */
  const change = (next: Partial<CaseQuery>) => navigate(withQuery(route, caseQueryText({ ...query, page: 1, ...next })));
  const option = <V extends string>(group: string, value: V, zh: string, en: string) => ({
    value,
    label: <span data-testid={`cases-${group}-${value}`}>{pick(lang, zh, en)}</span>,
  });
  const tri = (v: boolean | undefined): Tri => (v === undefined ? 'all' : v ? 'yes' : 'no');
  const stages = [...new Set([...KNOWN_STAGES, ...(query.stage ? [query.stage] : [])])];

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
      <Space wrap data-testid="cases-filters">
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('filterKind')}
          style={{ minWidth: 180 }}
          value={query.kind}
          onChange={(v?: CaseQuery['kind']) => change({ kind: v })}
          options={CASE_KINDS.map((k) => ({ value: k, label: kindLabel(lang, k) }))}
          data-testid="cases-kind"
        />
        {countyWide && (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('filterTownship')}
            style={{ minWidth: 180 }}
            value={query.township}
            onChange={(v?: string) => change({ township: v })}
            options={(townships.data ?? []).map((u) => ({ value: u.orgUnitId, label: u.name }))}
            data-testid="cases-township"
          />
        )}
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('filterStage')}
          style={{ minWidth: 200 }}
          value={query.stage}
          onChange={(v?: string) => change({ stage: v })}
          options={stages.map((s) => ({ value: s, label: stageLabel(lang, s) }))}
          data-testid="cases-stage"
        />
        <Segmented<Tri>
          value={query.status === undefined ? 'all' : query.status === 'open' ? 'yes' : 'no'}
          onChange={(v) => change({ status: v === 'all' ? undefined : v === 'yes' ? 'open' : 'closed' })}
          options={[
            option('status', 'all', '全部状态', 'Any status'),
            option('status', 'yes', '办理中', 'Open'),
            option('status', 'no', '已办结', 'Closed'),
          ]}
          data-testid="cases-status"
        />
        <Segmented<Tri>
          value={tri(query.overdue)}
          onChange={(v) => change({ overdue: v === 'all' ? undefined : v === 'yes' })}
          options={[
            option('overdue', 'all', '全部期限', 'Any due date'),
            option('overdue', 'yes', '有逾期步骤', 'Overdue'),
            option('overdue', 'no', '无逾期步骤', 'Not overdue'),
          ]}
          data-testid="cases-overdue"
        />
        <Select<CaseSort>
          showSearch
          optionFilterProp="label"
          style={{ minWidth: 200 }}
          value={query.sort}
          onChange={(v) => change({ sort: v })}
          options={CASE_SORTS.map((s) => ({ value: s, label: pick(lang, ...SORT_LABELS[s]) }))}
          data-testid="cases-sort"
        />
        {Object.keys(text).length > 0 && (
          <Button onClick={() => navigate(route)} data-testid="cases-clear">
            {t('clearFilters')}
          </Button>
        )}
      </Space>
      {!parsed.ok && (
        <Alert
          type="error"
          showIcon
          data-testid="cases-query-problem"
          title={t('badCaseQuery')}
          description={parsed.problems.map((p) => (lang === 'zh' ? p.zh : p.en)).join(lang === 'zh' ? '；' : '; ')}
          action={
            <Button size="small" onClick={() => navigate(route)}>
              {t('clearFilters')}
            </Button>
          }
        />
      )}
      {parsed.ok && (
        <Loadable state={cases}>
          {(page) => (
            <Table<CaseSummary>
              size="small"
              rowKey="caseId"
              dataSource={page?.items ?? []}
              data-testid="cases-table"
              pagination={{
                current: query.page,
                pageSize: query.pageSize,
                total: page?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [10, DEFAULT_PAGE_SIZE, 50, MAX_PAGE_SIZE],
                showTotal: (total) => t('casesTotal', { n: total }),
                onChange: (p, size) => change({ page: size === query.pageSize ? p : 1, pageSize: size }),
              }}
              columns={[
                {
                  title: t('caseTitle'),
                  dataIndex: 'caseId',
                  render: (v: string, c) => (
                    <Link to={target(v)} testId="case-link">
                      {caseName(lang, c)}
                    </Link>
                  ),
                },
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
                { title: t('startedOn'), dataIndex: 'startedAt', render: (v: string) => formatDate(shanghaiDate(Date.parse(v)), lang) },
                {
                  title: t('nextDue'),
                  dataIndex: 'nextDueAt',
                  render: (v: string | null) =>
                    v === null ? (
                      '—'
                    ) : (
                      <Tag color={Date.parse(v) < Date.now() ? 'red' : 'default'} data-testid="case-next-due">
                        {formatDate(shanghaiDate(Date.parse(v)), lang)}
                      </Tag>
                    ),
                },
                { title: t('updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatTime(v, lang) },
              ]}
            />
          )}
        </Loadable>
      )}
    </Space>
  );
}
