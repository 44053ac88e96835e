/**
 * An election case's own record (GET /cases/{caseId}/election, `cadreflow election show`):
 * the nominees with their votes, the slate, the meetings held and whom they elected. Read
 * again when the case's timeline grows (`version`).
 */
import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { Loadable, useLoad } from './Loadable';
import { Link } from '../router';
import { formatDate, stageLabel, valueLabel } from '../vocabulary';
import { getElection, type ElectionView } from '../views/viewsApi';
import { useViewText } from '../views/text';

type Nominee = ElectionView['nominees'][number];
type Meeting = ElectionView['meetings'][number];

/** A person by their registry name (the view names everyone it mentions). */
const nameOf = (v: ElectionView, id: string | null) => (id ? (v.names[id] ?? id) : '—');

export function ElectionDetails({ caseId, version }: { caseId: string; version: number }) {
  const { vt, lang } = useViewText();
  const view = useLoad(() => getElection(caseId), [caseId, version]);
  return (
    <Card
      title={vt('electionDetails')}
      extra={<Link to="/elections">{vt('electionsTitle')}</Link>}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="election-details"
    >
      <Loadable state={view}>
        {(v) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={vt('form')}>{v.form === 'village' ? vt('formVillage') : vt('formTownship')}</Descriptions.Item>
              <Descriptions.Item label={vt('term')}>{v.term}</Descriptions.Item>
              <Descriptions.Item label={vt('seats')}>{v.seats}</Descriptions.Item>
              <Descriptions.Item label={vt('stage')}>{stageLabel(lang, v.stage)}</Descriptions.Item>
              <Descriptions.Item label={vt('electionDate')}>{v.electionDate ? formatDate(v.electionDate, lang) : '—'}</Descriptions.Item>
              <Descriptions.Item label={vt('eligibleVoters')}>{v.eligibleVoters ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={vt('slate')}>
                <span data-testid="election-slate">{v.slate.map((p) => nameOf(v, p)).join('、') || '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={vt('elected')}>{v.elected.map((p) => nameOf(v, p)).join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label={vt('secretary')}>{nameOf(v, v.secretary)}</Descriptions.Item>
              <Descriptions.Item label={vt('deputy')}>{nameOf(v, v.deputy)}</Descriptions.Item>
            </Descriptions>
            <Typography.Text strong>{vt('nominees')}</Typography.Text>
            <Table<Nominee>
              size="small"
              rowKey="personId"
              pagination={false}
              dataSource={v.nominees}
              data-testid="election-nominees"
              columns={[
                { title: vt('nominees'), key: 'name', render: (_, n) => nameOf(v, n.personId) },
                { title: vt('memberVotes'), dataIndex: 'memberVotes' },
                { title: vt('massesVotes'), dataIndex: 'massesVotes' },
                { title: vt('nomineeStatus'), key: 'status', render: (_, n) => <Tag>{valueLabel(lang, n.status)}</Tag> },
                { title: vt('replaces'), key: 'replaces', render: (_, n) => (n.replaces ? nameOf(v, n.replaces) : '—') },
              ]}
            />
            <Typography.Text strong>{vt('meetings')}</Typography.Text>
            <Table<Meeting>
              size="small"
              rowKey={(m, i) => `${m.kind}-${i}`}
              pagination={false}
              dataSource={v.meetings}
              data-testid="election-meetings"
              columns={[
                { title: vt('meetingKind'), key: 'kind', render: (_, m) => valueLabel(lang, m.kind) },
                { title: vt('eligible'), dataIndex: 'eligible' },
                { title: vt('present'), dataIndex: 'present' },
                { title: vt('outcome'), key: 'outcome', render: (_, m) => valueLabel(lang, m.outcome) },
              ]}
            />
          </Space>
        )}
      </Loadable>
    </Card>
  );
}
