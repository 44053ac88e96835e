/**
 * The hash chain walked in memory, one event at a time, for an archive: the same rules
 * as `verifyHashChain` (positions without gaps, each prev_hash the hash before it, each
 * hash recomputed from the event's contents with its own algorithm, the head at the last
 * event), with no database behind it.
 */
import { eventHash, GENESIS_HASH, unknownHashAlgorithm, type HashChainReport } from '../../activities/hashChain';
import type { RecordedEvent } from '../../domain/events';

export class ChainWalker {
  private expected = 1n;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private broken: { position: bigint; reason: string } | undefined;

  /** Feeds the next event in position order; false once the chain is broken (later events prove nothing). */
  push(e: RecordedEvent): boolean {
    if (this.broken) return false;
    if (e.position !== this.expected) {
      this.broken = {
        position: this.expected,
        reason:
          e.position > this.expected
            ? `position ${this.expected} is missing (the next stored event is ${e.position})`
            : `position ${e.position} appears again after position ${this.expected - 1n}`,
      };
      return false;
    }
    if (e.prevHash !== this.prevHash) {
      this.broken = { position: e.position, reason: `prev_hash of position ${e.position} does not match the hash of the event before it` };
      return false;
    }
    const unknown = unknownHashAlgorithm(e);
    if (unknown) {
      this.broken = { position: e.position, reason: unknown };
      return false;
    }
    // Each event with its own algorithm; archives from before the choice existed carry none (SHA-256).
    if (eventHash(this.prevHash, e, e.hashAlgorithm ?? 'sha256') !== e.hash) {
      this.broken = { position: e.position, reason: `hash of position ${e.position} does not match its contents` };
      return false;
    }
    this.prevHash = e.hash;
    this.expected += 1n;
    this.checked += 1;
    return true;
  }

  /** The hash of the last intact event (the genesis hash before any). */
  get lastHash(): string {
    return this.prevHash;
  }

  finish(headLine: { position: string; hash: string } | null): HashChainReport {
    const head = headLine && BigInt(headLine.position) > 0n ? { position: headLine.position, hash: headLine.hash } : null;
    const bad = (position: bigint, reason: string): HashChainReport => ({
      ok: false,
      checked: this.checked,
      head,
      firstBadPosition: position.toString(),
      reason,
    });
    if (this.broken) return bad(this.broken.position, this.broken.reason);
    if (!headLine) return bad(this.expected, 'the archive has no head line');
    const last = this.expected - 1n;
    const headPosition = BigInt(headLine.position);
    if (headPosition > last) return bad(this.expected, `the head is at position ${headPosition} but the log ends at ${last}`);
    if (headPosition < last) return bad(headPosition + 1n, `events exist past the head (position ${headPosition})`);
    if (last >= 1n && headLine.hash !== this.prevHash) return bad(last, `the head's hash does not match the hash of position ${last}`);
    return { ok: true, checked: this.checked, head };
  }
}
