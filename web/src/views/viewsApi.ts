/**
 * The procedures' read routes and the cadre's requests as the pages call them; the answers'
 * types are the server's own (domain/wire/), imported type-only.
 */
import { api, enc, type DecisionReceipt } from '../api';
import type { ElectionResults, ElectionView } from '../../../domain/wire/electionResults';
import type { PipelineAnswer } from '../../../domain/wire/pipeline';
import type { ScheduleList, ScheduleResult } from '../../../domain/wire/roundSchedule';

export type { ElectionResults, ElectionView, PipelineAnswer, ScheduleList, ScheduleResult };
export type { ElectionResultRow } from '../../../domain/wire/electionResults';
export type { VillagePipeline } from '../../../domain/wire/pipeline';
export type { RoundScheduleLine } from '../../../domain/wire/roundSchedule';

const query = (q: Record<string, string | undefined>) => {
  const qs = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')).toString();
  return qs ? `?${qs}` : '';
};

export const getElections = (township?: string) => api<ElectionResults>('GET', `/elections${query({ township })}`);
export const getElection = (caseId: string) => api<ElectionView>('GET', `/cases/${enc(caseId)}/election`);
export const getPipeline = (q: { township?: string; atRisk?: boolean }) =>
  api<PipelineAnswer>('GET', `/member-development/pipeline${query({ township: q.township, atRisk: q.atRisk ? 'true' : undefined })}`);
export const getSchedules = () => api<ScheduleList>('GET', '/evaluation/schedules');
export const setSchedule = (body: { cron: string; townships?: string[] }) => api<ScheduleResult>('POST', '/evaluation/schedules', body);
export const requestReview = (caseId: string, grounds: string) =>
  api<DecisionReceipt>('POST', `/cases/${enc(caseId)}/review-requests`, { grounds });
export const requestAppeal = (caseId: string, grounds: string, filedOn?: string) =>
  api<DecisionReceipt>('POST', `/cases/${enc(caseId)}/appeals`, { grounds, ...(filedOn ? { filedOn } : {}) });
