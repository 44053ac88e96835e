/**
 * Writes an import plan (domain/roster/importPlan.ts) into the log: every planned append
 * in one `appendBatch`, so a roster is recorded whole or not at all, with the acting
 * county staff member in each event's metadata. Appends whose idempotency key was used
 * before (the same change imported again) come back as duplicates and write nothing.
 */
import { createHash } from 'node:crypto';
import { appendBatch } from '../../activities/eventStore';
import type { Actor } from '../../domain/actors';
import type { PlannedAppend } from '../../domain/roster/importPlan';
import type { DB } from '../../schema/db';
import type { DomainEvent } from '../../domain/events';
import { PERSONAL_DATA_KEYS } from '../../domain/personalData';
import type { PersonalDataCipher } from '../crypto/personalData';
import { noKey } from './personDetailsRow';

/** Whether an event carries an ID or phone number (to be sealed before it is appended). */
export function carriesPersonalData(e: DomainEvent): boolean {
  const details = e.type === 'PersonRegistered' ? e.data.details : e.type === 'PersonCorrected' ? e.data.fields : undefined;
  return details !== undefined && PERSONAL_DATA_KEYS.some((k) => typeof details[k] === 'string');
}

export interface RosterWriteResult {
  /** Events appended now. */
  events: number;
  /** Appends skipped because the same change was imported before. */
  duplicates: number;
}

/** `personalData` seals the ID and phone numbers the events carry; without it a roster holding any is refused. */
export async function writeRosterImport(
  db: DB,
  appends: readonly PlannedAppend[],
  actor: Actor,
  personalData?: PersonalDataCipher,
): Promise<RosterWriteResult> {
  if (appends.length === 0) return { events: 0, duplicates: 0 };
  const seal = (events: DomainEvent[]): DomainEvent[] => {
    if (!events.some(carriesPersonalData)) return events;
    if (!personalData) throw noKey();
    return personalData.sealEvents(events);
  };
  const results = await appendBatch(
    db,
    appends.map((a) => ({
      streamId: a.streamId,
      expectedVersion: 'any' as const,
      idempotencyKey: a.idempotencyKey,
      events: seal(a.events).map((event) => ({ event, metadata: { actor, causationId: 'roster-import' } })),
    })),
  );
  let events = 0;
  let duplicates = 0;
  results.forEach((r, i) => {
    if (r.duplicate) duplicates++;
    else events += appends[i]!.events.length;
  });
  return { events, duplicates };
}

/** The digest import keys are made of (domain/roster/importPlan.ts takes it as a function). */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
