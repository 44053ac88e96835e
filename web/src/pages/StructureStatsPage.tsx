/**
 * 班子结构统计: the team-structure statistics of the county, or one township, as charts
 * (age bands, 学历, gender, 民族, 一肩挑 by township) and a table, with the workbook to
 * download. A township committee member sees their own township only (the API narrows).
 */
import { useMemo, useState } from 'react';
import { Button, Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { AGE_BANDS } from '../../../domain/cadres/ages';
import type { StructureStats } from '../../../domain/cadres/statistics';
import { api, enc, getTownships } from '../api';
import { EChart } from '../components/EChart';
import { Loadable, useLoad } from '../components/Loadable';
import { useLang } from '../i18n';
import { useSession } from '../session';

interface Statistics {
  day: string;
  total: StructureStats;
  townships: StructureStats[];
}

const TEXT = {
  title: ['班子结构统计', 'Team-structure statistics'],
  intro: [
    '在册干部（不含已退休、去世）按年龄段、最高学历（全日制与在职取高）、性别、民族统计；一肩挑：村党组织书记兼任村委会主任的村所占比例。年龄按统计日（北京时间今日）计算到月。',
    'Serving cadres (not the retired or deceased) by age band, highest education (full-time or in-service), gender and ethnicity, and the share of villages whose Party secretary also chairs the village committee. Ages are as of today (Beijing time), by month.',
  ],
  county: ['全县', 'Whole county'],
  people: ['人数', 'People'],
  age: ['年龄结构', 'Age'],
  education: ['学历结构', 'Education'],
  gender: ['性别结构', 'Gender'],
  ethnicity: ['民族结构', 'Ethnicity'],
  cross: ['一肩挑比例', 'Secretary also chairs the committee'],
  export: ['导出 Excel', 'Export .xlsx'],
  asOf: ['统计日期', 'As of'],
  male: ['男', 'Male'],
  female: ['女', 'Female'],
  han: ['汉族', 'Han'],
  minority: ['少数民族', 'Minorities'],
  unit: ['单位', 'Unit'],
} as const;

/** The 学历 levels in English; Chinese shows them as the roster writes them. */
const EDUCATION_EN: Record<string, string> = {
  研究生: 'Postgraduate',
  大学本科: 'Bachelor',
  大学专科: 'College',
  中等专科: 'Secondary vocational',
  高中: 'High school',
  初中: 'Junior high',
  小学: 'Primary',
  未填: 'Not recorded',
};
export const educationLabel = (level: string, lang: 'zh' | 'en') => (lang === 'zh' ? level : (EDUCATION_EN[level] ?? level));

const pie = (data: Array<{ name: string; value: number }>) => ({
  tooltip: { trigger: 'item' },
  legend: { bottom: 0 },
  series: [{ type: 'pie', radius: ['35%', '65%'], data: data.filter((d) => d.value > 0), label: { formatter: '{b}: {c}' } }],
});

export function StructureStatsPage() {
  const { lang } = useLang();
  const { user } = useSession();
  const L = (key: keyof typeof TEXT) => TEXT[key][lang === 'zh' ? 0 : 1];
  const own = user?.role === 'township-committee' ? (user.townshipId ?? undefined) : undefined;
  const [township, setTownship] = useState<string | undefined>(own);
  const townships = useLoad(getTownships, []);
  const stats = useLoad(
    () => api<Statistics>('GET', township ? `/registry/statistics?township=${enc(township)}` : '/registry/statistics'),
    [township],
  );
  const xlsx = township ? `/registry/statistics.xlsx?township=${enc(township)}` : '/registry/statistics.xlsx';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="structure-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {L('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{L('intro')}</Typography.Paragraph>
      <Space wrap>
        <Select
          style={{ minWidth: 200 }}
          value={township ?? ''}
          disabled={own !== undefined}
          onChange={(v: string) => setTownship(v === '' ? undefined : v)}
          data-testid="structure-township"
          options={[
            ...(own ? [] : [{ value: '', label: L('county') }]),
            ...(townships.data ?? []).map((u) => ({ value: u.orgUnitId, label: u.name })),
          ]}
        />
        <Button href={xlsx} download data-testid="structure-export">
          {L('export')}
        </Button>
      </Space>
      <Loadable state={stats}>{(s) => <StatsView s={s} L={L} lang={lang} />}</Loadable>
    </Space>
  );
}

