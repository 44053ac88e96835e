/**
 * One check-in answer for many cases (domain/bulkDecisions.ts): the tasks ticked in the
 * inbox, one form, and each case's own outcome — accepted, or refused with its reason.
 * The answer is checked by the same parser the case uses before anything is sent.
 */
import { useState } from 'react';
import { Alert, Button, Card, Input, List, Radio, Space, Tag } from 'antd';
import type { Task } from '../api';
import { CHECK_IN_RATINGS, parseCheckIn } from '../../../domain/probation';
import { pick, useLang } from '../i18n';
import { RATING_KEYS } from '../forms/spec';
import { decideBulk, type BulkOutcome } from '../inboxApi';
import { refusalText } from '../refusals';
import { taskTitle } from '../names';
import { useAction } from './useAction';

export function BulkDecision({ tasks, onDone }: { tasks: Task[]; onDone: () => void }) {
  const { t, lang } = useLang();
  const [rating, setRating] = useState<string | undefined>();
  const [comment, setComment] = useState('');
  const action = useAction(lang);
  const { busy, error, setError } = action;
  const [results, setResults] = useState<Array<BulkOutcome & { title: string }> | null>(null);

  const send = async () => {
    const parsed = parseCheckIn({ rating, comment });
    if (!parsed.ok) return setError(parsed.error);
    await action.run(async () => {
      // One request per step: check-in-1 and check-in-2 of different cases are different steps.
      const steps = [...new Set(tasks.map((x) => x.step))];
      const out: Array<BulkOutcome & { title: string }> = [];
      for (const step of steps) {
        const group = tasks.filter((x) => x.step === step);
        const { results: r } = await decideBulk(
          step,
          { ...parsed.value },
          group.map((x) => x.caseId),
        );
        for (const res of r)
          out.push({
            ...res,
            title: taskTitle(
              lang,
              group.find((x) => x.caseId === res.caseId)!,
            ),
          });
      }
      setResults(out);
      onDone();
    });
  };

  return (
    <Card
      size="small"
      title={pick(lang, `批量考察（已选 ${tasks.length} 件）`, `Check-in for ${tasks.length} selected`)}
      data-testid="bulk-decision"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Radio.Group value={rating} onChange={(e) => setRating(e.target.value as string)} data-testid="bulk-rating">
          {CHECK_IN_RATINGS.map((r) => (
            <Radio key={r} value={r}>
              {t(RATING_KEYS[r])}
            </Radio>
          ))}
        </Radio.Group>
        <Input.TextArea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="bulk-comment" />
        <Button type="primary" disabled={tasks.length === 0} loading={busy} onClick={() => void send()} data-testid="bulk-submit">
          {pick(lang, '对所选案件提交', 'Submit for the selected cases')}
        </Button>
        {error && <Alert type="error" showIcon title={error} data-testid="bulk-error" />}
        {results && (
          <List
            size="small"
            dataSource={results}
            rowKey="caseId"
            renderItem={(r) => (
              <List.Item data-testid="bulk-result" data-case-id={r.caseId} data-outcome={r.accepted ? 'accepted' : 'refused'}>
                <Space wrap size="small">
                  <Tag color={r.accepted ? 'green' : 'red'}>
                    {r.accepted ? pick(lang, '已办理', 'Accepted') : pick(lang, '被拒绝', 'Refused')}
                  </Tag>
                  <span>{r.title}</span>
                  {!r.accepted && (
                    <span data-testid="bulk-reason">
                      {t(refusalText(r.reason))} — {r.detail}
                    </span>
                  )}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Space>
    </Card>
  );
}
