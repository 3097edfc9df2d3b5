import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OrgIdParams, Space, SpaceIdParams, SpaceInput } from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { OrganizationsModule } from './index.js';

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const tags = ['organizations 组织'];

/** Spaces (阵地) of an organization. */
export function registerSpaceRoutes(app: FastifyInstance, auth: Authenticate, m: OrganizationsModule): void {
  const read = { permission: 'org.read' } as const;
  const write = { permission: 'org.write' } as const;

  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/:orgId/spaces',
    summary: 'Spaces 阵地',
    tags,
    access: read,
    params: OrgIdParams,
    response: items(Space),
    handler: ({ actor, params }) => m.spaces.list(actor, params.orgId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/organizations/:orgId/spaces',
    summary: 'Add a space',
    tags,
    access: write,
    params: OrgIdParams,
    body: SpaceInput,
    status: 201,
    response: Space,
    handler: ({ actor, params, body }) => m.spaces.create(actor, params.orgId, body),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/spaces/:spaceId',
    summary: 'Edit a space',
    tags,
    access: write,
    params: SpaceIdParams,
    body: SpaceInput.partial(),
    response: Space,
    handler: ({ actor, params, body }) => m.spaces.update(actor, params.spaceId, body),
  });
  defineRoute(app, auth, {
    method: 'DELETE',
    url: '/spaces/:spaceId',
    summary: 'Remove a space',
    tags,
    access: write,
    params: SpaceIdParams,
    status: 204,
    response: z.null(),
    handler: ({ actor, params }) => m.spaces.remove(actor, params.spaceId),
  });
}
