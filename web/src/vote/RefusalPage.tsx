/**
 * A refusal as a full page: its title, the server's own Chinese sentence, what to do
 * next, and the code small at the bottom (what a chair or a helpdesk asks for).
 */
import type { ReactNode } from 'react';
import { Result, Typography } from 'antd';
import { REFUSAL_HINT, refusalTitle, T } from './text';

export function RefusalPage({ code, zh, extra }: { code: string; zh?: string; extra?: ReactNode }) {
  const info = code === 'token-used' || code === 'session-closed';
  return (
    <Result
      status={info ? 'info' : code === 'network' || code === 'rate-limited' ? 'warning' : 'error'}
      title={<span data-testid="vote-refusal-title">{refusalTitle(code)}</span>}
      subTitle={
        <>
          {zh && (
            <Typography.Paragraph style={{ fontSize: 17 }} data-testid="vote-refusal-zh">
              {zh}
            </Typography.Paragraph>
          )}
          {REFUSAL_HINT[code] && <Typography.Paragraph type="secondary">{REFUSAL_HINT[code]}</Typography.Paragraph>}
        </>
      }
      extra={
        <>
          {extra}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="vote-refusal-code">
              {T.code}: {code}
            </Typography.Text>
          </div>
        </>
      }
    />
  );
}
