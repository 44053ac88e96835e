/**
 * The ballot as the paper form has it, for a thumb: the four grades of a rating (one of
 * them), the list of a recommendation (tick names; the counter turns red past the seats),
 * yes / no / abstain per candidate of a slate or on the one person of 发展党员's votes.
 * Ticking more names than seats is possible, as on paper: the page then warns that the
 * ballot counts as invalid (VotePage), it does not stop the voter.
 */
import { Radio, Typography } from 'antd';
import type { Mark } from '../../../domain/ballots/counting';
import { MARKS } from '../../../domain/ballots/counting';
import type { BallotShape, RatingGrade } from '../../../domain/ballots/sessionDefinition';
import { GRADE_TEXT, MARK_TEXT, T } from './text';

/** A ballot being filled in: the wire ballot (POST /ballots), a rating's grade not yet picked. */
export type Draft =
  { kind: 'rating'; grade?: RatingGrade } | { kind: 'choose'; marked: string[] } | { kind: 'approve'; votes: Record<string, Mark> };

export function emptyDraft(shape: BallotShape): Draft {
  if (shape.kind === 'rating') return { kind: 'rating' };
  if (shape.kind === 'choose') return { kind: 'choose', marked: [] };
  return { kind: 'approve', votes: {} };
}

/** How many names the draft marks (ticked, or yes on a slate), the count the seats limit. */
export function marksOf(draft: Draft): number {
  if (draft.kind === 'choose') return draft.marked.length;
  if (draft.kind === 'approve') return Object.values(draft.votes).filter((m) => m === 'yes').length;
  return 0;
}

export const nameOf = (names: Record<string, string>, id: string): string => names[id] ?? id;

/** A row as wide as the screen and at least 56 px tall: a thumb does not miss it. */
function ChoiceRow(props: {
  role: 'radio' | 'checkbox';
  selected: boolean;
  onClick: () => void;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      role={props.role}
      aria-checked={props.selected}
      data-testid={props.testId}
      onClick={props.onClick}
      style={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        width: '100%',
        minHeight: 56,
        padding: '10px 16px',
        marginBottom: 10,
        fontSize: 18,
        textAlign: 'left',
        borderRadius: 8,
        border: `2px solid ${props.selected ? '#b71c1c' : '#d9d9d9'}`,
        background: props.selected ? '#fff1f0' : '#fff',
        color: 'inherit',
        cursor: 'pointer',
        boxSizing: 'border-box',
      }}
    >
      <span style={{ minWidth: 0 }}>{props.children}</span>
      <span style={{ color: '#b71c1c', fontSize: 22, flex: 'none', width: 28, textAlign: 'right' }}>{props.selected ? '✓' : null}</span>
    </button>
  );
}

function PersonLabel({ names, id }: { names: Record<string, string>; id: string }) {
  return (
    <>
      <span style={{ fontSize: 18 }}>{nameOf(names, id)}</span>
      {names[id] && (
        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
          {id}
        </Typography.Text>
      )}
    </>
  );
}

export function BallotChoices(props: { shape: BallotShape; names: Record<string, string>; draft: Draft; onChange: (d: Draft) => void }) {
  const { shape, names, draft, onChange } = props;
  if (shape.kind === 'rating' && draft.kind === 'rating') {
    return (
      <div role="radiogroup">
        {shape.choices.map((g) => (
          <ChoiceRow
            key={g}
            role="radio"
            testId={`vote-grade-${g}`}
            selected={draft.grade === g}
            onClick={() => onChange({ kind: 'rating', grade: g })}
          >
            {GRADE_TEXT[g]}
          </ChoiceRow>
        ))}
      </div>
    );
  }
  if (shape.kind === 'choose' && draft.kind === 'choose') {
    const over = draft.marked.length > shape.seats;
    const toggle = (id: string) =>
      onChange({
        kind: 'choose',
        // In the list's order, as the server keeps it.
        marked: draft.marked.includes(id)
          ? draft.marked.filter((m) => m !== id)
          : shape.candidates.filter((c) => c === id || draft.marked.includes(c)),
      });
    return (
      <div>
        <Typography.Paragraph strong type={over ? 'danger' : undefined} data-testid="vote-counter" style={{ fontSize: 16 }}>
          {T.atMost(shape.seats, draft.marked.length)}
        </Typography.Paragraph>
        {shape.candidates.map((c) => (
          <ChoiceRow key={c} role="checkbox" testId={`vote-name-${c}`} selected={draft.marked.includes(c)} onClick={() => toggle(c)}>
            <PersonLabel names={names} id={c} />
          </ChoiceRow>
        ))}
      </div>
    );
  }
  if (shape.kind === 'approve' && draft.kind === 'approve') {
    const yes = marksOf(draft);
    const slate = shape.candidates.length > 1;
    return (
      <div>
        {slate && (
          <Typography.Paragraph strong type={yes > shape.seats ? 'danger' : undefined} data-testid="vote-counter" style={{ fontSize: 16 }}>
            {T.yesCount(shape.seats, yes)}
          </Typography.Paragraph>
        )}
        {shape.candidates.map((c) => (
          <div
            key={c}
            data-testid={`vote-candidate-${c}`}
            style={{ background: '#fff', border: '1px solid #d9d9d9', borderRadius: 8, padding: 12, marginBottom: 10 }}
          >
            <div style={{ marginBottom: 8 }}>
              <PersonLabel names={names} id={c} />
            </div>
            <Radio.Group
              value={draft.votes[c]}
              onChange={(e) => onChange({ kind: 'approve', votes: { ...draft.votes, [c]: e.target.value as Mark } })}
              optionType="button"
              buttonStyle="solid"
              size="large"
              style={{ display: 'flex', width: '100%' }}
            >
              {MARKS.map((m) => (
                <Radio.Button key={m} value={m} style={{ flex: 1, textAlign: 'center', height: 48, lineHeight: '46px', padding: 0 }}>
                  {/* antd gives a Radio.Button's own props to its hidden input: the label's text is what a thumb (or a test) taps. */}
                  <span data-testid={`vote-mark-${c}-${m}`} style={{ display: 'block' }}>
                    {MARK_TEXT[m]}
                  </span>
                </Radio.Button>
              ))}
            </Radio.Group>
          </div>
        ))}
      </div>
    );
  }
  return null;
}

/** The draft in words, for the confirm step: what will be cast. */
export function DraftSummary({ shape, names, draft }: { shape: BallotShape; names: Record<string, string>; draft: Draft }) {
  if (draft.kind === 'rating')
    return (
      <div data-testid="vote-summary" style={{ fontSize: 20 }}>
        {draft.grade ? GRADE_TEXT[draft.grade] : ''}
      </div>
    );
  if (draft.kind === 'choose') {
    return (
      <div data-testid="vote-summary" style={{ fontSize: 18 }}>
        {draft.marked.length === 0 ? T.blank : draft.marked.map((id) => <div key={id}>{nameOf(names, id)}</div>)}
      </div>
    );
  }
  const candidates = shape.kind === 'rating' ? [] : shape.candidates;
  return (
    <div data-testid="vote-summary" style={{ fontSize: 18 }}>
      {candidates.map((id) => (
        <div key={id} style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
          <span>{nameOf(names, id)}</span>
          <span>{draft.votes[id] ? MARK_TEXT[draft.votes[id]] : T.unmarked}</span>
        </div>
      ))}
    </div>
  );
}
