export * from './messages';
export { CaseRuntime, CaseEnded } from './case';
export { humanTask, type HumanTaskSpec, type Decided } from './humanTask';
export { publicNotice, parseFinding, type PublicNoticeSpec, type NoticeOutcome } from './publicNotice';
export { caseActivities, type CaseActivities } from './proxies';
export { decisionToday, fromTaskTime, msUntilDay, sleepUntilDay, serverToday } from './calendar';
export { runCase, taskDefaults } from './runCase';
