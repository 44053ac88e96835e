import { openPostgresDatabase, type OpenedDatabase } from '../schema/connect';
import type { DB } from '../schema/db';

/**
 * The load client's own database handle. It stops reading just before PostgreSQL
 * restarts and reconnects after (its reads would only fail meanwhile); the workers get
 * no such warning. A killed backend it takes as the workers do: the query fails, the
 * read is tried again.
 */
export interface DbGate {
  use<T>(fn: (db: DB) => Promise<T>): Promise<T>;
  pause(): Promise<void>;
  resume(): void;
  close(): Promise<void>;
}

export function dbGate(url: string): DbGate {
  const open = () => openPostgresDatabase(url, { max: 4 });
  let current: Promise<OpenedDatabase> | undefined = open();
  let paused: Promise<void> | undefined;
  let release: (() => void) | undefined;
  let inUse = 0;
  let drained: (() => void) | undefined;
  return {
    async use(fn) {
      while (paused) await paused;
      inUse++;
      try {
        return await fn((await current!).db);
      } finally {
        inUse--;
        if (inUse === 0) drained?.();
      }
    },
    async pause() {
      paused = new Promise((resolve) => (release = resolve));
      if (inUse > 0) await new Promise<void>((resolve) => (drained = resolve));
      drained = undefined;
      const db = current;
      current = undefined;
      await (await db)?.close();
    },
    resume() {
      current = open();
      paused = undefined;
      release?.();
    },
    async close() {
      const db = current;
      current = undefined;
      await (await db)?.close();
    },
  };
}
