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

const leaky = {
  id: 1,
  name: 'a',
  idNumberEnc: 'v1:secret',
  parent: { id: 2, name: 'p', path: '1.2' },
  items: [{ id: 3, name: 'i', phoneHash: 'h' }],
};

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildHttp({
    logLevel: 'silent',
    webDistDir: null,
    registerApi: (api) => {
      for (const serializer of ['zod', 'compiled'] as const) {
        defineRoute(api, authenticate, {
          method: 'GET',
          url: `/${serializer}/leaky`,
          summary: 'returns more than its schema',
          tags: ['test'],
          access: 'authenticated',
          response: Answer,
          ...(serializer === 'compiled' ? { serializer } : {}),
          handler: () => Promise.resolve(leaky as unknown as z.infer<typeof Answer>),
        });
        defineRoute(api, authenticate, {
          method: 'GET',
          url: `/${serializer}/wrong`,
          summary: 'returns what its schema refuses',
          tags: ['test'],
          access: 'authenticated',
          response: Answer,
          ...(serializer === 'compiled' ? { serializer } : {}),
          handler: () => Promise.resolve({ id: 'one', name: 'a', parent: null, items: [] } as never),
        });
        defineRoute(api, authenticate, {
          method: 'GET',
          url: `/${serializer}/missing`,
          summary: 'returns less than its schema',
          tags: ['test'],
          access: 'authenticated',
          response: Answer,
          ...(serializer === 'compiled' ? { serializer } : {}),
          handler: () => Promise.resolve({ id: 1, name: 'a', parent: { id: 2 }, items: [] } as never),
        });
      }
    },
  });
  await app.ready();
});
afterAll(() => app?.close());

describe.each(['zod', 'compiled'])('responses carry their schema and nothing else (%s serializer)', (serializer) => {
  it('drops properties the schema does not name, at every depth', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/v1/${serializer}/leaky` });
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toMatch(/secret|idNumberEnc|path|phoneHash/);
    expect(r.json()).toEqual({ id: 1, name: 'a', parent: { id: 2, name: 'p' }, items: [{ id: 3, name: 'i' }] });
    expect(r.body).toBe(JSON.stringify(Answer.parse(leaky)));
  });

  it('refuses to send a value of the wrong type or a missing field (500, nothing of the value)', async () => {
    for (const url of [`/api/v1/${serializer}/wrong`, `/api/v1/${serializer}/missing`]) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(500);
      expect(r.body).not.toContain('"one"');
    }
  });
});
