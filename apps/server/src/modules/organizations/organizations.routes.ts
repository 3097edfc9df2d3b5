import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ChildrenQuery,
  Coverage,
  CreateOrgInput,
  CursorQuery,
  DissolveOrgInput,
  EndOfficerInput,
  MergeOrgInput,
  MoveOrgInput,
  Officer,
  OfficerIdParams,
  OfficerInput,
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
  Space,
  SpaceIdParams,
  SpaceInput,
  SplitOrgInput,
  Term,
  TermIdParams,
  TermInput,
  TermTransitionInput,
  UpdateOrgInput,
} from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { OrganizationsModule } from './index.js';

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const tags = ['organizations 组织'];

export function registerOrganizationRoutes(app: FastifyInstance, auth: Authenticate, m: OrganizationsModule): void {
  const read = { permission: 'org.read' } as const;
  const write = { permission: 'org.write' } as const;
  const reorganize = { permission: 'org.reorganize' } as const;
  const officers = { permission: 'org.officers.write' } as const;

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

  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/:orgId/officers',
    summary: 'Officers and 执委',
    tags,
    access: read,
    params: OrgIdParams,
    response: items(Officer),
    handler: ({ actor, params }) => m.officers.listOfficers(actor, params.orgId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/organizations/:orgId/officers',
    summary: 'Appoint an officer',
    tags,
    access: officers,
    params: OrgIdParams,
    body: OfficerInput,
    status: 201,
    response: Officer,
    handler: ({ actor, params, body }) => m.officers.addOfficer(actor, params.orgId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/officers/:officerId/end',
    summary: 'End an appointment',
    tags,
    access: officers,
    params: OfficerIdParams,
    body: EndOfficerInput,
    response: Officer,
    handler: ({ actor, params, body }) => m.officers.endOfficer(actor, params.officerId, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/organizations/:orgId/terms',
    summary: 'Terms 届 and elections',
    tags,
    access: read,
    params: OrgIdParams,
    response: items(Term),
    handler: ({ actor, params }) => m.officers.listTerms(actor, params.orgId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/organizations/:orgId/terms',
    summary: 'Plan a term',
    tags,
    access: officers,
    params: OrgIdParams,
    body: TermInput,
    status: 201,
    response: Term,
    handler: ({ actor, params, body }) => m.officers.createTerm(actor, params.orgId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/terms/:termId/transition',
    summary: 'Move an election to its next state',
    tags,
    access: officers,
    params: TermIdParams,
    body: TermTransitionInput,
    response: Term,
    handler: ({ actor, params, body }) => m.officers.transitionTerm(actor, params.termId, body),
  });
}
