/**
 * A case's online ballot sessions on its page (GET /cases/{caseId}/ballot-sessions): how
 * a chair who left a session's page finds it again. A pending step with an open session
 * shows 查看线上投票 where 发起线上投票 would be (a second open is refused anyway,
 * `session-open`); the sessions the user may see — an open one only its chair, the closed
 * ones every reader of the case — are listed with a link to each session's page (its
 * turnout, or its published result). Counts and times only: the server never lists a
 * token nor what the ballots say.
 */
import { Card, List, Space, Tag, Typography } from 'antd';
import { Link } from '../router';
import { stepLabel } from '../steps';
import { formatTime } from '../vocabulary';
import type { CaseBallotSession } from './ballotsApi';
import { sessionPath } from './sheetMemory';
import { useBallotText } from './text';

/** The open session of a pending step, linked in place of the open button. */
export function OpenSessionLink({ session }: { session: CaseBallotSession }) {
  const { bt } = useBallotText();
  return (
    <Space wrap style={{ marginTop: 12 }} data-testid="ballot-open-session">
      <Typography.Text type="secondary">{bt('openSessionHint', { cast: session.cast, due: session.due })}</Typography.Text>
      <Link to={sessionPath(session.sessionId)} testId="ballot-session-link">
        {bt('viewSession')}
      </Link>
    </Space>
  );
}

/** Every session the user may see, the newest first; nothing when there is none. */
export function CaseSessionsCard({ kind, sessions }: { kind: string; sessions: readonly CaseBallotSession[] }) {
  const { bt, lang } = useBallotText();
  if (sessions.length === 0) return null;
  return (
    <Card title={bt('caseSessions')} size="small" style={{ marginTop: 16 }} data-testid="case-ballot-sessions">
      <List
        size="small"
        dataSource={[...sessions]}
        rowKey="sessionId"
        renderItem={(s) => (
          <List.Item
            data-testid="case-ballot-session"
            data-status={s.status}
            actions={[
              <Link key="view" to={sessionPath(s.sessionId)} testId="case-ballot-session-link">
                {bt('viewSession')}
              </Link>,
            ]}
          >
            <Space wrap size="small">
              <Typography.Text strong>{stepLabel(lang, kind, s.step)}</Typography.Text>
              <Tag color={s.status === 'open' ? 'processing' : 'default'}>
                {s.status === 'open' ? bt('statusOpen') : bt('statusClosed')}
              </Tag>
              <Typography.Text>{bt('sessionCast', { cast: s.cast, due: s.due })}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.closedAt
                  ? bt('sessionClosedAt', { at: formatTime(s.closedAt, lang) })
                  : bt('sessionOpenedAt', { at: formatTime(s.openedAt, lang) })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
