/** The baselines' activities: they do nothing, so what remains is Temporal's own cost. */
export interface BareActivities {
  noop(): Promise<void>;
}

export function createBareActivities(): BareActivities {
  return {
    async noop() {},
  };
}
