/**
 * The voting page a ballot token's QR code opens (`/#/vote/<token>`): the session's
 * question and its ballot as on paper, the valid-ballot rule, a confirm step ("投出后不能
 * 更改"), and the receipt. What the server would refuse is refused here first, by the
 * server's own reader (domain/ballots/onlineBallot.ts `readOnlineBallot`); a ballot the
 * rules count as invalid (more names than seats) can be cast, as on paper, once the voter
 * confirms that it is 废票. Every refusal of the token or the session is a page of its own.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Spin, Tag, Typography } from 'antd';
import { readOnlineBallot } from '../../../domain/ballots/onlineBallot';
import type { BallotShape } from '../../../domain/ballots/sessionDefinition';
import { BallotChoices, DraftSummary, emptyDraft, marksOf, type Draft } from './BallotChoices';
import { RefusalPage } from './RefusalPage';
import { publishedPath, ReceiptCard } from './ReceiptCard';
import { T } from './text';
import { ballotForm, castBallot, VoteRefusal, type BallotForm, type CastReceipt } from './voteApi';

type Step =
  | { at: 'loading' }
  | { at: 'refused'; refusal: VoteRefusal; retry?: () => void }
  | { at: 'filling' }
  | { at: 'confirm' }
  | { at: 'casting' }
  | { at: 'cast'; receipt: CastReceipt };

const asRefusal = (err: unknown): VoteRefusal =>
  err instanceof VoteRefusal ? err : new VoteRefusal('network', undefined, (err as Error).message, 0);

function ruleOf(shape: BallotShape): string {
  if (shape.kind === 'rating') return T.ruleRating;
  if (shape.kind === 'choose') return T.ruleChoose(shape.seats);
  return shape.candidates.length > 1 ? T.ruleSlate(shape.seats) : T.rulePerson;
}

export function VotePage({ token }: { token: string }) {
  const [form, setForm] = useState<BallotForm | null>(null);
  const [step, setStep] = useState<Step>({ at: 'loading' });
  const [draft, setDraft] = useState<Draft>({ kind: 'rating' });
  const [problem, setProblem] = useState<string | null>(null);
  const [invalidAgreed, setInvalidAgreed] = useState(false);

  useEffect(() => {
    let live = true;
    ballotForm(token)
      .then((f) => {
        if (!live) return;
        setForm(f);
        setDraft(emptyDraft(f.ballot));
        setStep({ at: 'filling' });
      })
      .catch((err: unknown) => live && setStep({ at: 'refused', refusal: asRefusal(err) }));
    return () => {
      live = false;
    };
  }, [token]);

  // Each step starts at the top of the page: on a phone the confirm button was at the bottom.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [step.at]);

  if (step.at === 'loading') return <Spin size="large" description={T.loading} style={{ display: 'block', marginTop: 80 }} />;
  if (step.at === 'refused') {
    return (
      <RefusalPage
        code={step.refusal.code}
        zh={step.refusal.zh}
        extra={
          step.retry && (
            <Button size="large" type="primary" onClick={step.retry} data-testid="vote-retry">
              {T.retry}
            </Button>
          )
        }
      />
    );
  }
  if (!form) return null;
  if (step.at === 'cast') return <ReceiptCard sessionId={step.receipt.sessionId} receipt={step.receipt.receipt} justCast />;

  const shape = form.ballot;
  const seats = shape.kind === 'rating' ? 0 : shape.seats;
  const marks = marksOf(draft);
  const reading = readOnlineBallot(shape, draft);
  const overMarked = reading.ok && reading.invalid === 'over-marked';

  const toConfirm = () => {
    if (draft.kind === 'rating' && !draft.grade) return setProblem(T.pickGrade);
    if (!reading.ok) return setProblem(reading.zh);
    setProblem(null);
    setInvalidAgreed(false);
    setStep({ at: 'confirm' });
  };

  const cast = () => {
    setStep({ at: 'casting' });
    castBallot(token, draft)
      .then((receipt) => {
        // The address no longer holds the token (a used credential has no business in the
        // history): a reload shows the receipt's page, not "already voted".
        window.history.replaceState(null, '', publishedPath(receipt.sessionId, receipt.receipt));
        setStep({ at: 'cast', receipt });
      })
      .catch((err: unknown) => {
        const refusal = asRefusal(err);
        // Only a lost connection or the throttle leave the token unused and worth another try.
        const retry = refusal.code === 'network' || refusal.code === 'rate-limited' ? () => setStep({ at: 'confirm' }) : undefined;
        setStep({ at: 'refused', refusal, retry });
      });
  };

  const header = (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="vote-question">
        {form.question}
      </Typography.Title>
      {form.group && (
        <div style={{ marginBottom: 6 }}>
          {T.group}:{' '}
          <Tag color="red" data-testid="vote-group">
            {form.group.label}
          </Tag>
        </div>
      )}
      {form.closesAt && (
        <div style={{ marginBottom: 6 }}>
          {T.closesAt}: {new Date(form.closesAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="vote-rule">
        <b>{T.ruleTitle}：</b>
        {ruleOf(shape)}
      </Typography.Paragraph>
    </Card>
  );

  if (step.at === 'confirm' || step.at === 'casting') {
    return (
      <>
        {header}
        <Card title={T.confirmTitle} data-testid="vote-confirm">
          <Typography.Text type="secondary">{T.youChose}</Typography.Text>
          <div style={{ margin: '8px 0 16px' }}>
            <DraftSummary shape={shape} names={form.names} draft={draft} />
          </div>
          {overMarked && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="vote-invalid-warning"
              title={T.overTitle}
              description={
                <>
                  <div>{shape.kind === 'choose' ? T.overChoose(seats, marks) : T.overSlate(seats, marks)}</div>
                  <Checkbox
                    checked={invalidAgreed}
                    onChange={(e) => setInvalidAgreed(e.target.checked)}
                    data-testid="vote-invalid-agree"
                    style={{ marginTop: 10, fontSize: 16 }}
                  >
                    {T.overAgree}
                  </Checkbox>
                </>
              }
            />
          )}
          <Alert type="warning" showIcon title={T.confirmHint} style={{ marginBottom: 16 }} />
          <Button
            type="primary"
            size="large"
            block
            style={{ height: 52, fontSize: 18, marginBottom: 12 }}
            loading={step.at === 'casting'}
            disabled={overMarked && !invalidAgreed}
            onClick={cast}
            data-testid="vote-cast"
          >
            {step.at === 'casting' ? T.casting : T.cast}
          </Button>
          <Button
            size="large"
            block
            style={{ height: 52, fontSize: 18 }}
            disabled={step.at === 'casting'}
            onClick={() => setStep({ at: 'filling' })}
            data-testid="vote-back"
          >
            {T.back}
          </Button>
        </Card>
      </>
    );
  }

  return (
    <>
      {header}
      <BallotChoices
        shape={shape}
        names={form.names}
        draft={draft}
        onChange={(d) => {
          setDraft(d);
          setProblem(null);
        }}
      />
      {overMarked && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={T.overTitle} data-testid="vote-over-hint" />}
      {problem && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={`${T.refusedBeforeCast}${problem}`} data-testid="vote-problem" />
      )}
      <Button
        type="primary"
        size="large"
        block
        style={{ height: 52, fontSize: 18, marginTop: 4 }}
        onClick={toConfirm}
        data-testid="vote-submit"
      >
        {T.submit}
      </Button>
    </>
  );
}
