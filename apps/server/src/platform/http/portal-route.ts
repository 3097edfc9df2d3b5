import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '@jinguo/contracts';
import type { RequestInfo } from '../scope.js';

/**
 * A resident signed in on the public portal (never a staff user: staff routes cannot receive one, by type and by
 * cookie).
 */
export interface ResidentActor {
  kind: 'resident';
  residentId: number;
  request: RequestInfo;
  session: { tokenHash: string; csrfToken: string };
}

/** Resolves the portal session cookie; `required` throws 401 when there is none. CSRF is checked on unsafe methods. */
export type ResidentAuthenticate = (
  request: FastifyRequest,
  opts: { required: boolean },
) => Promise<ResidentActor | null>;

type Obj = z.ZodType<Record<string, unknown>>;

export interface PortalRouteDef<
  P extends Obj,
  Q extends Obj,
  B extends z.ZodType,
  R extends z.ZodType,
  A extends 'resident' | 'public',
> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  /** `resident`: signed in on the portal; `public`: anyone (a resident's session is picked up when present). */
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: 200 | 201 | 204;
  rateLimit?: { max: number; timeWindow: string };
  handler: (ctx: {
    resident: A extends 'resident' ? ResidentActor : ResidentActor | null;
    params: z.infer<P>;
    query: z.infer<Q>;
    body: z.infer<B>;
    request: FastifyRequest;
    reply: FastifyReply;
  }) => Promise<z.infer<R>>;
}

const problemResponses = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 429: Problem };

/**
 * The portal's twin of `defineRoute`: the same declared contract (params, query, body, response parsed by zod), but its
 * caller is a resident from the portal's own session cookie. Tagged `portal` in the OpenAPI document.
 */
export function definePortalRoute<
  P extends Obj,
  Q extends Obj,
  B extends z.ZodType,
  R extends z.ZodType,
  A extends 'resident' | 'public',
>(app: FastifyInstance, authenticate: ResidentAuthenticate, def: PortalRouteDef<P, Q, B, R, A>): void {
  const status = def.status ?? 200;
  app.withTypeProvider<ZodTypeProvider>().route({
    method: def.method,
    url: def.url,
    ...(def.rateLimit ? { config: { rateLimit: def.rateLimit } } : {}),
    schema: {
      summary: def.summary,
      tags: ['portal 群众端'],
      // who may call it, published in the OpenAPI document (the access matrix test reads it)
      'x-access': def.access === 'resident' ? 'resident' : 'public',
      ...(def.params ? { params: def.params } : {}),
      ...(def.query ? { querystring: def.query } : {}),
      ...(def.body ? { body: def.body } : {}),
      response: { [status]: status === 204 ? z.null().describe('No content') : def.response, ...problemResponses },
    },
    onRequest: async (request) => {
      (request as { resident?: ResidentActor | null }).resident = await authenticate(request, {
        required: def.access === 'resident',
      });
    },
    handler: async (request, reply) => {
      const result = await def.handler({
        resident: (request as unknown as { resident: ResidentActor }).resident as never,
        params: request.params as z.infer<P>,
        query: request.query as z.infer<Q>,
        body: request.body as z.infer<B>,
        request,
        reply,
      });
      if (status === 204) return reply.status(204).send(null as never);
      return reply.status(status).send(result as never);
    },
  });
}
