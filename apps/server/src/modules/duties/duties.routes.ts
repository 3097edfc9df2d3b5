import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  type Permission,
  Checklist,
  ChecklistInput,
  ChecklistQuery,
  DutyKindInfo,
  DutyProject,
  DutyTable,
  DutyTableQuery,
  MyDuties,
  ProjectIdParams,
  ProjectInput,
  ProjectListQuery,
  ProjectPatch,
} from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { DutiesModule } from './index.js';

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const tags = ['duties 执委履职'];
const readOrOwn: { permissions: Permission[] } = { permissions: ['duty.read', 'duty.own'] };
const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export function registerDutyRoutes(app: FastifyInstance, auth: Authenticate, m: DutiesModule): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/duties/kinds',
    summary: 'The duty kinds the modules count (visits made, households contacted, demands handled …)',
    tags,
    access: readOrOwn,
    response: items(DutyKindInfo),
    handler: () => Promise.resolve(m.duties.kinds()),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/duties/checklist',
    summary: "The year's checklist in force at an org (its own or its nearest ancestor's); null when none",
    tags,
    access: readOrOwn,
    query: ChecklistQuery,
    response: Checklist.nullable(),
    handler: ({ actor, query }) => m.duties.checklist(actor, query),
  });
  defineRoute(app, auth, {
    method: 'PUT',
    url: '/duties/checklist',
    summary: "Configure an org's checklist for a year (七个一, 1+10+N)",
    tags,
    access: { permission: 'duty.manage' },
    body: ChecklistInput,
    response: Checklist,
    handler: ({ actor, body }) => m.duties.saveChecklist(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/duties/table',
    summary: "Each 执委 of the subtree against the year's checklist: who is behind",
    tags,
    access: { permission: 'duty.read' },
    query: DutyTableQuery,
    response: DutyTable,
    handler: ({ actor, query }) => m.duties.table(actor, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/duties/me',
    summary: "The caller's own progress and the projects she leads",
    tags,
    access: { permission: 'duty.own' },
    query: YearQuery,
    response: MyDuties,
    handler: ({ actor, query }) => m.mine(actor, query.year),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/duties/projects',
    summary: '执委领办项目 of the subtree (a 执委: hers)',
    tags,
    access: readOrOwn,
    query: ProjectListQuery,
    response: items(DutyProject),
    handler: ({ actor, query }) => m.projects.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/duties/projects',
    summary: 'Record a project a 执委 leads',
    tags,
    access: { permissions: ['duty.manage', 'duty.own'] },
    body: ProjectInput,
    status: 201,
    response: DutyProject,
    handler: ({ actor, body }) => m.projects.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/duties/projects/:projectId',
    summary: 'Update the people served, or complete the project',
    tags,
    access: { permissions: ['duty.manage', 'duty.own'] },
    params: ProjectIdParams,
    body: ProjectPatch,
    response: DutyProject,
    handler: ({ actor, params, body }) => m.projects.update(actor, params.projectId, body),
  });
}
