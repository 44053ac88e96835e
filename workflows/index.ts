// The workflow bundle's entry point: every case workflow the worker runs.
export { probation } from './probation';
export { rectification } from './rectification';
