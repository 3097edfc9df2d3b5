import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Family, FamilyHonourInput, FamilyIdParams, FamilyInput, FamilyMemberInput } from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { FamiliesService } from './people.families.service.js';

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const tags = ['people 人员与家庭'];
const read = { permission: 'person.read' } as const;
const write = { permission: 'person.write' } as const;

/** 家庭: households, their members and honours (registered by registerPeopleRoutes, after the person routes). */
export function registerFamiliesRoutes(app: FastifyInstance, auth: Authenticate, families: FamiliesService): void {
  defineRoute(app, auth, {
    method: 'POST',
    url: '/families',
    summary: 'Register a household',
    tags,
    access: write,
    body: FamilyInput,
    status: 201,
    response: Family,
    handler: ({ actor, body }) => families.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/families',
    summary: 'Households of an org subtree',
    tags,
    access: read,
    query: z.object({ orgId: z.coerce.number().int().positive() }),
    response: items(Family),
    handler: ({ actor, query }) => families.list(actor, query.orgId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/families/:familyId',
    summary: 'A household',
    tags,
    access: read,
    params: FamilyIdParams,
    response: Family,
    handler: ({ actor, params }) => families.get(actor, params.familyId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/families/:familyId/members',
    summary: 'Add a member',
    tags,
    access: write,
    params: FamilyIdParams,
    body: FamilyMemberInput,
    response: Family,
    handler: ({ actor, params, body }) => families.addMember(actor, params.familyId, body),
  });
  defineRoute(app, auth, {
    method: 'DELETE',
    url: '/families/:familyId/members/:personId',
    summary: 'A member leaves (kept in history)',
    tags,
    access: write,
    params: z.object({ familyId: z.coerce.number().int().positive(), personId: z.coerce.number().int().positive() }),
    response: Family,
    handler: ({ actor, params }) => families.endMember(actor, params.familyId, params.personId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/families/:familyId/honours',
    summary: 'Record a family honour',
    tags,
    access: write,
    params: FamilyIdParams,
    body: FamilyHonourInput,
    response: Family,
    handler: ({ actor, params, body }) => families.addHonour(actor, params.familyId, body),
  });
}
