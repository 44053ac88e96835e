/**
 * A repeated request: the same person sending the same decision again because the
 * answer to the first was lost (a dropped connection, a restarted API process, a
 * client's retry). It gets the first one's receipt, not a refusal: telling someone
 * "already decided" about their own applied decision is a false refusal. The same
 * step decided differently, or by someone else, is not a repeat and is still refused.
 */
import type { Actor } from '../../domain/actors';

/** What an accepted request recorded, so a repeat can be told apart and answered. */
export interface Applied<R> {
  readonly actor: Actor;
  /** The request's value as its parser returned it (normalized, e.g. trimmed). */
  readonly value: unknown;
  /** The first request's answer; a repeat while it is still being appended awaits it. */
  receipt: Promise<R>;
}

/** One user in one role (and township): a role change makes a different actor. */
export function sameActor(a: Actor, b: Actor): boolean {
  return a.id === b.id && a.role === b.role && (a.townshipId ?? null) === (b.townshipId ?? null);
}

/** Structural equality of parsed JSON-like values; the order of object keys does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => sameValue(x, bs[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Keys whose value is undefined are absent from the JSON a repeat arrives as.
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const ak = keys(ao);
  const bk = keys(bo);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && sameValue(ao[k], bo[k]));
}

export function isRepeat<R>(applied: Applied<R> | undefined, actor: Actor, value: unknown): applied is Applied<R> {
  return applied !== undefined && sameActor(applied.actor, actor) && sameValue(applied.value, value);
}
