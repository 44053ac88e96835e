/** The phone page's frame: one column at most 480 px wide, nothing wider than the screen. */
import type { ReactNode } from 'react';
import { Typography } from 'antd';
import { T } from './text';

export function VotePageFrame({ children }: { children: ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', overflowX: 'hidden' }}>
      <div style={{ background: '#b71c1c', color: '#fff', padding: '12px 16px' }}>
        <Typography.Text style={{ color: '#fff', fontSize: 18, fontWeight: 600 }}>{T.appTitle}</Typography.Text>
      </div>
      <main style={{ maxWidth: 480, margin: '0 auto', padding: 16, boxSizing: 'border-box', wordBreak: 'break-word' }}>{children}</main>
    </div>
  );
}
