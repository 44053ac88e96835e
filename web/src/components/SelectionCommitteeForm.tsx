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
import { Alert, Button, Form, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { meetsThreshold } from '../../../domain/fraction';
import type { Policy } from '../../../domain/policy';
import {
  approvalVotesNeeded,
  committeeQuorumNeeded,
  judgeCommitteeMeeting,
  parseCommitteeMeeting,
  type CommitteeMeeting,
} from '../../../domain/selectionVote';
import { getCase, getTownshipPeople } from '../api';
import type { DecisionFormProps } from '../forms/spec';
import { roundOfStep, selectionFactsOf } from '../forms/selectionFacts';
import { useLang, type Translate } from '../i18n';
import { Loadable, useLoad } from './Loadable';
import { DecisionError, useDecision } from './useDecision';

const COUNTS = ['recused', 'yes', 'no', 'abstain'] as const;
type Counts = Partial<Record<(typeof COUNTS)[number], number | null>>;

interface Entry {
  membersDue?: number | null;
  present?: number | null;
  votes?: Record<string, Counts | undefined>;
}

const given = (x: unknown): x is number => typeof x === 'number';

/**
 * The meeting as the step's parser reads it. A candidate with no vote typed is not voted
 * on; in a row that has votes, a blank cell is none. Without a quorum the votes are left
 * out: the meeting is recorded with its counts only.
 */
export function committeeDecision(entry: Entry, candidates: readonly string[], quorum: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { membersDue: entry.membersDue ?? undefined, present: entry.present ?? undefined };
  if (!quorum) return out;
  out.votes = candidates
    .map((personId) => ({ personId, row: entry.votes?.[personId] ?? {} }))
    .filter(({ row }) => given(row.yes) || given(row.no) || given(row.abstain))
    .map(({ personId, row }) => ({ personId, recused: row.recused ?? 0, yes: row.yes ?? 0, no: row.no ?? 0, abstain: row.abstain ?? 0 }));
  return out;
}

type Standing = { state: 'none' } | { state: 'approved' | 'not-approved'; yes: number } | { state: 'over'; error: string };

/** One candidate's standing, judged alone at the meeting as typed. */
function standingOf(
  membersDue: number,
  present: number,
  personId: string,
  row: Counts | undefined,
  policy: Pick<Policy, 'selection'>,
): Standing {
  const vote = committeeDecision({ membersDue, present, votes: { [personId]: row } }, [personId], true).votes as CommitteeMeeting['votes'];
  if (vote.length === 0) return { state: 'none' };
  const judged = judgeCommitteeMeeting({ membersDue, present, votes: vote }, policy);
  if (!judged.ok) return { state: 'over', error: judged.error };
  if (judged.value.outcome !== 'voted') return { state: 'none' };
  const r = judged.value.results[0]!;
  return { state: r.approved ? 'approved' : 'not-approved', yes: r.yes };
}

function StandingTag({ s, needed, t }: { s: Standing; needed: number; t: Translate }) {
  const common = { 'data-testid': 'committee-approval', 'data-state': s.state };
  if (s.state === 'none') return <Tag {...common}>{t('committeeNotVoted')}</Tag>;
  if (s.state === 'over')
    return (
      <Tag color="red" {...common}>
        {t('committeeOverCount')}
      </Tag>
    );
  return (
    <Tag color={s.state === 'approved' ? 'green' : 'orange'} {...common}>
      {t(s.state === 'approved' ? 'committeeApproved' : 'committeeNotApproved', { yes: s.yes, needed })}
    </Tag>
  );
}

export function SelectionCommitteeForm({ caseId, step, onDecided }: DecisionFormProps) {
  const { t } = useLang();
  const [form] = Form.useForm<Entry>();
  const entry = (Form.useWatch([], form) ?? {}) as Entry;
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
    };
  }, [caseId, step]);

  return (
    <Loadable state={loaded}>
      {({ candidates, policy }) => {
        const ids = candidates.map((c) => c.personId);
        const due = entry.membersDue;
        const present = entry.present;
        const counted = given(due) && given(present) && due >= 1 && present <= due;
        const quorum = counted && meetsThreshold(present, due, policy.selection.committeeQuorum);
        const quorumNeeded = given(due) && due >= 1 ? committeeQuorumNeeded(due, policy) : undefined;
        const yesNeeded = given(due) && due >= 1 ? approvalVotesNeeded(due, policy) : 0;
        const decision = committeeDecision(entry, ids, quorum);
        const parsed = parseCommitteeMeeting(decision);
        // The whole meeting as the case would judge it: its first refusal, shown as the numbers are typed.
        const judged = counted && parsed.ok ? judgeCommitteeMeeting(parsed.value, policy) : undefined;
        const liveError = judged && !judged.ok && parsed.ok && parsed.value.votes.length > 0 ? judged.error : undefined;
        const overPresent = given(due) && given(present) && present > due;

        const onFinish = async () => {
          const p = parseCommitteeMeeting(decision);
          const j = p.ok ? judgeCommitteeMeeting(p.value, policy) : p;
          if (!j.ok) {
            refuseLocally(j.error);
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
                  ? overPresent
                    ? t('committeePresentOverDue')
                    : t('committeeQuorumUnknown')
                  : t(quorum ? 'committeeQuorumMet' : 'committeeQuorumNotMet', { due: due!, needed: quorumNeeded!, present: present! })}
              </Tag>
              {counted && quorum && (
                <Typography.Text type="secondary" data-testid="committee-yes-needed">
                  {t('committeeYesNeeded', { needed: yesNeeded, due: due! })}
                </Typography.Text>
              )}
              {counted && !quorum && <Typography.Text type="danger">{t('committeeNoQuorumNote')}</Typography.Text>}
            </div>
            <Table
              size="small"
              rowKey="personId"
              pagination={false}
              dataSource={candidates}
              data-testid="committee-candidates"
              onRow={(c) => ({ 'data-testid': 'committee-candidate', 'data-person-id': c.personId }) as HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('candidate'), dataIndex: 'name', width: 120 },
                ...COUNTS.map((k) => ({
                  title: t(k === 'recused' ? 'voteRecused' : k === 'yes' ? 'voteYes' : k === 'no' ? 'voteNo' : 'voteAbstain'),
                  key: k,
                  width: 110,
                  render: (_: unknown, c: { personId: string }) => (
                    <Form.Item name={['votes', c.personId, k]} style={{ margin: 0 }}>
                      <InputNumber
                        min={0}
                        precision={0}
                        style={{ width: 90 }}
                        disabled={busy || (counted && !quorum)}
                        data-testid={`vote-${k}`}
                      />
                    </Form.Item>
                  ),
                })),
                {
                  title: t('committeeResult'),
                  key: 'result',
                  render: (_: unknown, c: { personId: string }) =>
                    quorum ? (
                      <StandingTag s={standingOf(due!, present!, c.personId, entry.votes?.[c.personId], policy)} needed={yesNeeded} t={t} />
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
            <div style={{ marginTop: 16 }}>
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
