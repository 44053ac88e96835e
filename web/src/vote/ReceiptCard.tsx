/**
 * The receipt (回执码) shown large, and where to check it: the published page's address
 * with the receipt in it, which needs no sign-in either.
 */
import { Card, Result, Typography } from 'antd';
import { T } from './text';

export const publishedPath = (sessionId: string, receipt?: string): string =>
  `#/ballots/${encodeURIComponent(sessionId)}${receipt ? `?receipt=${receipt}` : ''}`;

export function ReceiptCard({ sessionId, receipt, justCast }: { sessionId: string; receipt: string; justCast?: boolean }) {
  const code = (
    <Card size="small" style={{ textAlign: 'center', marginBottom: 12 }}>
      <Typography.Text type="secondary">{T.receipt}</Typography.Text>
      <div
        data-testid="vote-receipt"
        style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 32, fontWeight: 700, letterSpacing: 2, margin: '6px 0' }}
      >
        {receipt}
      </div>
    </Card>
  );
  if (!justCast) return code;
  return (
    <Result
      status="success"
      title={<span data-testid="vote-cast-done">{T.castDone}</span>}
      style={{ padding: '24px 0' }}
      subTitle={
        <>
          {code}
          <Typography.Paragraph style={{ textAlign: 'left' }}>{T.receiptHint}</Typography.Paragraph>
          <Typography.Link
            href={publishedPath(sessionId, receipt)}
            onClick={() => {
              // The voting page already put this address in place of the token's (VotePage):
              // following a link to the current address fires no hashchange of its own.
              if (window.location.hash === publishedPath(sessionId, receipt)) window.dispatchEvent(new HashChangeEvent('hashchange'));
            }}
            data-testid="vote-published-link"
            style={{ fontSize: 17 }}
          >
            {T.checkLater}
          </Typography.Link>
        </>
      }
    />
  );
}
