import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CatalogueQuery,
  Demand,
  DemandCategory,
  DemandCategoryInput,
  DemandCategoryParams,
  DemandCategoryPatch,
  DemandIdParams,
  DemandIndicators,
  DemandIndicatorsQuery,
  DemandInput,
  DemandListItem,
  DemandListQuery,
  DemandTransitionInput,
  HandOverInput,
  pageOf,
  ServiceItem,
  ServiceItemIdParams,
  ServiceItemInput,
  SuggestionItem,
  SuggestionQuery,
  SupervisionInput,
  UpdateServiceItemInput,
} from '@jinguo/contracts';
import type { Permission } from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { DemandsModule } from './index.js';

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const tags = ['demands 诉求与点单'];
const read: { permissions: Permission[] } = { permissions: ['demand.read', 'demand.handle'] };
const write = { permission: 'demand.write' } as const;

export function registerDemandRoutes(app: FastifyInstance, auth: Authenticate, m: DemandsModule): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/demands',
    summary: "A work queue: the org's open demands, those escalated to it (督办), mine, or the whole subtree",
    tags,
    access: read,
    query: DemandListQuery,
    response: pageOf(DemandListItem),
    handler: ({ actor, query }) => m.demands.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/demands',
    summary: 'Register a demand (hotline call sheet, walk-in, grid report, …)',
    tags,
    access: write,
    body: DemandInput,
    status: 201,
    response: Demand,
    handler: ({ actor, body }) => m.demands.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/demands/categories',
    summary: 'The category dictionary with deadline overrides',
    tags,
    access: { permissions: ['demand.read', 'demand.handle', 'catalogue.write', 'visit.record'] },
    response: items(DemandCategory),
    handler: ({ actor }) => m.demands.categories(actor),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/demands/categories',
    summary: 'Add a category',
    tags,
    access: { permission: 'catalogue.write' },
    body: DemandCategoryInput,
    status: 201,
    response: DemandCategory,
    handler: ({ actor, body }) => m.demands.createCategory(actor, body),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/demands/categories/:code',
    summary: 'Mark a category round-the-clock (emergencies endangering life or property), or back to office hours',
    tags,
    access: { permission: 'catalogue.write' },
    params: DemandCategoryParams,
    body: DemandCategoryPatch,
    response: DemandCategory,
    handler: ({ actor, params, body }) => m.demands.updateCategory(actor, params.code, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/demands/indicators',
    summary: '及时签收率, 按时办结率, 回访满意率 of an org or its children (live counters)',
    tags,
    access: { permission: 'demand.read' },
    query: DemandIndicatorsQuery,
    response: DemandIndicators,
    handler: ({ actor, query }) => m.indicators.read(actor, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/demands/suggestions',
    summary: '建议 collected for deputies and CPPCC members',
    tags,
    access: { permission: 'demand.read' },
    query: SuggestionQuery,
    response: items(SuggestionItem),
    handler: ({ actor, query }) => m.demands.suggestions(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/demands/suggestions/hand-over',
    summary: 'Record that suggestions were handed to deputies',
    tags,
    access: write,
    body: HandOverInput,
    response: z.object({ handed: z.number().int() }),
    handler: ({ actor, body }) => m.demands.handOver(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/demands/handlers',
    summary: 'Cadres and volunteers a demand of the org can be dispatched to',
    tags,
    access: write,
    query: z.object({ orgId: z.coerce.number().int().positive() }),
    response: items(z.object({ id: z.number().int(), displayName: z.string(), roles: z.array(z.string()) })),
    handler: ({ actor, query }) => m.demands.handlers(actor, query.orgId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/demands/:demandId',
    summary: 'A demand with its history and the actions the caller may take',
    tags,
    access: read,
    params: DemandIdParams,
    response: Demand,
    handler: ({ actor, params }) => m.demands.get(actor, params.demandId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/demands/:demandId/transitions',
    summary: 'Move the demand along its route (签收, 派单, 接单, 转办, 建议, 答复, 评价, 重办, 撤销)',
    tags,
    access: { permissions: ['demand.write', 'demand.handle'] },
    params: DemandIdParams,
    body: DemandTransitionInput,
    response: Demand,
    handler: ({ actor, params, body }) => m.demands.transition(actor, params.demandId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/demands/:demandId/supervision',
    summary: '督办: comment, urge or reassign an escalated demand',
    tags,
    access: write,
    params: DemandIdParams,
    body: SupervisionInput,
    response: Demand,
    handler: ({ actor, params, body }) => m.demands.supervise(actor, params.demandId, body),
  });

  const ctags = ['catalogue 服务清单'];
  defineRoute(app, auth, {
    method: 'GET',
    url: '/catalogue',
    summary: 'The service catalogue of an org',
    tags: ctags,
    access: { permissions: ['demand.read', 'catalogue.write'] },
    query: CatalogueQuery,
    response: items(ServiceItem),
    handler: ({ actor, query }) => m.catalogue.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/catalogue',
    summary: 'Offer a service',
    tags: ctags,
    access: { permission: 'catalogue.write' },
    body: ServiceItemInput,
    status: 201,
    response: ServiceItem,
    handler: ({ actor, body }) => m.catalogue.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/catalogue/:itemId',
    summary: 'One service',
    tags: ctags,
    access: { permissions: ['demand.read', 'catalogue.write'] },
    params: ServiceItemIdParams,
    response: ServiceItem,
    handler: ({ actor, params }) => m.catalogue.get(actor, params.itemId),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/catalogue/:itemId',
    summary: 'Edit or withdraw a service',
    tags: ctags,
    access: { permission: 'catalogue.write' },
    params: ServiceItemIdParams,
    body: UpdateServiceItemInput,
    response: ServiceItem,
    handler: ({ actor, params, body }) => m.catalogue.update(actor, params.itemId, body),
  });
}
