/**
 * The event vocabulary, imported as `domain/events`: what every procedure shares
 * (events/core.ts) and probation's events (events/probation.ts), which the core's
 * projection and client code name directly. The other procedures' events are imported
 * from their own files (events/election.ts, …); all of them join the log's
 * `DomainEvent` union through domain/procedureEvents.ts.
 */
export * from './core';
export * from './inbox';
export * from './log';
export * from './probation';
export * from './registry';
