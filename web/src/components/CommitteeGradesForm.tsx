/**
 * The assessment committee grades a unit (`committee:<unit>` on an evaluation round):
 * one row per cadre of the unit, the grade prefilled with the township committee's
 * recommendation, and the unit's 优秀 quota counted as the grades change. The round's
 * own parser (parseUnitGrades) checks the entry before it is sent; the round checks it
 * again against the unit's members, the vote rules and the quota, and its refusal is
 * shown under the form.
 */
import { Alert, Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { GRADES } from '../../../domain/evaluation';
import { parseUnitGrades } from '../../../domain/evaluationRound';
import { getEvaluationRound, getUnitMembers, type Receipt, type UnitMember } from '../api';
import { useLang } from '../i18n';
import { gradeLabel, kindOfCase } from '../vocabulary';
import { Loadable, useLoad } from './Loadable';
import { DecisionError, useDecision } from './useDecision';

/** The unit a committee step grades (`committee:ts-03/villages` → ts-03/villages), if the step is one. */
export function committeeUnitOf(caseId: string, step: string): string | undefined {
  if (kindOfCase(caseId) !== 'evaluation-round') return undefined;
  return /^committee:(.+)$/.exec(step)?.[1];
}

interface Props {
  caseId: string;
  step: string;
  unitId: string;
  onDecided(receipt: Receipt): void;
}

interface Entry {
  grade?: string;
  reason?: string;
}

export function CommitteeGradesForm({ caseId, step, unitId, onDecided }: Props) {
  const { t } = useLang();
  const [form] = Form.useForm();
  const { busy, error, send, refuseLocally } = useDecision(caseId, step, onDecided);
  const loaded = useLoad(async () => {
    const [unit, round] = await Promise.all([getUnitMembers(caseId, unitId), getEvaluationRound(caseId)]);
    const allowed = round.progress.units.find((u) => u.unitId === unitId)?.allowedExcellent ?? round.dashboard?.units.find((u) => u.unitId === unitId)?.allowedExcellent;
    return { members: unit.members, allowed: allowed ?? null };
  }, [caseId, unitId]);
  const grades = (Form.useWatch('grades', form) ?? {}) as Record<string, Entry | undefined>;

  const onFinish = async (raw: { grades?: Record<string, Entry>; gradedOn?: string; noticePostedOn?: string }) => {
    const entries = Object.entries(raw.grades ?? {}).map(([personId, e]) => {
      const reason = e.reason?.trim();
      return [personId, reason ? { grade: e.grade, reason } : e.grade] as const;
    });
    const decision: Record<string, unknown> = { grades: Object.fromEntries(entries) };
    if (raw.gradedOn) decision.gradedOn = raw.gradedOn;
    if (raw.noticePostedOn) decision.noticePostedOn = raw.noticePostedOn;
    const parsed = parseUnitGrades(decision);
    if (!parsed.ok) {
      refuseLocally(parsed.error);
      return;
    }
    if (await send(decision)) form.resetFields();
  };

  return (
    <Loadable state={loaded}>
      {({ members, allowed }) => {
        if (members.length === 0) return <Alert type="info" showIcon title={t('committeeNoMembers')} data-testid="committee-empty" />;
        const chosen = members.filter((m) => (grades[m.personId]?.grade ?? m.recommended ?? 'competent') === 'excellent').length;
        const over = allowed !== null && chosen > allowed;
        return (
          <Form
            form={form}
            layout="vertical"
            onFinish={onFinish}
            disabled={busy}
            data-testid="decision-form-committee-grades"
            initialValues={{ grades: Object.fromEntries(members.map((m) => [m.personId, { grade: m.recommended ?? 'competent' }])) }}
          >
            <Space style={{ marginBottom: 12 }} wrap>
              <Tag color={over ? 'red' : 'blue'} data-testid="committee-quota">
                {t('committeeQuota', { assessed: members.length, allowed: allowed ?? '—', chosen })}
              </Tag>
              {over && <Typography.Text type="danger">{t('committeeOverQuota')}</Typography.Text>}
            </Space>
            <Table<UnitMember>
              size="small"
              rowKey="personId"
              dataSource={members}
              pagination={false}
              scroll={{ x: true }}
              data-testid="committee-members"
              columns={[
                { title: t('personId'), dataIndex: 'personId', width: 100 },
                { title: t('personName'), dataIndex: 'name', width: 100 },
                { title: t('recommended'), dataIndex: 'recommended', width: 120, render: (g: string | null) => (g ? gradeLabel(t, g) : '—') },
                { title: t('voteProposal'), dataIndex: 'voteProposal', width: 110, render: (g: string | null) => (g ? gradeLabel(t, g) : '—') },
                {
                  title: t('grade'),
                  key: 'grade',
                  width: 150,
                  render: (_: unknown, m: UnitMember) => (
                    <Form.Item name={['grades', m.personId, 'grade']} style={{ margin: 0 }} rules={[{ required: true, message: `${t('grade')} ✱` }]}>
                      <Select options={GRADES.map((g) => ({ value: g, label: gradeLabel(t, g) }))} style={{ width: 130 }} data-testid="committee-grade" />
                    </Form.Item>
                  ),
                },
                {
                  title: t('reason'),
                  key: 'reason',
                  render: (_: unknown, m: UnitMember) => (
                    <Form.Item name={['grades', m.personId, 'reason']} style={{ margin: 0 }}>
                      <Input maxLength={2000} />
                    </Form.Item>
                  ),
                },
              ]}
            />
            <Space wrap style={{ marginTop: 16 }}>
              <Form.Item name="gradedOn" label={t('gradedOn')}>
                <Input type="date" style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="noticePostedOn" label={t('excellentNoticePostedOn')}>
                <Input type="date" style={{ width: 200 }} />
              </Form.Item>
            </Space>
            <DecisionError error={error} />
            <Button type="primary" htmlType="submit" loading={busy} data-testid="decision-submit">
              {t('submit')}
            </Button>
          </Form>
        );
      }}
    </Loadable>
  );
}
