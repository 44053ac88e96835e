/**
 * What the chair's open form starts from and sends (OpenBallotSession.tsx): the values the
 * case's view already knows, and the entry as the definition the route reads. Pure, so the
 * unit tests read them given/when/then; the definition is then checked by the domain's
 * `parseSessionDefinition`, the server's own parser.
 */
import type { CaseView } from '../api';
import type { BallotStepForm } from '../../../domain/ballots/sessionDefinition';
import { selectionFactsOf } from '../forms/selectionFacts';

/** Forms whose ballot names people from a list, with seats. */
export const LIST_FORMS: readonly BallotStepForm[] = ['election.recommendation', 'election.ballot', 'selection.meeting-recommendation'];

export interface Entry {
  due?: number | null;
  candidates?: string[];
  seats?: number | null;
  question?: string;
  groups?: Array<{ key?: string; label?: string; due?: number | null } | undefined>;
  spares?: number | null;
  closing?: 'manual' | 'deadline';
  closesAt?: string;
}

/** What the case's view already knows: the list, the seats and the participants due, where the step's form has them. */
export function prefill(view: CaseView, step: string, form: BallotStepForm): Entry {
  const e = view.election;
  if (form === 'election.ballot' && e) {
    const base = step.replace(/-\d+$/, '');
    const list =
      base === 'further-ballot' && e.furtherBallot
        ? e.furtherBallot
        : base === 'second-ballot' && e.secondBallot
          ? e.secondBallot
          : { candidates: e.slate, seats: e.seats };
    return { candidates: [...list.candidates], seats: list.seats, due: e.eligibleVoters };
  }
  if (form === 'election.recommendation' && e) {
    // Only the members' meeting counts the members named in the notice; the masses' has its own.
    return { seats: e.seats, candidates: [...e.nominees], due: step.startsWith('members-') ? e.eligibleVoters : null };
  }
  if (form === 'selection.meeting-recommendation') return { seats: selectionFactsOf(view).positions, candidates: [] };
  return {};
}

/** The entry as the definition the route reads (docs/api.md): empty fields left out. */
export function definitionOf(v: Entry, form: BallotStepForm): Record<string, unknown> {
  const groups = (v.groups ?? []).filter((g): g is NonNullable<typeof g> => !!g && (!!g.key || !!g.label || g.due != null));
  return {
    due: v.due ?? undefined,
    ...(LIST_FORMS.includes(form) ? { candidates: v.candidates ?? [], seats: v.seats ?? undefined } : {}),
    ...(v.question && v.question.trim() !== '' ? { question: v.question.trim() } : {}),
    // A group's key is only its name in the published tally: left empty, it is numbered (g1, g2, …).
    ...(groups.length > 0
      ? { groups: groups.map((g, i) => ({ key: g.key?.trim() || `g${i + 1}`, label: g.label ?? '', due: g.due ?? undefined })) }
      : {}),
    // The browser's local time (the county's, Asia/Shanghai) as an instant with its zone.
    ...(v.closing === 'deadline' ? { closesAt: v.closesAt ? new Date(v.closesAt).toISOString() : '' } : {}),
  };
}

/** The fields of the step's own form (by their top-level name) that the close's decision does not hold: the chair's to add. */
export function missingFields<F extends { name: string[] }>(fields: readonly F[], decision: Record<string, unknown>): F[] {
  return fields.filter((f) => !Object.hasOwn(decision, f.name[0]!));
}
