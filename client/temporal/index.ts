export * from './devServer';
export {
  TemporalCliPathError,
  TemporalConnectError,
  TemporalDataDirInUseError,
  TemporalPortInUseError,
  TemporalSearchAttributeError,
  TemporalSetupError,
  TemporalStartError,
  TemporalUnavailableError,
} from './errors';
export * from './binaries';
export { ensureSearchAttributes } from './searchAttributes';
export { isPortFree } from './ports';
