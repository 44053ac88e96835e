/**
 * 讨论决定: the Party committee's vote on a selection's candidates (`committee-N-M`), as
 * a table of candidates × (recused, yes, no, abstain) under the members due and present.
 * As the numbers are typed the form says whether the meeting has its quorum (at least the
 * policy's share of the members due present), whether each candidate is approved (more
 * than the policy's share of ALL the members due vote yes; a member who withdraws counts
 * as due), and when a row holds more votes than the members left in the room — each
 * answered by the very functions the case judges the meeting with
 * (domain/selectionVote.ts). Without a quorum only the counts are recorded, and the case
 * holds the meeting again. The entry goes through the step's parser and the judgement
 * before it is sent; the case checks it again and has the last word.
 */
import type { HTMLAttributes } from 'react';
import { Alert, Button, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { shanghaiDate } from '../../../domain/calendar';
import { checkCommitteeDays, judgeCommitteeMeeting, parseCommitteeMeeting } from '../../../domain/selectionVote';
import { getCase, getTownshipPeople } from '../api';
import type { DecisionFormProps } from '../forms/spec';
import { roundOfStep, selectionFactsOf } from '../forms/selectionFacts';
import { attendanceOf, committeeDecision, standingOf, VOTE_COUNTS, type CommitteeEntry, type Standing } from '../forms/committeeVote';
import { useLang, type Translate } from '../i18n';
import { Loadable, useLoad } from './Loadable';
import { DecisionError, useDecision } from './useDecision';

function StandingTag({ s, t }: { s: Standing; t: Translate }) {
  const common = { 'data-testid': 'committee-approval', 'data-state': s.state };
  if (s.state === 'none') return <Tag {...common}>{t('committeeNotVoted')}</Tag>;
  if (s.state === 'over')
    return (
      <Tag color="red" title={s.error} {...common}>
        {t('committeeOverCount')}
      </Tag>
    );
  return (
    <Tag color={s.state === 'approved' ? 'green' : 'orange'} {...common}>
      {t(s.state === 'approved' ? 'committeeApproved' : 'committeeNotApproved', { yes: s.yes })}
    </Tag>
  );
}

export function SelectionCommitteeForm({ caseId, step, onDecided }: DecisionFormProps) {
  const { t } = useLang();
  const [form] = Form.useForm<CommitteeEntry>();
  const entry = (Form.useWatch([], form) ?? {}) as CommitteeEntry;
  const { busy, error, send, refuseLocally } = useDecision(caseId, step, onDecided);
  const loaded = useLoad(async () => {
    const view = await getCase(caseId);
    const facts = selectionFactsOf(view);
    const people = await getTownshipPeople(view.townshipId);
    const names = new Map(people.map((p) => [p.personId, p.name]));
    const candidates = facts.rounds.find((r) => r.round === roundOfStep(step))?.candidates ?? [];
    return {
      candidates: candidates.map((personId) => ({ personId, name: names.get(personId) ?? personId })),
      policy: { selection: facts.policy },
      openedOn: facts.openedOn,
    };
  }, [caseId, step]);

  return (
    <Loadable state={loaded}>
      {({ candidates, policy, openedOn }) => {
        const ids = candidates.map((c) => c.personId);
        const at = attendanceOf(entry, policy);
        const counted = at.state === 'counted' ? at : undefined;
        const quorum = counted?.quorum ?? false;
        const decision = committeeDecision(entry, ids, quorum);
        const parsed = parseCommitteeMeeting(decision);
        // The whole meeting as the case would judge it: its first refusal, shown as the numbers are typed.
        const judged = counted && parsed.ok ? judgeCommitteeMeeting(parsed.value, policy) : undefined;
        const liveError = judged && !judged.ok && parsed.ok && parsed.value.votes.length > 0 ? judged.error : undefined;

        const onFinish = async () => {
          const p = parseCommitteeMeeting(decision);
          const j = p.ok ? judgeCommitteeMeeting(p.value, policy) : p;
          // The days as the case checks them when the record arrives (today: the county's).
          const d = p.ok && j.ok ? checkCommitteeDays(p.value, j.value, { openedOn, today: shanghaiDate(Date.now()) }) : j;
          if (!d.ok) {
            refuseLocally(d.error);
            return;
          }
          if (await send(decision)) form.resetFields();
        };

        return (
          <Form form={form} layout="vertical" onFinish={onFinish} disabled={busy} data-testid="decision-form-selection-committee">
            <Typography.Paragraph type="secondary">{t('committeeHint')}</Typography.Paragraph>
            <Space wrap>
              <Form.Item name="membersDue" label={t('membersDue')} rules={[{ required: true, message: `${t('membersDue')} ✱` }]}>
                <InputNumber min={1} precision={0} style={{ width: 140 }} data-testid="committee-members-due" />
              </Form.Item>
              <Form.Item name="present" label={t('meetingPresent')} rules={[{ required: true, message: `${t('meetingPresent')} ✱` }]}>
                <InputNumber min={0} precision={0} style={{ width: 140 }} data-testid="committee-present" />
              </Form.Item>
            </Space>
            <div style={{ marginBottom: 12 }}>
              <Tag
                color={!counted ? 'default' : quorum ? 'green' : 'red'}
                data-testid="committee-quorum"
                data-met={counted ? String(quorum) : ''}
              >
                {!counted
                  ? at.state === 'unknown' && at.presentOverDue
                    ? t('committeePresentOverDue')
                    : t('committeeQuorumUnknown')
                  : t(quorum ? 'committeeQuorumMet' : 'committeeQuorumNotMet', {
                      due: counted.membersDue,
                      needed: counted.quorumNeeded,
                      present: counted.present,
                    })}
              </Tag>
              {counted && quorum && (
                <Typography.Text type="secondary" data-testid="committee-yes-needed">
                  {t('committeeYesNeeded', { needed: counted.yesNeeded, due: counted.membersDue })}
                </Typography.Text>
              )}
              {counted && !quorum && <Typography.Text type="danger">{t('committeeNoQuorumNote')}</Typography.Text>}
            </div>
            <Table
              size="small"
              rowKey="personId"
              pagination={false}
              dataSource={candidates}
              scroll={{ x: 'max-content' }}
              data-testid="committee-candidates"
              onRow={(c) => ({ 'data-testid': 'committee-candidate', 'data-person-id': c.personId }) as HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('candidate'), dataIndex: 'name', width: 100, onCell: () => ({ style: { whiteSpace: 'nowrap' } }) },
                ...VOTE_COUNTS.map((k) => ({
                  title: t(k === 'recused' ? 'voteRecused' : k === 'yes' ? 'voteYes' : k === 'no' ? 'voteNo' : 'voteAbstain'),
                  key: k,
                  width: 84,
                  render: (_: unknown, c: { personId: string }) => (
                    <Form.Item name={['votes', c.personId, k]} style={{ margin: 0 }}>
                      <InputNumber
                        min={0}
                        precision={0}
                        style={{ width: 68 }}
                        disabled={busy || (counted && !quorum)}
                        data-testid={`vote-${k}`}
                      />
                    </Form.Item>
                  ),
                })),
                {
                  title: t('committeeResult'),
                  key: 'result',
                  onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
                  render: (_: unknown, c: { personId: string }) =>
                    counted && quorum ? (
                      <StandingTag
                        s={standingOf(counted.membersDue, counted.present, c.personId, entry.votes?.[c.personId], policy)}
                        t={t}
                      />
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
            {liveError && (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 12 }}
                title={t('committeeCheck')}
                description={liveError}
                data-testid="committee-error"
              />
            )}
            <Space wrap style={{ marginTop: 16 }}>
              <Form.Item name="heldOn" label={t('committeeHeldOn')}>
                <Input type="date" style={{ width: 200 }} data-testid="committee-held-on" />
              </Form.Item>
              {quorum && (
                <Form.Item name="noticePostedOn" label={t('preAppointmentNoticePostedOn')}>
                  <Input type="date" style={{ width: 200 }} data-testid="committee-notice-posted-on" />
                </Form.Item>
              )}
            </Space>
            <div>
              <DecisionError error={error} />
              <Button type="primary" htmlType="submit" loading={busy} data-testid="decision-submit">
                {t('submit')}
              </Button>
            </div>
          </Form>
        );
      }}
    </Loadable>
  );
}
