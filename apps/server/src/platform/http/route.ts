import fastJson from 'fast-json-stringify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission } from '@jinguo/contracts';
import { Problem } from '@jinguo/contracts';
import type { UserActor } from '../scope.js';
import { AppError } from '../errors.js';

/** Who may call a route. Every route must say it: an unguarded route does not compile. */
export type Access = { permission: Permission } | { permissions: Permission[] } | 'authenticated' | 'public';

export type Authenticate = (
  request: FastifyRequest,
  opts: { allowPasswordChange: boolean; allowSecondFactorPending?: boolean },
) => Promise<UserActor>;

type Obj = z.ZodType<Record<string, unknown>>;

export interface RouteDef<P extends Obj, Q extends Obj, B extends z.ZodType, R extends z.ZodType, A extends Access> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  access: A;
  /** Lets a user whose initial password must be changed call this route (me, change password, logout). */
  allowPasswordChange?: boolean;
  /** Lets a session that still owes the second factor call this route (me, logout, the second-factor routes). */
  allowSecondFactorPending?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: 200 | 201 | 204;
  /**
   * `compiled`: the response is written by a serializer compiled from its schema (only the fields it names, as their
   * declared types) instead of parsed by zod on every request: for hot reads whose answer is mapped field by field
   * from a typed row (decision 0019). Problem answers are zod's as everywhere.
   */
  serializer?: 'compiled';
  /** Per-route rate limit (sign-in), e.g. { max: 20, timeWindow: '1 minute' }. */
  rateLimit?: { max: number; timeWindow: string };
  handler: (ctx: {
    actor: A extends 'public' ? UserActor | null : UserActor;
    params: z.infer<P>;
    query: z.infer<Q>;
    body: z.infer<B>;
    request: FastifyRequest;
    reply: FastifyReply;
  }) => Promise<z.infer<R>>;
}

/** The route's access as the OpenAPI document publishes it: the permissions (any of), or `authenticated`/`public`. */
function accessOf(access: Access): string | Permission[] {
  if (typeof access === 'string') return access;
  return 'permission' in access ? [access.permission] : access.permissions;
}

const problemResponses = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

/**
 * A response serializer compiled from the zod schema's JSON Schema (its output side) by fast-json-stringify: it writes
 * the properties the schema names and nothing else, at every depth, and throws (a 500) on a missing required property,
 * a value that is no number where an integer is declared, or one matching no branch of a nullable or union; it writes
 * the declared types without checking enums or refinements (decision 0019).
 * zod's `additionalProperties: false` is dropped: a branch of a nullable object is chosen by validating the value, and
 * a value with more properties than its schema names is to be written without them, as zod strips them.
 */
export function compiledSerializer(schema: z.ZodType): (data: unknown) => string {
  const json = allowingMore(z.toJSONSchema(schema, { io: 'output', target: 'draft-7' }));
  return fastJson(json as Parameters<typeof fastJson>[0]);
}

function allowingMore(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowingMore);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'additionalProperties' && v === false) continue;
    out[k] = allowingMore(v);
  }
  return out;
}

/** The route's serializers: the compiled one for its success status, zod's for its problems. */
function successCompiled(status: string, compiled: (data: unknown) => string) {
  type RouteSchema = Parameters<typeof serializerCompiler>[0] & { httpStatus?: string };
  return ((routeSchema: RouteSchema) =>
    routeSchema.httpStatus === status ? compiled : serializerCompiler(routeSchema)) as never;
}

/** Declares one route: path, access, zod params/query/body/response, and a one-line handler. */
export function defineRoute<P extends Obj, Q extends Obj, B extends z.ZodType, R extends z.ZodType, A extends Access>(
  app: FastifyInstance,
  authenticate: Authenticate,
  def: RouteDef<P, Q, B, R, A>,
): void {
  const status = def.status ?? 200;
  app.withTypeProvider<ZodTypeProvider>().route({
    method: def.method,
    url: def.url,
    ...(def.rateLimit ? { config: { rateLimit: def.rateLimit } } : {}),
    ...(def.serializer === 'compiled' && status !== 204
      ? { serializerCompiler: successCompiled(String(status), compiledSerializer(def.response)) }
      : {}),
    schema: {
      summary: def.summary,
      tags: def.tags,
      // who may call it, published in the OpenAPI document (the access matrix test reads it)
      'x-access': accessOf(def.access),
      ...(def.params ? { params: def.params } : {}),
      ...(def.query ? { querystring: def.query } : {}),
      ...(def.body ? { body: def.body } : {}),
      response: { [status]: status === 204 ? z.null().describe('No content') : def.response, ...problemResponses },
    },
    // Authenticate before the body is even parsed, so an anonymous caller learns nothing about the input rules.
    onRequest: async (request) => {
      if (def.access === 'public') {
        (request as { actor?: UserActor | null }).actor = null;
        return;
      }
      const actor = await authenticate(request, {
        allowPasswordChange: def.allowPasswordChange === true,
        allowSecondFactorPending: def.allowSecondFactorPending === true,
      });
      if (typeof def.access === 'object') {
        const needed = 'permission' in def.access ? [def.access.permission] : def.access.permissions;
        if (!needed.some((p) => actor.permissions.has(p))) throw new AppError('FORBIDDEN');
      }
      (request as { actor?: UserActor | null }).actor = actor;
    },
    handler: async (request, reply) => {
      const result = await def.handler({
        actor: (request as unknown as { actor: UserActor }).actor as never,
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
