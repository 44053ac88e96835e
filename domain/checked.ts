/**
 * A refusal that keeps its facts beside its message: a rule that can say no returns
 * Checked<T, R>, so a caller can both show the message and act on the numbers (an
 * over-quota refusal says by how many). Used by the evaluation and rectification rules.
 */

/** A refusal that keeps its facts (the numbers) beside the message. */
export type Refused<R> = { ok: false; error: string; refusal: R };
/** Parsed<T> whose refusal is typed; still assignable wherever a Parsed<T> is expected. */
export type Checked<T, R> = { ok: true; value: T } | Refused<R>;

/**
 * The Refused value for these facts and this message. It returns the refusal, for the
 * caller to hand on; workflows/kit/refusal.ts `refuse` is the other kind, which throws
 * the refusal a client sees.
 */
export const refusedWith = <R>(refusal: R, error: string): Refused<R> => ({ ok: false, error, refusal });
