/**
 * Election results per branch (GET /elections, `cadreflow election results`): where each
 * branch's election stands and whom it elected, each row opening its case. County staff
 * and auditors pick a township (the address keeps it: `/#/elections?township=ts-01`); a
 * township committee member sees their own township's, as the API gives it.
 */
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { getTownships } from '../api';
import { Loadable, useLoad } from '../components/Loadable';
import { casePath, Link, navigate, queryOf, useHashPath, withQuery } from '../router';
import { useSession } from '../session';
import { useTownshipName } from '../townships';
import { formatDate, stageLabel } from '../vocabulary';
import { getElections, type ElectionResultRow, type ElectionResults } from '../views/viewsApi';
import { useViewText } from '../views/text';

export function TownshipFilter({ value, route, testId }: { value: string | undefined; route: string; testId: string }) {
  const { vt } = useViewText();
  const townships = useLoad(getTownships, []);
  const path = useHashPath();
  return (
    <Select
      allowClear
      showSearch
      placeholder={vt('allTownships')}
      value={value}
      loading={townships.loading}
      style={{ minWidth: 200 }}
      data-testid={testId}
      optionFilterProp="label"
      options={(townships.data ?? []).map((u) => ({ value: u.orgUnitId, label: u.name }))}
      onChange={(v?: string) => {
        const { township: _, ...rest } = queryOf(path);
        navigate(withQuery(route, v ? { ...rest, township: v } : rest));
      }}
    />
  );
}

export function ElectionsPage() {
  const { vt, lang } = useViewText();
  const { user } = useSession();
  const path = useHashPath();
  const township = queryOf(path).township;
  const list = useLoad(() => getElections(township), [township]);
  const townshipName = useTownshipName();
  const nameOf = (r: ElectionResults, id: string | null) => (id ? (r.names[id] ?? id) : '—');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="elections-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {vt('electionsTitle')}
        </Typography.Title>
        <Space>
          {user?.role !== 'township-committee' && <TownshipFilter value={township} route="/elections" testId="elections-township" />}
          <Button onClick={list.reload} loading={list.loading}>
            {vt('refresh')}
          </Button>
        </Space>
      </Space>
      <Typography.Text type="secondary">{vt('electionsHint')}</Typography.Text>
      <Card size="small">
        <Loadable state={list}>
          {(r) => (
            <Table<ElectionResultRow>
              size="small"
              rowKey="caseId"
              dataSource={r.elections}
              pagination={r.elections.length > 50 ? { pageSize: 50 } : false}
              locale={{ emptyText: vt('noElections') }}
              data-testid="elections"
              columns={[
                {
                  title: vt('unit'),
                  key: 'unit',
                  render: (_, e) => (
                    <Link to={casePath(e.caseId)} testId="election-link">
                      {e.orgUnitName ?? townshipName(e.orgUnitId)}
                    </Link>
                  ),
                },
                { title: vt('township'), key: 'township', render: (_, e) => townshipName(e.townshipId) },
                { title: vt('form'), key: 'form', render: (_, e) => (e.form === 'village' ? vt('formVillage') : vt('formTownship')) },
                { title: vt('term'), dataIndex: 'term' },
                { title: vt('seats'), dataIndex: 'seats' },
                {
                  title: vt('stage'),
                  key: 'stage',
                  render: (_, e) => <Tag color={e.status === 'open' ? 'processing' : 'default'}>{stageLabel(lang, e.stage)}</Tag>,
                },
                { title: vt('elected'), key: 'elected', render: (_, e) => e.elected.map((p) => nameOf(r, p)).join('、') || '—' },
                { title: vt('secretary'), key: 'secretary', render: (_, e) => nameOf(r, e.secretary) },
                { title: vt('meetingsHeld'), dataIndex: 'meetingsHeld' },
                { title: vt('approvedOn'), key: 'approvedOn', render: (_, e) => (e.approvedOn ? formatDate(e.approvedOn, lang) : '—') },
              ]}
            />
          )}
        </Loadable>
      </Card>
    </Space>
  );
}
