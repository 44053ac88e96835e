/**
 * 干部查询: search the registry's cadres by name, unit, post, rank, age, 党龄, 工龄,
 * education, probation and a year's grade. The form's text goes through the same parser
 * as the API's and the CLI's (domain/cadres/search.ts), so a bad range is named here
 * before any request; the API checks again. No ID or phone numbers are shown.
 */
import { useState } from 'react';
import { Alert, Button, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { PagedTable } from '../components/PagedTable';
import { EDUCATION_LEVELS } from '../../../domain/cadres/education';
import { parseCadreQuery, PROBATION_STATUSES, type CadreHit as Hit, type CadreQueryText } from '../../../domain/cadres/search';
import { api, getTownships, type Page } from '../api';
import { Loadable, useLoad } from '../components/Loadable';
import { useLang } from '../i18n';
import { useSession } from '../session';
import { educationLabel } from './StructureStatsPage';

const PAGE = 20;

const TEXT = {
  title: ['干部查询', 'Cadre search'],
  intro: [
    '年龄、党龄、工龄按今日（北京时间）计算到月；学历取全日制与在职中较高者，“至少”即该学历及以上。已退休、去世人员默认不列出。',
    'Ages, Party years and work years are as of today (Beijing time), by month; education is the higher of full-time and in-service, "at least" meaning that level or higher. Retired and deceased people are left out unless asked for.',
  ],
  name: ['姓名', 'Name'],
  township: ['乡镇', 'Township'],
  anyTownship: ['全部乡镇', 'Any township'],
  post: ['现任职务', 'Post'],
  rank: ['职级', 'Rank'],
  age: ['年龄', 'Age'],
  partyYears: ['党龄', 'Party years'],
  workYears: ['工龄', 'Work years'],
  education: ['学历（至少）', 'Education (at least)'],
  probation: ['试用期', 'Probation'],
  grade: ['考核等次', 'Grade'],
  gradeYear: ['考核年度', 'Year'],
  departed: ['含退休、去世', 'Include departed'],
  search: ['查询', 'Search'],
  reset: ['重置', 'Reset'],
  unit: ['单位', 'Unit'],
  gender: ['性别', 'Gender'],
  found: ['共 {n} 人', '{n} people'],
} as const;

const GRADES: Record<string, [string, string]> = {
  excellent: ['优秀', 'excellent'],
  competent: ['称职', 'competent'],
  'basically-competent': ['基本称职', 'basically competent'],
  'not-competent': ['不称职', 'not competent'],
};
const PROBATION: Record<string, [string, string]> = {
  none: ['无', 'none'],
  'on-probation': ['试用期中', 'on probation'],
  confirmed: ['已转正', 'confirmed'],
  removed: ['试用不合格', 'removed'],
  'ended-early': ['提前终止', 'ended early'],
};

type NumberKey = 'ageMin' | 'ageMax' | 'partyYearsMin' | 'partyYearsMax' | 'workYearsMin' | 'workYearsMax';

export function CadreSearchPage() {
  const { lang } = useLang();
  const { user } = useSession();
  const zh = lang === 'zh' ? 0 : 1;
  const L = (key: keyof typeof TEXT) => TEXT[key][zh];
  const own = user?.role === 'township-committee';
  const townships = useLoad(getTownships, []);
  const [form, setForm] = useState<CadreQueryText>({});
  const [query, setQuery] = useState<CadreQueryText>({});
  const [offset, setOffset] = useState(0);
  const [problems, setProblems] = useState<string[]>([]);
  const set = (k: keyof CadreQueryText, v: string | number | null | undefined) =>
    setForm((f) => ({ ...f, [k]: v === null || v === undefined ? undefined : String(v) }));
  const hits = useLoad(() => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) qs.set(k, v);
    qs.set('limit', String(PAGE));
    qs.set('offset', String(offset));
    return api<Page<Hit>>('GET', `/registry/search?${qs.toString()}`);
  }, [query, offset]);

  const search = () => {
    const parsed = parseCadreQuery(form);
    if (!parsed.ok) {
      setProblems(parsed.problems.map((p) => (zh === 0 ? p.zh : p.en)));
      return;
    }
    setProblems([]);
    setOffset(0);
    setQuery({ ...form });
  };
  const num = (k: NumberKey, placeholder: string) => (
    <InputNumber
      min={0}
      max={150}
      precision={0}
      style={{ width: 90 }}
      placeholder={placeholder}
      value={form[k] === undefined ? null : Number(form[k])}
      onChange={(v) => set(k, v)}
      data-testid={`search-${k}`}
    />
  );
  const range = (label: string, lo: NumberKey, hi: NumberKey) => (
    <Space size={4}>
      <Typography.Text>{label}</Typography.Text>
      {num(lo, lang === 'zh' ? '最小' : 'min')}–{num(hi, lang === 'zh' ? '最大' : 'max')}
    </Space>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="search-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {L('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{L('intro')}</Typography.Paragraph>
      <Space wrap>
        <Input
          style={{ width: 140 }}
          placeholder={L('name')}
          value={form.name ?? ''}
          onChange={(e) => set('name', e.target.value)}
          onPressEnter={search}
          data-testid="search-name"
        />
        {!own && (
          <Select
            allowClear
            style={{ minWidth: 160 }}
            placeholder={L('anyTownship')}
            value={form.township}
            onChange={(v: string | undefined) => set('township', v)}
            options={(townships.data ?? []).map((u) => ({ value: u.orgUnitId, label: u.name }))}
            data-testid="search-township"
          />
        )}
        <Input
          style={{ width: 140 }}
          placeholder={L('post')}
          value={form.post ?? ''}
          onChange={(e) => set('post', e.target.value)}
          onPressEnter={search}
          data-testid="search-post"
        />
        <Input
          style={{ width: 110 }}
          placeholder={L('rank')}
          value={form.rank ?? ''}
          onChange={(e) => set('rank', e.target.value)}
          onPressEnter={search}
          data-testid="search-rank"
        />
        {range(L('age'), 'ageMin', 'ageMax')}
        {range(L('partyYears'), 'partyYearsMin', 'partyYearsMax')}
        {range(L('workYears'), 'workYearsMin', 'workYearsMax')}
        <Select
          allowClear
          style={{ minWidth: 150 }}
          placeholder={L('education')}
          value={form.education}
          onChange={(v: string | undefined) => set('education', v)}
          options={EDUCATION_LEVELS.map((l) => ({ value: l, label: educationLabel(l, lang) }))}
          data-testid="search-education"
        />
        <Select
          allowClear
          style={{ minWidth: 130 }}
          placeholder={L('probation')}
          value={form.probation}
          onChange={(v: string | undefined) => set('probation', v)}
          options={PROBATION_STATUSES.map((s) => ({ value: s, label: PROBATION[s]![zh] }))}
        />
        <Select
          allowClear
          style={{ minWidth: 120 }}
          placeholder={L('grade')}
          value={form.grade}
          onChange={(v: string | undefined) => set('grade', v)}
          options={Object.entries(GRADES).map(([value, w]) => ({ value, label: w[zh] }))}
        />
        <InputNumber
          style={{ width: 100 }}
          min={1990}
          max={2100}
          precision={0}
          placeholder={L('gradeYear')}
          value={form.gradeYear ? Number(form.gradeYear) : null}
          onChange={(v) => set('gradeYear', v)}
        />
        <Select
          style={{ minWidth: 130 }}
          value={form.includeDeparted ?? 'false'}
          onChange={(v: string) => set('includeDeparted', v)}
          options={[
            { value: 'false', label: lang === 'zh' ? '仅在册' : 'Serving only' },
            { value: 'true', label: L('departed') },
          ]}
        />
        <Button type="primary" onClick={search} data-testid="search-submit">
          {L('search')}
        </Button>
        <Button
          onClick={() => {
            setForm({});
            setProblems([]);
            setOffset(0);
            setQuery({});
          }}
        >
          {L('reset')}
        </Button>
      </Space>
      {problems.length > 0 && <Alert type="error" showIcon title={problems.join('；')} data-testid="search-problems" />}
      <Loadable state={hits}>
        {(page) => (
          <>
            <Typography.Text data-testid="search-total">{L('found').replace('{n}', String(page.total))}</Typography.Text>
            <PagedTable<Hit>
              page={page}
              offset={offset}
              pageSize={PAGE}
              onOffset={setOffset}
              rowKey="personId"
              data-testid="search-table"
              columns={[
                { title: L('name'), dataIndex: 'name' },
                {
                  title: L('gender'),
                  dataIndex: 'gender',
                  render: (g: string) => (g === 'male' ? (zh === 0 ? '男' : 'M') : zh === 0 ? '女' : 'F'),
                },
                { title: L('age'), dataIndex: 'age' },
                { title: L('unit'), dataIndex: 'orgUnitName' },
                { title: L('post'), dataIndex: 'title', render: (v: string | null) => v ?? '—' },
                { title: L('rank'), dataIndex: 'rank' },
                {
                  title: L('education').replace(/（至少）| \(at least\)/, ''),
                  dataIndex: 'education',
                  render: (v: string | null) => (v ? educationLabel(v, lang) : '—'),
                },
                { title: L('partyYears'), dataIndex: 'partyYears', render: (v: number | null) => v ?? '—' },
                { title: L('workYears'), dataIndex: 'workYears', render: (v: number | null) => v ?? '—' },
                { title: L('probation'), dataIndex: 'probation', render: (v: string) => PROBATION[v]?.[zh] ?? v },
                {
                  title: L('grade'),
                  dataIndex: 'grades',
                  render: (gs: Hit['grades']) => (
                    <Space size={2} wrap>
                      {gs.map((g) => (
                        <Tag key={g.year}>
                          {g.year} {GRADES[g.grade]?.[zh] ?? g.grade}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
              ]}
            />
          </>
        )}
      </Loadable>
    </Space>
  );
}
