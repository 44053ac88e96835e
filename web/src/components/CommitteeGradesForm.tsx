/**
 * The assessment committee grades a unit (`committee:<unit>` on an evaluation round):
 * one row per cadre of the unit, the grade prefilled with the township committee's
 * recommendation, and the unit's 优秀 quota counted as the grades change — against an
 * approval's percent once one is entered (批复: percent, document, day). The round's own
 * parser (parseUnitGrades) checks the entry before it is sent, and the approval's day
 * against today (the round has no clock to do that); the round checks it again against
 * the unit's members, the vote rules, the policy's ceiling for approvals and the quota,
 * and its refusal is shown under the form.
 */
import { Alert, Button, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { shanghaiDate } from '../../../domain/calendar';
import { excellentQuota } from '../../../domain/excellentQuota';
import { GRADES } from '../../../domain/grades';
import { checkQuotaApprovalDay, parseUnitGrades } from '../../../domain/evaluationRound';
import { getEvaluationRound, getUnitMembers, type DecisionReceipt, type UnitMemberLine } from '../api';
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
  onDecided(receipt: DecisionReceipt): void;
}

interface Entry {
  grade?: string;
  reason?: string;
}

interface ApprovalEntry {
  percent?: number | null;
  reference?: string;
  approvedOn?: string;
}

/** What the committee typed for an approval, or undefined when it typed nothing. */
function approvalOf(raw: ApprovalEntry | undefined): Record<string, unknown> | undefined {
  const percent = raw?.percent ?? undefined;
  const reference = raw?.reference?.trim() ?? '';
  const approvedOn = raw?.approvedOn ?? '';
  if (percent === undefined && reference === '' && approvedOn === '') return undefined;
  // Left for the parser to refuse, with its own words, when a part is missing.
  return { percent, reference, ...(approvedOn !== '' ? { approvedOn } : {}) };
}

/** A percent the quota can be counted at: a whole number from 1 to 100. */
const usablePercent = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 100;

export function CommitteeGradesForm({ caseId, step, unitId, onDecided }: Props) {
  const { t } = useLang();
  const [form] = Form.useForm();
  const { busy, error, send, refuseLocally } = useDecision(caseId, step, onDecided);
  const loaded = useLoad(async () => {
    const [unit, round] = await Promise.all([getUnitMembers(caseId, unitId), getEvaluationRound(caseId)]);
    const allowed =
      round.progress.units.find((u) => u.unitId === unitId)?.allowedExcellent ??
      round.dashboard?.units.find((u) => u.unitId === unitId)?.allowedExcellent;
    return { members: unit.members, allowed: allowed ?? null };
  }, [caseId, unitId]);
  const grades = (Form.useWatch('grades', form) ?? {}) as Record<string, Entry | undefined>;
  const approvedPercent: unknown = Form.useWatch(['quotaApproval', 'percent'], form);
  const today = shanghaiDate(Date.now());

  const onFinish = async (raw: {
    grades?: Record<string, Entry>;
    gradedOn?: string;
    noticePostedOn?: string;
    quotaApproval?: ApprovalEntry;
  }) => {
    const entries = Object.entries(raw.grades ?? {}).map(([personId, e]) => {
      const reason = e.reason?.trim();
      return [personId, reason ? { grade: e.grade, reason } : e.grade] as const;
    });
    const decision: Record<string, unknown> = { grades: Object.fromEntries(entries) };
    if (raw.gradedOn) decision.gradedOn = raw.gradedOn;
    if (raw.noticePostedOn) decision.noticePostedOn = raw.noticePostedOn;
    const approval = approvalOf(raw.quotaApproval);
    if (approval) decision.quotaApproval = approval;
    const parsed = parseUnitGrades(decision);
    const dated = parsed.ok ? checkQuotaApprovalDay(parsed.value, today) : parsed;
    if (!dated.ok) {
      refuseLocally(dated.error);
      return;
    }
    if (await send(decision)) form.resetFields();
  };

  return (
    <Loadable state={loaded}>
      {({ members, allowed: policyAllowed }) => {
        if (members.length === 0) return <Alert type="info" showIcon title={t('committeeNoMembers')} data-testid="committee-empty" />;
        const chosen = members.filter((m) => (grades[m.personId]?.grade ?? m.recommended ?? 'competent') === 'excellent').length;
        const approved = usablePercent(approvedPercent) ? approvedPercent : undefined;
        const allowed = approved !== undefined ? excellentQuota(members.length, approved) : policyAllowed;
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
                {approved !== undefined
                  ? t('committeeQuotaApproved', { assessed: members.length, percent: approved, allowed: allowed ?? '—', chosen })
                  : t('committeeQuota', { assessed: members.length, allowed: allowed ?? '—', chosen })}
              </Tag>
              {over && <Typography.Text type="danger">{t('committeeOverQuota')}</Typography.Text>}
            </Space>
            <Table<UnitMemberLine>
              size="small"
              rowKey="personId"
              dataSource={members}
              pagination={false}
              scroll={{ x: true }}
              data-testid="committee-members"
              columns={[
                { title: t('personId'), dataIndex: 'personId', width: 100 },
                { title: t('personName'), dataIndex: 'name', width: 100 },
                {
                  title: t('recommended'),
                  dataIndex: 'recommended',
                  width: 120,
                  render: (g: string | null) => (g ? gradeLabel(t, g) : '—'),
                },
                {
                  title: t('voteProposal'),
                  dataIndex: 'voteProposal',
                  width: 110,
                  render: (g: string | null) => (g ? gradeLabel(t, g) : '—'),
                },
                {
                  title: t('grade'),
                  key: 'grade',
                  width: 150,
                  render: (_: unknown, m: UnitMemberLine) => (
                    <Form.Item
                      name={['grades', m.personId, 'grade']}
                      style={{ margin: 0 }}
                      rules={[{ required: true, message: `${t('grade')} ✱` }]}
                    >
                      <Select
                        options={GRADES.map((g) => ({ value: g, label: gradeLabel(t, g) }))}
                        style={{ width: 130 }}
                        data-testid="committee-grade"
                      />
                    </Form.Item>
                  ),
                },
                {
                  title: t('reason'),
                  key: 'reason',
                  render: (_: unknown, m: UnitMemberLine) => (
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
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('quotaApprovalHint')}
            </Typography.Paragraph>
            <Space wrap data-testid="committee-quota-approval">
              <Form.Item name={['quotaApproval', 'percent']} label={t('quotaApprovalPercent')}>
                <InputNumber min={1} max={100} precision={0} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name={['quotaApproval', 'reference']} label={t('quotaApprovalReference')}>
                <Input maxLength={200} style={{ width: 260 }} />
              </Form.Item>
              <Form.Item name={['quotaApproval', 'approvedOn']} label={t('quotaApprovedOn')}>
                <Input type="date" max={today} style={{ width: 200 }} />
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
