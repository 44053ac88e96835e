/**
 * The API's JSON body parser. Fastify's own refuses a `__proto__` key (and a
 * `constructor.prototype`), rightly, since code that copies such an object can change
 * every object's prototype, but it reports that as "not valid JSON", which it is. This
 * one refuses the same keys and says so, naming where the key is.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from './problem';

const malformed = (detail: string) => new ApiError(400, 'malformed-json', 'Malformed JSON', detail);

/** Where a key that could reach an object's prototype sits (`body.decision`), or undefined. Iterative: a deep body must not overflow the stack. */
export function prototypeKey(root: unknown): { where: string; key: string } | undefined {
  const stack: Array<[unknown, string]> = [[root, 'body']];
  while (stack.length > 0) {
    const [value, where] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    // JSON.parse makes `__proto__` an own property, so hasOwn sees it without touching the prototype.
    if (Object.hasOwn(value, '__proto__')) return { where, key: '__proto__' };
    const ctor = Object.hasOwn(value, 'constructor') ? (value as { constructor: unknown }).constructor : undefined;
    if (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype'))
      return { where: `${where}.constructor`, key: 'prototype' };
    for (const [k, v] of Object.entries(value)) stack.push([v, Array.isArray(value) ? `${where}[${k}]` : `${where}.${k}`]);
  }
  return undefined;
}

/** For `app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody)`. */
export function parseJsonBody(_request: FastifyRequest, body: string | Buffer, done: (err: Error | null, value?: unknown) => void): void {
  let text = typeof body === 'string' ? body : body.toString('utf8');
  // A byte-order mark is not JSON, but some clients send one; Fastify's parser skipped it too.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return done(malformed('the request body is empty; send a JSON object'));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return done(malformed('the request body is not valid JSON'));
  }
  const found = prototypeKey(value);
  if (found) {
    return done(
      new ApiError(
        400,
        'forbidden-key',
        'Key not allowed',
        `${found.where}: the key "${found.key}" is not allowed (it could change the prototype of objects); rename or remove it`,
      ),
    );
  }
  done(null, value);
}
