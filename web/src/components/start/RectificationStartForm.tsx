/**
 * 后进党组织整顿 in the new-case form: county staff screen the village branches (排查,
 * RectificationScreening.tsx: the facts file, the day, branches added by hand), tick the
 * branches the county fixes on the list, and start one case each; the first opens. The
 * start is read first by its domain parser (domain/rectificationStart.ts), as on the CLI
 * and the API. The screening page (pages/ScreeningPage.tsx) starts branch by branch.
 */
import { useState } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { shanghaiDate } from '../../../../domain/calendar';
import { parseRectificationStart } from '../../../../domain/rectificationStart';
import { startRectification } from '../../api';
import { useLang } from '../../i18n';
import { DecisionError, type DecisionProblem } from '../useDecision';
import { ListedBranches, RectificationScreening, type Screened } from './RectificationScreening';
import { submitStart } from './submitStart';

export function RectificationStartForm() {
  const { t, lang } = useLang();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DecisionProblem | null>(null);
  const [screened, setScreened] = useState<Screened | null>(null);
  const [ticked, setTicked] = useState<string[]>([]);
  const today = shanghaiDate(Date.now());

  const onScreened = (s: Screened | null) => {
    setError(null);
    setScreened(s);
    setTicked(s ? s.list.map((b) => b.branchId) : []);
  };

  const onStart = async () => {
    if (!screened) return;
    setError(null);
    setBusy(true);
    // The same day and facts as the screening: each case records why its branch is on the list.
    const body = { on: screened.on, branches: ticked, ...(screened.facts ? { facts: screened.facts } : {}) };
    setError(
      await submitStart(
        body,
        (raw) => parseRectificationStart(raw, today),
        async (b) => {
          const r = await startRectification(b);
          // One case per branch: the first started (or, when all were there, the first existing) opens.
          return { caseId: r.started[0] ?? r.existing[0]! };
        },
        t,
        lang,
      ),
    );
    setBusy(false);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <RectificationScreening onScreened={onScreened} busy={busy} />
      {screened && (
        <div data-testid="rectification-list">
          {screened.list.length === 0 ? (
            <Alert type="info" title={t('screenedNone', { screened: screened.screened })} />
          ) : (
            <>
              <Typography.Paragraph>{t('screenedList', { n: screened.list.length, screened: screened.screened })}</Typography.Paragraph>
              <ListedBranches
                list={screened.list}
                rowSelection={{ selectedRowKeys: ticked, onChange: (keys) => setTicked(keys.map(String)) }}
              />
              <Button
                type="primary"
                style={{ marginTop: 12 }}
                onClick={() => void onStart()}
                loading={busy}
                disabled={ticked.length === 0}
                data-testid="rectification-start"
              >
                {t('startRectification')}
              </Button>
            </>
          )}
        </div>
      )}
      <DecisionError error={error} />
    </Space>
  );
}
