import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ChildrenQuery,
  Coverage,
  CreateOrgInput,
  CursorQuery,
  DissolveOrgInput,
  MergeOrgInput,
  MoveOrgInput,
  OrgDetail,
  OrgHistory,
  OrgIdParams,
  OrgNode,
  OrgSearchHit,
  OrgSummary,
  pageOf,
  RenameOrgInput,
  Reorganization,
  SearchOrgsQuery,
  SplitOrgInput,
  UpdateOrgInput,
} from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { OrganizationsModule } from './index.js';
import { registerOfficerRoutes } from './organizations.officers.routes.js';
import { registerSpaceRoutes } from './organizations.spaces.routes.js';

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const tags = ['organizations 组织'];

export function registerOrganizationRoutes(app: FastifyInstance, auth: Authenticate, m: OrganizationsModule): void {
  const read = { permission: 'org.read' } as const;
  const write = { permission: 'org.write' } as const;
  const reorganize = { permission: 'org.reorganize' } as const;

  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/roots',
    summary: 'The acting org as tree root, with its ancestors',
    tags,
    access: read,
    response: z.object({ items: z.array(OrgNode), ancestors: z.array(OrgSummary) }),
    handler: ({ actor }) => m.organizations.treeRoots(actor),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/search',
    summary: 'Search by name, code, pinyin or initials',
    tags,
    access: read,
    query: SearchOrgsQuery,
    response: items(OrgSearchHit),
    handler: ({ actor, query }) => m.organizations.search(actor, query.q, query.limit),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/reorganizations',
    summary: 'Recorded reorganizations in scope',
    tags,
    access: read,
    query: CursorQuery,
    response: pageOf(Reorganization),
    handler: ({ actor, query }) => m.reorganizations.list(actor, query.cursor, query.limit),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/:orgId',
    summary: 'Organization detail',
    tags,
    access: read,
    params: OrgIdParams,
    response: OrgDetail,
    serializer: 'compiled',
    handler: ({ actor, params }) => m.organizations.detail(actor, params.orgId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/:orgId/children',
    summary: 'Children, now or on a past date (?at=)',
    tags,
    access: read,
    params: OrgIdParams,
    query: ChildrenQuery,
    response: items(OrgNode),
    serializer: 'compiled',
    handler: ({ actor, params, query }) => m.organizations.children(actor, params.orgId, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/:orgId/ancestors',
    summary: 'Ancestors from the acting root down',
    tags,
    access: read,
    params: OrgIdParams,
    response: items(OrgSummary),
    handler: ({ actor, params }) => m.organizations.ancestors(actor, params.orgId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/:orgId/coverage',
    summary: 'Coverage figures of the subtree',
    tags,
    access: read,
    params: OrgIdParams,
    response: Coverage,
    handler: ({ actor, params }) => m.organizations.coverage(actor, params.orgId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/:orgId/history',
    summary: 'Versions and reorganizations',
    tags,
    access: read,
    params: OrgIdParams,
    response: OrgHistory,
    handler: ({ actor, params }) => m.reorganizations.history(actor, params.orgId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/organizations',
    summary: 'Create an organization',
    tags,
    access: write,
    body: CreateOrgInput,
    status: 201,
    response: OrgDetail,
    handler: ({ actor, body }) => m.organizations.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/organizations/:orgId',
    summary: 'Edit contact details',
    tags,
    access: write,
    params: OrgIdParams,
    body: UpdateOrgInput,
    response: OrgDetail,
    handler: ({ actor, params, body }) => m.organizations.update(actor, params.orgId, body),
  });

  defineRoute(app, auth, {
    method: 'POST',
    url: '/organizations/:orgId/rename',
    summary: 'Rename with an effective date',
    tags,
    access: reorganize,
    params: OrgIdParams,
    body: RenameOrgInput,
    response: OrgDetail,
    handler: ({ actor, params, body }) => m.reorganizations.rename(actor, params.orgId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/organizations/:orgId/move',
    summary: 'Move under another parent',
    tags,
    access: reorganize,
    params: OrgIdParams,
    body: MoveOrgInput,
    response: OrgDetail,
    handler: ({ actor, params, body }) => m.reorganizations.move(actor, params.orgId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/organizations/:orgId/merge',
    summary: 'Merge into another organization',
    tags,
    access: reorganize,
    params: OrgIdParams,
    body: MergeOrgInput,
    response: OrgDetail,
    handler: ({ actor, params, body }) => m.reorganizations.merge(actor, params.orgId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/organizations/:orgId/split',
    summary: 'Split into new organizations',
    tags,
    access: reorganize,
    params: OrgIdParams,
    body: SplitOrgInput,
    response: items(OrgDetail),
    handler: ({ actor, params, body }) => m.reorganizations.split(actor, params.orgId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/organizations/:orgId/dissolve',
    summary: 'Dissolve',
    tags,
    access: reorganize,
    params: OrgIdParams,
    body: DissolveOrgInput,
    response: OrgDetail,
    handler: ({ actor, params, body }) => m.reorganizations.dissolve(actor, params.orgId, body),
  });

  registerSpaceRoutes(app, auth, m);
  registerOfficerRoutes(app, auth, m);
}
