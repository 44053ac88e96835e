/**
 * The ballot part of a case's verification (docs/audit.md, check 7): the case's online
 * ballot sessions recounted and its decisions that carry a session held against it. Each
 * finding comes with its Chinese and English words from the server; the page shows the
 * language the user reads. Its own words are kept here, not in i18n.tsx.
 */
import { Tag, Typography } from 'antd';
import type { BallotCheck } from '../../../domain/wire/ballotCheck';
import { pick, useLang } from '../i18n';

const TEXT = {
  ok: ['通过', 'OK'],
  failed: ['未通过', 'Failed'],
  summary: [
    '{sessions} 次在线投票，复核 {ballots} 张选票；{decisions} 项决定引用投票',
    '{sessions} online ballot session(s), {ballots} ballot(s) recounted; {decisions} decision(s) citing a session',
  ],
  firstBad: ['第一个校验不通过的投票（共 {n} 个）', 'First session that does not verify ({n} in all)'],
  decisions: ['与投票记录不符的决定', 'Decisions that do not match their session'],
  position: ['日志位置', 'log position'],
} as const;

const fill = (s: string, vars: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (m, n: string) => (n in vars ? String(vars[n]) : m));

export function VerifiedBallots({ check }: { check: BallotCheck }) {
  const { lang } = useLang();
  const t = (key: keyof typeof TEXT, vars: Record<string, string | number> = {}) => fill(pick(lang, TEXT[key][0], TEXT[key][1]), vars);
  if (!check.checked) return <Typography.Text type="secondary">{check.why}</Typography.Text>;
  const ok = check.sessionFindings.length + check.decisionFindings.length === 0;
  const first = check.sessionFindings[0];
  return (
    <div data-testid="verification-ballots" data-ok={String(ok)}>
      <Tag color={ok ? 'success' : 'error'}>{ok ? t('ok') : t('failed')}</Tag>{' '}
      {t('summary', { sessions: check.sessions, ballots: check.ballots, decisions: check.decisions })}
      {first && (
        <div data-testid="verification-ballots-first-bad">
          <Typography.Text strong>{t('firstBad', { n: check.sessionFindings.length })}</Typography.Text>
          <div>
            <Typography.Text code>{first.sessionId}</Typography.Text> {first.step}
            {first.position !== undefined ? ` #${first.position}` : ''}: {pick(lang, first.zh, first.en)}
          </div>
        </div>
      )}
      {check.decisionFindings.length > 0 && (
        <div>
          <Typography.Text strong>{t('decisions')}</Typography.Text>
          <ul>
            {check.decisionFindings.map((f) => (
              <li key={f.position}>
                {t('position')} #{f.position} ({f.step}): {pick(lang, f.zh, f.en)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
