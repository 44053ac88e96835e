/**
 * 后进党组织排查: the screening form (the facts file of the self-check and township
 * re-check, uploaded as on the CLI's `--facts`; the day; branches the county adds by
 * hand) and the list it gives, each branch with its reasons. Shared by the new-case form
 * (RectificationStartForm: tick branches, start them together) and the screening page
 * (pages/ScreeningPage.tsx: start each listed branch on its own row). The request is read
 * first by its domain parser (domain/rectificationStart.ts, the CLI's and the API's); the
 * facts file by `parseSuppliedFacts`, so a wrong file is refused by branch and field
 * before anything is sent.
 */
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { Button, Form, Input, Select, Table, Typography } from 'antd';
import type { TableRowSelection } from 'antd/es/table/interface';
import { shanghaiDate } from '../../../../domain/calendar';
import { parseSuppliedFacts, type SuppliedFacts } from '../../../../domain/rectification';
import { parseRectificationScreening } from '../../../../domain/rectificationStart';
import { getVillages, screenBranches, type ListedBranch } from '../../api';
import { useLang, type Lang, type Translate } from '../../i18n';
import { useTownshipName } from '../../townships';
import { useLoad } from '../Loadable';
import { DecisionError, type DecisionProblem } from '../useDecision';
import { localRefusal, startProblem } from './submitStart';

interface Entry {
  on?: string;
  add?: string[];
}

/** A screening's result with the facts it was made with: a start sends the same day and facts. */
export interface Screened {
  on: string;
  screened: number;
  list: ListedBranch[];
  facts?: SuppliedFacts;
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

/** Why a branch is on the list, in the page's language. */
export function listedReasons(b: ListedBranch, t: Translate, lang: Lang): string {
  return [...b.reasons.map((r) => reasonText(r, t)), ...(b.addedByCounty ? [t('reasonAddedByCounty')] : [])].join(
    lang === 'zh' ? '；' : '; ',
  );
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

/** The screening form; `onScreened` gets each new list (null while a new file or a refusal clears it). */
export function RectificationScreening({ onScreened, busy = false }: { onScreened: (s: Screened | null) => void; busy?: boolean }) {
  const { t, lang } = useLang();
  const townshipName = useTownshipName();
  const [screening, setScreening] = useState(false);
  const [error, setError] = useState<DecisionProblem | null>(null);
  const [facts, setFacts] = useState<{ name: string; value: SuppliedFacts } | null>(null);
  const [form] = Form.useForm<Entry>();
  const villages = useLoad(() => getVillages(), []);
  const today = shanghaiDate(Date.now());
  const disabled = busy || screening;

  const onFile = async (file: File | undefined) => {
    setError(null);
    onScreened(null);
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
    const body = {
      ...(v.on ? { on: v.on } : {}),
      ...(v.add?.length ? { add: v.add } : {}),
      ...(facts ? { facts: facts.value } : {}),
    };
    const parsed = parseRectificationScreening(body, today);
    if (!parsed.ok) return setError(localRefusal(parsed, t, lang));
    setScreening(true);
    try {
      const r = await screenBranches(body);
      onScreened({ ...r, ...(facts ? { facts: facts.value } : {}) });
    } catch (err) {
      onScreened(null);
      setError(startProblem(err, t, lang));
    } finally {
      setScreening(false);
    }
  };

  return (
    <>
      <Form
        form={form}
        layout="vertical"
        onFinish={onScreen}
        disabled={disabled}
        initialValues={{ on: today }}
        data-testid="rectification-form"
      >
        <Form.Item label={t('factsFile')}>
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => void onFile(e.target.files?.[0])}
            disabled={disabled}
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
        <Button htmlType="submit" loading={screening} data-testid="rectification-screen">
          {t('screen')}
        </Button>
      </Form>
      <DecisionError error={error} />
    </>
  );
}

/** The listed branches with their reasons; the caller adds ticks or a column of its own. */
export function ListedBranches({
  list,
  rowSelection,
  action,
}: {
  list: ListedBranch[];
  rowSelection?: TableRowSelection<ListedBranch>;
  action?: { title: string; render: (b: ListedBranch) => ReactNode };
}) {
  const { t, lang } = useLang();
  const townshipName = useTownshipName();
  return (
    <Table<ListedBranch>
      size="small"
      rowKey="branchId"
      pagination={false}
      scroll={{ y: 320 }}
      dataSource={list}
      rowSelection={rowSelection}
      onRow={(b) => ({ 'data-testid': `listed-${b.branchId}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('branch'), key: 'branch', render: (_: unknown, b) => `${townshipName(b.townshipId)} ${b.name}` },
        { title: t('listReasons'), key: 'reasons', render: (_: unknown, b) => listedReasons(b, t, lang) },
        ...(action ? [{ title: action.title, key: 'action', render: (_: unknown, b: ListedBranch) => action.render(b) }] : []),
      ]}
    />
  );
}
