/**
 * A ballot cast on a phone, read against its session's ballot (docs/ballots.md): the same
 * valid-ballot rules as the paper count (domain/ballots/counting.ts). A ballot that
 * marks more names than seats counts as invalid (废票) as on paper, so it is recorded as
 * such; anything the voting page cannot produce (a name off the list, a name twice, a
 * grade that is not one, a second grade) is refused before it is cast.
 *
 * What is recorded is the ballot's canonical content: one text for one choice, whatever
 * order or spelling the request used, so the hash chain covers exactly what is counted.
 */
import { isRecord } from '../decisions';
import { countBallots, MARKS, type InvalidReason, type Mark } from './counting';
import { RATING_GRADES, type BallotShape, type RatingGrade } from './sessionDefinition';

/** The canonical ballot, in the keys' fixed order; every candidate of a slate has its mark. */
export type BallotContent =
  | { readonly kind: 'rating'; readonly grade: RatingGrade }
  | { readonly kind: 'choose'; readonly marked: readonly string[] }
  | { readonly kind: 'approve'; readonly votes: Readonly<Record<string, Mark>> };

export type BallotReading =
  | { readonly ok: true; readonly content: BallotContent; readonly invalid: InvalidReason | null }
  | { readonly ok: false; readonly zh: string; readonly en: string };

const refused = (zh: string, en: string): BallotReading => ({ ok: false, zh, en });

/** Reads a ballot as submitted; `invalid` is set when the paper rules count it as 废票. */
export function readOnlineBallot(shape: BallotShape, raw: unknown): BallotReading {
  if (!isRecord(raw) || raw.kind !== shape.kind) {
    return refused('选票格式不对', `a ballot of this session is {"kind":"${shape.kind}", …}`);
  }
  switch (shape.kind) {
    case 'rating': {
      const extra = Object.keys(raw).filter((k) => k !== 'kind' && k !== 'grade');
      if (extra.length > 0) return refused('测评票只能选一个等次', `a rating ballot has only a grade, not ${extra.join(', ')}`);
      const grade = raw.grade;
      if (typeof grade !== 'string' || !(RATING_GRADES as readonly string[]).includes(grade)) {
        return refused(
          '请在优秀、称职、基本称职、不称职中选一个',
          `grade must be one of ${RATING_GRADES.join(' | ')}, got ${JSON.stringify(grade)}`,
        );
      }
      return { ok: true, content: { kind: 'rating', grade: grade as RatingGrade }, invalid: null };
    }
    case 'choose':
    case 'approve': {
      const extra = Object.keys(raw).filter((k) => k !== 'kind' && k !== (shape.kind === 'choose' ? 'marked' : 'votes'));
      if (extra.length > 0) return refused('选票格式不对', `unknown field(s) on the ballot: ${extra.join(', ')}`);
      const counted = countBallots([raw as never], { kind: shape.kind, candidates: shape.candidates, seats: shape.seats, present: 1 });
      if (!counted.ok) throw new Error(counted.message); // one ballot, one present: cannot be void
      const why = counted.tally.invalid[0];
      if (why && why.reason !== 'over-marked') {
        return refused(
          why.reason === 'unknown-name' ? '选票上有不在名单上的人' : why.reason === 'duplicate-name' ? '同一人不能选两次' : '选票格式不对',
          `the ballot ${why.detail}`,
        );
      }
      return { ok: true, content: canonical(shape, raw), invalid: why ? why.reason : null };
    }
    default: {
      const never: never = shape;
      throw new Error(`unknown ballot shape ${JSON.stringify(never)}`);
    }
  }
}

/** In the list's order, so the same choice is always the same text. Only called on a readable ballot. */
function canonical(shape: Extract<BallotShape, { kind: 'choose' | 'approve' }>, raw: Record<string, unknown>): BallotContent {
  if (shape.kind === 'choose') {
    const marked = raw.marked as string[];
    return { kind: 'choose', marked: shape.candidates.filter((c) => marked.includes(c)) };
  }
  const given = raw.votes as Record<string, Mark>;
  const votes: Record<string, Mark> = {};
  for (const c of shape.candidates) votes[c] = Object.hasOwn(given, c) && MARKS.includes(given[c]!) ? given[c]! : 'abstain';
  return { kind: 'approve', votes };
}

/** The text the chain hashes and the ballots table stores. Key order is fixed by construction. */
export function ballotContentText(content: BallotContent): string {
  return JSON.stringify(content);
}

/**
 * A stored ballot's text read back for a recount: it must read as a ballot of this
 * session and be exactly its own canonical text, or the row was not written by a cast.
 */
export function readStoredBallot(shape: BallotShape, stored: string): BallotReading {
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return refused('选票内容不是 JSON', 'the stored ballot is not JSON');
  }
  const reading = readOnlineBallot(shape, raw);
  if (reading.ok && ballotContentText(reading.content) !== stored) {
    return refused('选票内容不是规范形式', 'the stored ballot is not in its canonical form');
  }
  return reading;
}
