import { describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { parseJsonBody, prototypeKey } from '../../client/api/jsonBody';
import { ApiError } from '../../client/api/problem';

function parse(body: string): { err: Error | null; value?: unknown } {
  let result: { err: Error | null; value?: unknown } | undefined;
  parseJsonBody({} as FastifyRequest, body, (err, value) => (result = { err, value }));
  return result!;
}

describe('parseJsonBody', () => {
  it('parses JSON, a leading byte-order mark aside', () => {
    expect(parse('{"step":"check-in-1","decision":{"rating":"good"}}')).toEqual({
      err: null,
      value: { step: 'check-in-1', decision: { rating: 'good' } },
    });
    expect(parse('\ufeff[1]')).toEqual({ err: null, value: [1] });
  });

  it('names a key that could reach a prototype rather than calling the body invalid JSON', () => {
    const { err } = parse('{"__proto__": {"admin": true}}');
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, slug: 'forbidden-key', title: 'Key not allowed' });
    expect(err!.message).toBe('body: the key "__proto__" is not allowed (it could change the prototype of objects); rename or remove it');
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
  });

  it('still calls malformed and empty bodies what they are', () => {
    expect(parse('{"step": ').err).toMatchObject({ slug: 'malformed-json', message: 'the request body is not valid JSON' });
    expect(parse('').err).toMatchObject({ slug: 'malformed-json', message: 'the request body is empty; send a JSON object' });
  });
});

describe('prototypeKey', () => {
  it('finds __proto__ and constructor.prototype at any depth, escaped or not, in objects and arrays', () => {
    expect(prototypeKey(JSON.parse('{"a": [{"b": {"__pro\\u0074o__": 1}}]}'))).toEqual({ where: 'body.a[0].b', key: '__proto__' });
    expect(prototypeKey(JSON.parse('{"constructor": {"prototype": {"x": 1}}}'))).toEqual({ where: 'body.constructor', key: 'prototype' });
  });

  it('leaves ordinary keys alone, "constructor" and "prototype" on their own included', () => {
    expect(prototypeKey(JSON.parse('{"constructor": "x", "prototype": {}, "proto": 1, "list": [null, "__proto__"]}'))).toBeUndefined();
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}{"__proto__": 1}${']'.repeat(100_000)}`) as unknown;
    expect(prototypeKey(deep)?.key).toBe('__proto__');
  });
});
