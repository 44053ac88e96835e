/**
 * What a payload that reached the worker without the deployment's seal decodes to.
 *
 * Every client of a deployment seals what it sends (client/codec.ts); a payload in clear
 * can only come from someone who reached the Temporal frontend directly (for example
 * `temporal workflow update execute --input '{…}'`), around the API and its checks. The
 * worker's codec does not throw on one — a codec error fails the workflow task, and
 * Temporal would retry that task forever, stalling the case — it hands the workflow
 * this marker instead, which carries nothing of the payload's content, and the kit's
 * interceptor (unsealedInterceptor.ts) refuses it.
 */
export const UNSEALED_KEY = '$cadreflowUnsealed';

export interface UnsealedMarker {
  readonly [UNSEALED_KEY]: { readonly encoding: string };
}

export function unsealedMarker(encoding: string): UnsealedMarker {
  return { [UNSEALED_KEY]: { encoding } };
}

export function isUnsealed(value: unknown): value is UnsealedMarker {
  return typeof value === 'object' && value !== null && UNSEALED_KEY in value;
}

/** The refusal's text, in both languages a person reading it may need. */
export const UNSEALED_MESSAGE =
  'the input was not sealed with the deployment’s payload key: it did not come through the cadreflow API or CLI, so it is refused (输入未经本系统加密，不是经由 cadreflow 接口提交的，已拒绝)';
