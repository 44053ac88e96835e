/**
 * The remote codec endpoint of the Temporal Web UI (its "codec server" protocol): the UI
 * posts the sealed payloads it shows and gets them back readable. Case payloads hold
 * personal data, so only signed-in organization department staff and auditors may ask;
 * the UI must send the user's session cookie ("include credentials" in its codec
 * settings), and only the UI's own origin is allowed to do so.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Payload } from '@temporalio/common';
import type { ApiContext } from '../context';
import { responses } from '../schemas';

interface WirePayload {
  metadata?: Record<string, string>;
  data?: string;
}

const PAYLOADS = {
  type: 'object',
  additionalProperties: false,
  required: ['payloads'],
  properties: {
    payloads: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string', contentEncoding: 'base64' } },
          data: { type: 'string', contentEncoding: 'base64' },
        },
      },
    },
  },
} as const;

const fromWire = (p: WirePayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});

const toWire = (p: Payload): WirePayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export function codecRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const cors = (request: FastifyRequest, reply: FastifyReply) => {
    if (ctx.codecCorsOrigin && request.headers.origin === ctx.codecCorsOrigin) {
      reply.header('access-control-allow-origin', ctx.codecCorsOrigin);
      reply.header('access-control-allow-credentials', 'true');
      reply.header('access-control-allow-headers', 'content-type, x-namespace');
      reply.header('access-control-allow-methods', 'POST, OPTIONS');
      reply.header('vary', 'origin');
    }
  };

  for (const op of ['decode', 'encode'] as const) {
    app.options(`/codec/${op}`, { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      cors(request, reply);
      return reply.code(204).send();
    });
    app.post<{ Body: { payloads: WirePayload[] } }>(
      `/codec/${op}`,
      {
        config: { access: ['county-org-dept', 'auditor'] },
        onRequest: async (request, reply) => cors(request, reply),
        schema: {
          tags: ['audit'],
          summary:
            op === 'decode'
              ? 'Decode sealed payloads for the Temporal Web UI'
              : 'Seal payloads (the Web UI sends signals and queries through it)',
          body: PAYLOADS,
          response: responses({ 200: PAYLOADS }, [400, 401, 403]),
        },
      },
      async (request) => {
        const payloads = request.body.payloads.map(fromWire);
        const out = ctx.codec ? await ctx.codec[op](payloads) : payloads;
        return { payloads: out.map(toWire) };
      },
    );
  }
}
