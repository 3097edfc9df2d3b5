import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { notFoundHandler, unstorableProblem, problemHandler } from './problem.js';

export interface HttpOptions {
  logLevel: string;
  webDistDir: string | null;
  /** Registers the modules' routes, inside the /api/v1 prefix. */
  registerApi: (api: FastifyInstance) => Promise<void> | void;
  /** Registers routes outside /api/v1 (health). */
  registerRoot?: (app: FastifyInstance) => Promise<void> | void;
}

/**
 * Helmet's headers, computed once: the same headers helmet's middleware sets (it is run here against a recorder),
 * without @fastify/helmet re-parsing the options on every request.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = (() => {
  const headers: Record<string, string> = {};
  const recorder = { setHeader: (name: string, value: string) => void (headers[name] = value), removeHeader: () => {} };
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // Ant Design injects its CSS-in-JS style tags
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false, // TLS is terminated in front of the platform; the proxy sets HSTS
  })({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return Object.freeze(headers);
})();

export async function buildHttp(opts: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    bodyLimit: 1_048_576,
    genReqId: () => randomUUID(),
    trustProxy: process.env.TRUST_PROXY === 'true',
    // the router's refusals (a bad escape, a path parameter over 100 characters) come before any hook: the headers
    // every answer carries, then the problem
    frameworkErrors: (error, request, reply) => {
      reply.headers(SECURITY_HEADERS).header('cache-control', 'no-store');
      problemHandler(error, request, reply);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemHandler);

  await app.register(cookie);
  const securityHeaders = SECURITY_HEADERS;
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeaders);
    // Every API answer and file may carry personal data: no browser, proxy or shared cache keeps a copy of any.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done();
  });
  // a NUL character or a lone surrogate cannot be stored in any text column: refused naming its field, before the
  // schemas run
  app.addHook('preValidation', (request, _reply, done) => {
    const problem =
      unstorableProblem('params', request.params) ??
      unstorableProblem('querystring', request.query) ??
      unstorableProblem('body', request.body);
    done(problem ?? undefined);
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Jinguo 巾帼 API',
        version: '1',
        description:
          "REST JSON API of the Jinguo women's federation platform. Errors are application/problem+json with zh-CN and en-US messages.",
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'jinguo_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  if (opts.registerRoot) await opts.registerRoot(app);
  await app.register(async (api) => opts.registerApi(api), { prefix: '/api/v1' });

  if (opts.webDistDir && existsSync(opts.webDistDir)) {
    // wildcard: files are looked up when requested, so a rebuilt web app is served without a restart
    await app.register(fastifyStatic, { root: opts.webDistDir, wildcard: true, index: ['index.html'] });
    // Client-side routes of the single-page app fall back to index.html; unknown /api paths stay problem+json 404.
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/') || request.url.startsWith('/assets/') || request.method !== 'GET')
        return notFoundHandler(request, reply);
      // The residents' mobile portal is the second entry of the web app, with its own client-side routes under /h5.
      if (request.url === '/h5' || request.url.startsWith('/h5/') || request.url.startsWith('/h5?'))
        return reply.type('text/html').sendFile('h5.html');
      return reply.type('text/html').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler(notFoundHandler);
  }
  return app;
}
