// The workflow bundle's entry point: every case workflow the worker runs.
export { probation } from './probation';
export { memberDevelopment } from './memberDevelopment';
export { election } from './election';
export { evaluation } from './evaluation';
export { evaluationRound, scheduledEvaluationRound } from './evaluationRound';
export { evaluationRoundPart } from './evaluationRoundPart';
export { rectification } from './rectification';
export { selection } from './selection';
