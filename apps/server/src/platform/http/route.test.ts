import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { UserActor } from '../scope.js';
import { buildHttp } from './app.js';
import { defineRoute, type Authenticate } from './route.js';

/*
 * What a route answers is its response schema, never more: a handler that returns a row with a column the schema does
 * not name (a ciphertext, a hash, another org's path) must not send it, at any depth.
 */

const actor = { kind: 'user', permissions: new Set() } as unknown as UserActor;
const authenticate: Authenticate = () => Promise.resolve(actor);

const Item = z.object({ id: z.number().int(), name: z.string() });
const Answer = z.object({
  id: z.number().int(),
  name: z.string().nullable(),
  parent: Item.nullable(),
  items: z.array(Item),
});

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildHttp({
    logLevel: 'silent',
    webDistDir: null,
    registerApi: (api) => {
      defineRoute(api, authenticate, {
        method: 'GET',
        url: '/leaky',
        summary: 'returns more than its schema',
        tags: ['test'],
        access: 'authenticated',
        response: Answer,
        handler: () =>
          Promise.resolve({
            id: 1,
            name: 'a',
            idNumberEnc: 'v1:secret',
            parent: { id: 2, name: 'p', path: '1.2' },
            items: [{ id: 3, name: 'i', phoneHash: 'h' }],
          } as z.infer<typeof Answer>),
      });
      defineRoute(api, authenticate, {
        method: 'GET',
        url: '/wrong',
        summary: 'returns what its schema refuses',
        tags: ['test'],
        access: 'authenticated',
        response: Answer,
        handler: () => Promise.resolve({ id: 'one', name: 'a', parent: null, items: [] } as never),
      });
    },
  });
  await app.ready();
});
afterAll(() => app?.close());

describe('responses carry their schema and nothing else', () => {
  it('drops properties the schema does not name, at every depth', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/leaky' });
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toMatch(/secret|idNumberEnc|path|phoneHash/);
    expect(r.json()).toEqual({ id: 1, name: 'a', parent: { id: 2, name: 'p' }, items: [{ id: 3, name: 'i' }] });
  });

  it('refuses to send a value of the wrong type (500, nothing of the value)', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/wrong' });
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain('"one"');
  });
});
