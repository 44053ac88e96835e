/**
 * A closed session's published result (`/#/ballots/<sessionId>?receipt=<code>`), with no
 * sign-in: the count, and whether the voter's receipt is among the published ballots — at
 * which position, counted as valid or as 废票, and what that ballot says. While the
 * session is open the server publishes nothing, and the page says so. Anyone may recount
 * the published list (GET /ballot-sessions/{id}/ballots, docs/ballots.md).
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Result, Spin, Table, Typography } from 'antd';
import { readStoredBallot, type BallotContent } from '../../../domain/ballots/onlineBallot';
import type { BallotShape } from '../../../domain/ballots/sessionDefinition';
import type { SessionCount } from '../../../domain/ballots/sessionTally';
import { RATING_GRADES } from '../../../domain/ballots/sessionDefinition';
import { nameOf } from './BallotChoices';
import { publishedPath, ReceiptCard } from './ReceiptCard';
import { RefusalPage } from './RefusalPage';
import { GRADE_TEXT, MARK_TEXT, T } from './text';
import { publishedBallots, VoteRefusal, type PublishedBallots } from './voteApi';

const RECEIPT = /^[0-9a-fA-F]{12}$/;

type State = { at: 'loading' } | { at: 'open' } | { at: 'refused'; refusal: VoteRefusal } | { at: 'published'; data: PublishedBallots };

export function PublishedPage({ sessionId, receipt: given }: { sessionId: string; receipt?: string }) {
  const receipt = given && RECEIPT.test(given) ? given.toLowerCase() : undefined;
  const [state, setState] = useState<State>({ at: 'loading' });
  const [typed, setTyped] = useState('');

  const load = useCallback(() => {
    setState({ at: 'loading' });
    publishedBallots(sessionId, receipt)
      .then((data) => setState({ at: 'published', data }))
      .catch((err: unknown) => {
        const refusal = err instanceof VoteRefusal ? err : new VoteRefusal('network', undefined, String(err), 0);
        setState(refusal.code === 'session-open' ? { at: 'open' } : { at: 'refused', refusal });
      });
  }, [sessionId, receipt]);
  useEffect(() => {
    load();
  }, [load]);

  const receiptCard = receipt ? <ReceiptCard sessionId={sessionId} receipt={receipt} /> : null;
  const malformed = given !== undefined && !receipt && (
    <Alert type="error" showIcon title={T.receiptMalformed} style={{ marginBottom: 12 }} data-testid="published-receipt-malformed" />
  );

  if (state.at === 'loading') return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  if (state.at === 'refused') return <RefusalPage code={state.refusal.code} zh={state.refusal.zh} />;
  if (state.at === 'open') {
    return (
      <>
        {malformed}
        {receiptCard}
        <Result
          status="info"
          title={<span data-testid="published-not-yet">{T.notYetTitle}</span>}
          subTitle={T.notYetText}
          extra={
            <Button size="large" type="primary" onClick={load} data-testid="published-refresh">
              {T.refresh}
            </Button>
          }
        />
      </>
    );
  }

  const { data } = state;
  const shape = data.definition.ballot;
  const names = data.names;
  const mine = receipt ? data.ballots.find((b) => b.receipt === receipt) : undefined;
  const reading = mine ? readStoredBallot(shape, mine.content) : undefined;
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="published-title">
        {T.publishedTitle}
      </Typography.Title>
      {malformed}
      {receiptCard}
      {receipt &&
        (mine && reading?.ok ? (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="published-receipt-found"
            title={T.receiptFound(mine.position)}
            description={
              <>
                <div>{reading.invalid ? T.receiptCountedInvalid : T.receiptCountedValid}</div>
                <div style={{ marginTop: 6 }}>
                  {T.receiptSays}：<span data-testid="published-receipt-content">{contentText(shape, reading.content, names)}</span>
                </div>
              </>
            }
          />
        ) : (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="published-receipt-missing" title={T.receiptNotFound} />
        ))}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={T.question}>{data.definition.question}</Descriptions.Item>
        </Descriptions>
        <div data-testid="published-turnout">{T.turnout(data.result.cast, data.definition.due)}</div>
      </Card>
      <CountTable count={data.result.tally.total} shape={shape} names={names} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 13 }}>
        {T.ballotsPublished(data.result.cast)} {T.headHash}:{' '}
        <span style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{data.result.head}</span>
      </Typography.Paragraph>
      <Card size="small" title={T.receiptLookup}>
        <Input
          size="large"
          value={typed}
          maxLength={12}
          placeholder="0123456789ab"
          onChange={(e) => setTyped(e.target.value.trim())}
          data-testid="published-receipt-input"
          style={{ marginBottom: 8 }}
        />
        <Button
          size="large"
          block
          href={publishedPath(sessionId, typed)}
          disabled={!RECEIPT.test(typed)}
          data-testid="published-receipt-go"
        >
          {T.receiptLookup}
        </Button>
      </Card>
    </>
  );
}

function contentText(shape: BallotShape, content: BallotContent, names: Record<string, string>): string {
  if (content.kind === 'rating') return GRADE_TEXT[content.grade];
  if (content.kind === 'choose') return content.marked.length === 0 ? T.blank : content.marked.map((id) => nameOf(names, id)).join('、');
  const candidates = shape.kind === 'rating' ? [] : shape.candidates;
  return candidates.map((id) => `${nameOf(names, id)} ${MARK_TEXT[content.votes[id] ?? 'abstain']}`).join('；');
}

function CountTable({ count, shape, names }: { count: SessionCount; shape: BallotShape; names: Record<string, string> }) {
  if (count.kind === 'rating') {
    return (
      <Table
        size="small"
        pagination={false}
        rowKey="grade"
        data-testid="published-count"
        columns={[
          { title: T.grade, dataIndex: 'label' },
          { title: T.count, dataIndex: 'n', align: 'right' },
        ]}
        dataSource={RATING_GRADES.map((g) => ({ grade: g, label: GRADE_TEXT[g], n: count.votes[g] }))}
      />
    );
  }
  const t = count.tally;
  const candidates = shape.kind === 'rating' ? [] : shape.candidates;
  const approve = t.kind === 'approve';
  return (
    <>
      <div style={{ marginBottom: 8 }} data-testid="published-valid">
        {T.validInvalid(t.valid, t.invalid.length)}
      </div>
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        data-testid="published-count"
        columns={[
          { title: T.candidate, dataIndex: 'name' },
          { title: approve ? T.yes : T.votes, dataIndex: 'yes', align: 'right' },
          ...(approve
            ? [
                { title: T.no, dataIndex: 'no', align: 'right' as const },
                { title: T.abstain, dataIndex: 'abstain', align: 'right' as const },
              ]
            : []),
        ]}
        dataSource={candidates.map((id) => ({
          id,
          name: nameOf(names, id),
          yes: t.votes[id] ?? 0,
          no: t.kind === 'approve' ? (t.against[id] ?? 0) : 0,
          abstain: t.kind === 'approve' ? (t.abstained[id] ?? 0) : 0,
        }))}
      />
    </>
  );
}
