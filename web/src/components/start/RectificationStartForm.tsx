/**
 * 后进党组织整顿: county staff screen the village branches (排查) — the policy's criteria
 * over the registry and the facts file of the self-check and township re-check, uploaded
 * here as on the CLI's `--facts` — see the list with each branch's reasons, tick the
 * branches the county fixes, and start one case each. Every request is read first by
 * its domain parser (domain/rectificationStart.ts, the CLI's and the API's); the facts
 * file by `parseSuppliedFacts`, so a wrong file is refused by branch and field before
 * anything is sent.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, Select, Space, Table, Typography } from 'antd';
import { shanghaiDate } from '../../../../domain/calendar';
import { parseSuppliedFacts, type SuppliedFacts } from '../../../../domain/rectification';
import { parseRectificationScreening, parseRectificationStart } from '../../../../domain/rectificationStart';
import { getVillages, screenBranches, startRectification, type ListedBranch } from '../../api';
import { useLang, type Translate } from '../../i18n';
import { useTownshipName } from '../../townships';
import { useLoad } from '../Loadable';
import { DecisionError, type DecisionProblem } from '../useDecision';
import { startProblem, submitStart } from './submitStart';

interface Entry {
  on?: string;
  add?: string[];
}

function reasonText(r: ListedBranch['reasons'][number], t: Translate): string {
  switch (r.kind) {
    case 'secretary-vacant':
      return t('reasonSecretaryVacant', { since: r.since, months: r.months });
    case 'bottom-of-ranking':
      return t('reasonBottomOfRanking', { position: r.position, of: r.of, bottom: r.bottomPlaces });
    case 'low-satisfaction':
      return t('reasonLowSatisfaction', { satisfied: r.satisfied, surveyed: r.surveyed, min: r.minPercent });
    case 'no-development-target':
      return t('reasonNoDevelopmentTarget', { since: r.since, years: r.years });
  }
}

/** The facts file as text, parsed as JSON and then as the CLI's `--facts` is. */
export function factsOfFile(name: string, text: string): { ok: true; value: SuppliedFacts } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `${name}: ${(err as Error).message}` };
  }
  const parsed = parseSuppliedFacts(raw);
  return parsed.ok ? parsed : { ok: false, error: `${name}: ${parsed.error}` };
}

export function RectificationStartForm() {
  const { t } = useLang();
  const townshipName = useTownshipName();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DecisionProblem | null>(null);
  const [facts, setFacts] = useState<{ name: string; value: SuppliedFacts } | null>(null);
  const [screened, setScreened] = useState<{ on: string; screened: number; list: ListedBranch[] } | null>(null);
  const [ticked, setTicked] = useState<string[]>([]);
  const [form] = Form.useForm<Entry>();
  const villages = useLoad(() => getVillages(), []);
  const today = shanghaiDate(Date.now());

  const screening = (v: Entry): Record<string, unknown> => ({
    ...(v.on ? { on: v.on } : {}),
    ...(v.add?.length ? { add: v.add } : {}),
    ...(facts ? { facts: facts.value } : {}),
  });

  const onFile = async (file: File | undefined) => {
    setError(null);
    setScreened(null);
    if (!file) return setFacts(null);
    const read = factsOfFile(file.name, await file.text());
    if (!read.ok) {
      setFacts(null);
      setError({ title: t('checkLocally'), detail: read.error });
      return;
    }
    setFacts({ name: file.name, value: read.value });
  };

  const onScreen = async (v: Entry) => {
    setError(null);
    const body = screening(v);
    const parsed = parseRectificationScreening(body, today);
    if (!parsed.ok) return setError({ title: t('checkLocally'), detail: parsed.error });
    setBusy(true);
    try {
      const r = await screenBranches(body);
      setScreened(r);
      setTicked(r.list.map((b) => b.branchId));
    } catch (err) {
      setError(startProblem(err, t));
    } finally {
      setBusy(false);
    }
  };

  const onStart = async () => {
    if (!screened) return;
    setError(null);
    setBusy(true);
    // The same day and facts as the screening: each case records why its branch is on the list.
    const body = { on: screened.on, branches: ticked, ...(facts ? { facts: facts.value } : {}) };
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
      ),
    );
    setBusy(false);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={onScreen}
        disabled={busy}
        initialValues={{ on: today }}
        data-testid="rectification-form"
      >
        <Form.Item label={t('factsFile')}>
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => void onFile(e.target.files?.[0])}
            disabled={busy}
            data-testid="rectification-facts"
          />
          {facts && (
            <Typography.Text type="secondary" data-testid="rectification-facts-read">
              {t('factsFileRead', { name: facts.name, n: Object.keys(facts.value).length })}
            </Typography.Text>
          )}
        </Form.Item>
        <Form.Item name="on" label={t('screeningOn')}>
          <Input type="date" style={{ width: 200 }} data-testid="rectification-on" />
        </Form.Item>
        <Form.Item name="add" label={t('addBranches')}>
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            loading={villages.loading}
            options={(villages.data ?? []).map((u) => ({ value: u.orgUnitId, label: `${townshipName(u.townshipId)} ${u.name}` }))}
            data-testid="rectification-add"
          />
        </Form.Item>
        <Button htmlType="submit" loading={busy} data-testid="rectification-screen">
          {t('screen')}
        </Button>
      </Form>
      <DecisionError error={error} />
      {screened && (
        <div data-testid="rectification-list">
          {screened.list.length === 0 ? (
            <Alert type="info" title={t('screenedNone', { screened: screened.screened })} />
          ) : (
            <>
              <Typography.Paragraph>{t('screenedList', { n: screened.list.length, screened: screened.screened })}</Typography.Paragraph>
              <Table
                size="small"
                rowKey="branchId"
                pagination={false}
                scroll={{ y: 320 }}
                dataSource={screened.list}
                rowSelection={{ selectedRowKeys: ticked, onChange: (keys) => setTicked(keys.map(String)) }}
                columns={[
                  { title: t('branch'), key: 'branch', render: (_: unknown, b: ListedBranch) => `${townshipName(b.townshipId)} ${b.name}` },
                  {
                    title: t('listReasons'),
                    key: 'reasons',
                    render: (_: unknown, b: ListedBranch) =>
                      [...b.reasons.map((r) => reasonText(r, t)), ...(b.addedByCounty ? [t('reasonAddedByCounty')] : [])].join('；'),
                  },
                ]}
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
    </Space>
  );
}
