/**
 * Holding a wire type (domain/wire/) against the response schema that serves it: the
 * keys each names, and whether each may be absent. The compiler checks the type's side
 * (`shape<T>`), the test the schema's (`schemaShape`).
 */
import { expect } from 'vitest';

export type Presence = 'required' | 'optional';
/** Every key of T with whether it may be absent; the compiler refuses a key missing, extra or marked wrong. */
export type Shape<T> = { [K in keyof T]-?: object extends Pick<T, K> ? 'optional' : 'required' };
export const shape = <T>(s: Shape<T>): Record<string, Presence> => s as Record<string, Presence>;

interface ObjectSchema {
  properties: Record<string, unknown>;
  required?: readonly string[];
}

/** The keys a response schema names, each required or optional as its `required` says. */
export function schemaShape(schema: unknown): Record<string, Presence> {
  const s = schema as ObjectSchema;
  for (const r of s.required ?? []) expect(Object.keys(s.properties), `required ${r} is a property`).toContain(r);
  return Object.fromEntries(Object.keys(s.properties).map((k) => [k, s.required?.includes(k) ? 'required' : 'optional']));
}

/** A union's shape as one schema names it: every key of either side, required only where both require it. */
export function unionShape(...sides: Array<Record<string, Presence>>): Record<string, Presence> {
  const keys = [...new Set(sides.flatMap((s) => Object.keys(s)))];
  return Object.fromEntries(keys.map((k) => [k, sides.every((s) => s[k] === 'required') ? 'required' : 'optional']));
}

/** A nested object schema, by its path of property names (an array's items by `[]`). */
export function at(schema: unknown, ...path: string[]): unknown {
  let s = schema as { properties?: Record<string, unknown>; items?: unknown };
  for (const p of path) s = (p === '[]' ? s.items : s.properties?.[p]) as typeof s;
  return s;
}

export const R = 'required';
export const O = 'optional';
