/**
 * The participant's side of an online ballot (docs/ballots.md), apart from the staff app:
 * a phone that scans a ballot token's QR code lands on `/#/vote/<token>`, and the
 * published result is at `/#/ballots/<sessionId>?receipt=<code>`. Neither needs a
 * sign-in, and nothing here calls a staff route (main.tsx renders this instead of the
 * staff app, so its session check never runs).
 */
import { useEffect } from 'react';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { queryOf, useHashPath } from '../router';
import { PublishedPage } from './PublishedPage';
import { VotePage } from './VotePage';
import { VotePageFrame } from './VotePageFrame';
import { RefusalPage } from './RefusalPage';
import { T } from './text';
import { motionWanted } from '../motion';

/** The hash paths this app answers; main.tsx asks before choosing the app. */
export const isVotePath = (path: string): boolean => /^\/(vote|ballots)\//.test(path);

export function VoteApp() {
  const path = useHashPath();
  useEffect(() => {
    document.title = T.appTitle;
  }, []);
  const route = path.split('?')[0]!;
  const vote = /^\/vote\/([^/]+)$/.exec(route);
  const ballots = /^\/ballots\/([^/]+)$/.exec(route);
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#b71c1c', fontSize: 16, motion: motionWanted() } }}>
      <VotePageFrame>
        {vote ? (
          <VotePage key={vote[1]} token={decodeURIComponent(vote[1]!)} />
        ) : ballots ? (
          <PublishedPage key={path} sessionId={decodeURIComponent(ballots[1]!)} receipt={queryOf(path).receipt} />
        ) : (
          <RefusalPage code="unknown-token" />
        )}
      </VotePageFrame>
    </ConfigProvider>
  );
}
