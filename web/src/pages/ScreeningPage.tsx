/**
 * 后进党组织排查 (county staff): screen the village branches with the uploaded facts file
 * (components/start/RectificationScreening.tsx, the new-case form's own), see each listed
 * branch with its reasons, and start a branch's rectification case from its row — one at a
 * time, the page staying on the list so the next can follow. A start is read first by its
 * domain parser (domain/rectificationStart.ts, the CLI's and the API's) and sends the
 * screening's day and facts, so the case records why its branch is on the list. A branch
 * whose case of that year exists already gets no second one: its row links to it.
 */
import { useState } from 'react';
import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import { shanghaiDate } from '../../../domain/calendar';
import { parseRectificationStart } from '../../../domain/rectificationStart';
import { startRectification, type ListedBranch } from '../api';
import { useLang } from '../i18n';
import { casePath, Link } from '../router';
import { DecisionError, type DecisionProblem } from '../components/useDecision';
import { ListedBranches, RectificationScreening, type Screened } from '../components/start/RectificationScreening';
import { caseReady, startProblem } from '../components/start/submitStart';

/** A row's start: under way, or its case (started now, or there already). */
type RowStart = 'starting' | { caseId: string; started: boolean };

export function ScreeningPage() {
  const { t, lang } = useLang();
  const [screened, setScreened] = useState<Screened | null>(null);
  const [starts, setStarts] = useState<Record<string, RowStart>>({});
  const [error, setError] = useState<DecisionProblem | null>(null);
  const busy = Object.values(starts).includes('starting');

  const onScreened = (s: Screened | null) => {
    setError(null);
    setScreened(s);
    setStarts({});
  };

  const start = async (b: ListedBranch) => {
    if (!screened) return;
    setError(null);
    const body = { on: screened.on, branches: [b.branchId], ...(screened.facts ? { facts: screened.facts } : {}) };
    const parsed = parseRectificationStart(body, shanghaiDate(Date.now()));
    if (!parsed.ok) return setError({ title: t('checkLocally'), detail: parsed.error });
    setStarts((s) => ({ ...s, [b.branchId]: 'starting' }));
    try {
      const r = await startRectification(body);
      const caseId = r.started[0] ?? r.existing[0]!;
      // Its page has something to show once the case's row and first step are in the read models.
      await caseReady(caseId);
      setStarts((s) => ({ ...s, [b.branchId]: { caseId, started: r.started.length > 0 } }));
    } catch (err) {
      setStarts(({ [b.branchId]: _, ...rest }) => rest);
      setError(startProblem(err, t, lang));
    }
  };

  const action = (b: ListedBranch) => {
    const s = starts[b.branchId];
    if (s === undefined || s === 'starting') {
      return (
        <Button
          size="small"
          type="primary"
          loading={s === 'starting'}
          disabled={busy && s === undefined}
          onClick={() => void start(b)}
          data-testid={`start-${b.branchId}`}
        >
          {t('startBranchRectification')}
        </Button>
      );
    }
    return (
      <Space size={4} data-testid={`started-${b.branchId}`}>
        <Tag color={s.started ? 'green' : 'default'}>{s.started ? t('caseStarted') : t('caseExisting')}</Tag>
        <Link to={casePath(s.caseId)} testId={`open-${b.branchId}`}>
          {t('openCase')}
        </Link>
      </Space>
    );
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="screening-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('screeningTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('screeningHint')}</Typography.Paragraph>
      <Card size="small">
        <RectificationScreening onScreened={onScreened} busy={busy} />
      </Card>
      <DecisionError error={error} />
      {screened && (
        <div data-testid="rectification-list">
          {screened.list.length === 0 ? (
            <Alert type="info" title={t('screenedNone', { screened: screened.screened })} />
          ) : (
            <>
              <Typography.Paragraph>{t('screenedList', { n: screened.list.length, screened: screened.screened })}</Typography.Paragraph>
              <ListedBranches list={screened.list} action={{ title: t('rectificationCase'), render: action }} />
            </>
          )}
        </div>
      )}
    </Space>
  );
}
