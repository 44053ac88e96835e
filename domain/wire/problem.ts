/**
 * An error as the API answers it: an RFC 9457 problem document (`application/problem+json`).
 * The wire type, written once for the server (client/api/problem.ts) and the web UI
 * (web/src/api.ts). Type-only.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  /** A refused decision's reason, e.g. `WrongTownship`. */
  reason?: string;
  /** What failed schema validation, one entry per problem found. */
  errors?: Array<{ where: string; message: string; zh?: string }>;
  /** A registry refusal's, bad form's or refused start's reason in Chinese and English (client/api/routes/registryChanges.ts, domain/bilingual.ts). */
  zh?: string;
  en?: string;
}