function StatsView({ s, L, lang }: { s: Statistics; L: (k: keyof typeof TEXT) => string; lang: 'zh' | 'en' }) {
  const t = s.total;
  const options = useMemo(() => {
    const ages = AGE_BANDS.map((b) => b.key);
    return {
      age: {
        tooltip: {},
        xAxis: { type: 'category', data: ages },
        yAxis: { type: 'value' },
        series: [{ type: 'bar', data: ages.map((a) => t.ageBands[a] ?? 0), label: { show: true, position: 'top' } }],
      },
      education: pie(Object.entries(t.education).map(([name, value]) => ({ name: educationLabel(name, lang), value }))),
      gender: pie([
        { name: L('male'), value: t.gender.male },
        { name: L('female'), value: t.gender.female },
      ]),
      ethnicity: pie(Object.entries(t.ethnicity.groups).map(([name, value]) => ({ name, value }))),
      cross: {
        tooltip: {},
        xAxis: { type: 'category', data: s.townships.map((x) => x.name), axisLabel: { rotate: 30 } },
        yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: [{ type: 'bar', data: s.townships.map((x) => Math.round((x.crossAppointed.share ?? 0) * 1000) / 10) }],
      },
    };
    // L depends only on lang.
  }, [s, lang]);
  const share = t.crossAppointed.share === null ? '—' : `${(t.crossAppointed.share * 100).toFixed(1)}%`;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title={`${t.name} · ${L('people')}`} value={t.people} data-testid="structure-people" />
        </Col>
        <Col span={6}>
          <Statistic title={L('cross')} value={`${share} (${t.crossAppointed.crossAppointed}/${t.crossAppointed.villages})`} />
        </Col>
        <Col span={6}>
          <Statistic title={`${L('han')} / ${L('minority')}`} value={`${t.ethnicity.han} / ${t.ethnicity.minority}`} />
        </Col>
        <Col span={6}>
          <Statistic title={L('asOf')} value={s.day} />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={L('age')} size="small">
            <EChart option={options.age} testId="chart-age" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={L('education')} size="small">
            <EChart option={options.education} testId="chart-education" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={L('gender')} size="small">
            <EChart option={options.gender} testId="chart-gender" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={L('ethnicity')} size="small">
            <EChart option={options.ethnicity} testId="chart-ethnicity" />
          </Card>
        </Col>
        {s.townships.length > 1 && (
          <Col span={24}>
            <Card title={L('cross')} size="small">
              <EChart option={options.cross} testId="chart-cross" />
            </Card>
          </Col>
        )}
      </Row>
      <Table<StructureStats>
        size="small"
        rowKey={(r) => r.townshipId ?? 'county'}
        pagination={false}
        data-testid="structure-table"
        dataSource={s.townships.length > 1 ? [...s.townships, t] : [t]}
        columns={[
          { title: L('unit'), dataIndex: 'name' },
          { title: L('people'), dataIndex: 'people' },
          ...AGE_BANDS.map((b) => ({ title: b.key, key: b.key, render: (_: unknown, r: StructureStats) => r.ageBands[b.key] })),
          { title: L('male'), key: 'male', render: (_: unknown, r: StructureStats) => r.gender.male },
          { title: L('female'), key: 'female', render: (_: unknown, r: StructureStats) => r.gender.female },
          { title: L('minority'), key: 'minority', render: (_: unknown, r: StructureStats) => r.ethnicity.minority },
          {
            title: L('cross'),
            key: 'cross',
            render: (_: unknown, r: StructureStats) =>
              r.crossAppointed.share === null ? '—' : `${(r.crossAppointed.share * 100).toFixed(1)}%`,
          },
        ]}
      />
    </Space>
  );
}
