import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AttendanceInput,
  CallUp,
  CallUpAnswer,
  CallUpIdParams,
  CallUpInput,
  CallUpListItem,
  CallUpListQuery,
  HoursEntry,
  HoursInput,
  HoursListQuery,
  pageOf,
  Team,
  TeamIdParams,
  TeamInput,
  TeamListQuery,
  TeamPatch,
  Volunteer,
  VolunteerFigures,
  VolunteerFiguresQuery,
  VolunteerIdParams,
  VolunteerInput,
  VolunteerListQuery,
  VolunteerOrder,
  VolunteerPatch,
} from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { VolunteersModule } from './index.js';

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const tags = ['volunteers 志愿服务'];
const read = { permission: 'volunteer.read' } as const;
const write = { permission: 'volunteer.write' } as const;

export function registerVolunteerRoutes(app: FastifyInstance, auth: Authenticate, m: VolunteersModule): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/volunteers/teams',
    summary: '巾帼志愿服务队 and 巾帼宣讲队 of the subtree',
    tags,
    access: read,
    query: TeamListQuery,
    response: items(Team),
    handler: ({ actor, query }) => m.volunteers.listTeams(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/volunteers/teams',
    summary: 'Found a team (volunteer service or talks) at an org',
    tags,
    access: write,
    body: TeamInput,
    status: 201,
    response: Team,
    handler: ({ actor, body }) => m.volunteers.createTeam(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/volunteers/teams/:teamId',
    summary: 'A team with its member count and hours this year',
    tags,
    access: read,
    params: TeamIdParams,
    response: Team,
    handler: ({ actor, params }) => m.volunteers.getTeam(actor, params.teamId),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/volunteers/teams/:teamId',
    summary: 'Rename, describe or dissolve a team',
    tags,
    access: write,
    params: TeamIdParams,
    body: TeamPatch,
    response: Team,
    handler: ({ actor, params, body }) => m.volunteers.updateTeam(actor, params.teamId, body),
  });

  defineRoute(app, auth, {
    method: 'GET',
    url: '/volunteers',
    summary: 'Volunteers of the subtree, by team, skill, availability or name',
    tags,
    access: read,
    query: VolunteerListQuery,
    response: pageOf(Volunteer),
    handler: ({ actor, query }) => m.volunteers.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/volunteers',
    summary: 'Register a registry person as a volunteer (with her volunteer account, skills, teams)',
    tags,
    access: write,
    body: VolunteerInput,
    status: 201,
    response: Volunteer,
    handler: ({ actor, body }) => m.volunteers.register(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/volunteers/:volunteerId',
    summary: 'A volunteer with her teams and hours',
    tags,
    access: read,
    params: VolunteerIdParams,
    response: Volunteer,
    handler: ({ actor, params }) => m.volunteers.get(actor, params.volunteerId),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/volunteers/:volunteerId',
    summary: 'Change her account, skills, availability, teams or status',
    tags,
    access: write,
    params: VolunteerIdParams,
    body: VolunteerPatch,
    response: Volunteer,
    handler: ({ actor, params, body }) => m.volunteers.update(actor, params.volunteerId, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/volunteers/:volunteerId/orders',
    summary: 'Service orders dispatched to her account and answered, with the hours recorded on each',
    tags,
    access: read,
    params: VolunteerIdParams,
    response: items(VolunteerOrder),
    handler: ({ actor, params }) => m.hours.orders(actor, params.volunteerId),
  });

  defineRoute(app, auth, {
    method: 'GET',
    url: '/volunteers/hours',
    summary: 'The hours ledger of the subtree',
    tags,
    access: read,
    query: HoursListQuery,
    response: pageOf(HoursEntry),
    handler: ({ actor, query }) => m.hours.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/volunteers/hours',
    summary: 'Record hours served (on a service order, or by hand)',
    tags,
    access: write,
    body: HoursInput,
    status: 201,
    response: HoursEntry,
    handler: ({ actor, body }) => m.hours.record(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/volunteers/figures',
    summary: 'Teams, volunteers and hours of an org or each child over a period (live counters)',
    tags,
    access: read,
    query: VolunteerFiguresQuery,
    response: VolunteerFigures,
    handler: ({ actor, query }) => m.figures.read(actor, query),
  });

  defineRoute(app, auth, {
    method: 'GET',
    url: '/call-ups',
    summary: 'Call-ups (动员/下沉) of the subtree, or those the caller is asked to',
    tags,
    access: { permissions: ['volunteer.read', 'callup.respond'] },
    query: CallUpListQuery,
    response: items(CallUpListItem),
    handler: ({ actor, query }) => m.callUps.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/call-ups',
    summary: 'Ask volunteers, 执委 and group leaders for N people at a place and time',
    tags,
    access: write,
    body: CallUpInput,
    status: 201,
    response: CallUp,
    handler: ({ actor, body }) => m.callUps.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/call-ups/:callUpId',
    summary: 'A call-up with its answers (the invitees for its org)',
    tags,
    access: { permissions: ['volunteer.read', 'callup.respond'] },
    params: CallUpIdParams,
    response: CallUp,
    handler: ({ actor, params }) => m.callUps.get(actor, params.callUpId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/call-ups/:callUpId/answer',
    summary: 'Accept or decline (oneself, or the org for an invitee it reached)',
    tags,
    access: { permissions: ['volunteer.write', 'callup.respond'] },
    params: CallUpIdParams,
    body: CallUpAnswer,
    response: CallUp,
    handler: ({ actor, params, body }) => m.callUps.answer(actor, params.callUpId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/call-ups/:callUpId/attendance',
    summary: 'Record who came and for how long; closes the call-up and books the hours',
    tags,
    access: write,
    params: CallUpIdParams,
    body: AttendanceInput,
    response: CallUp,
    handler: ({ actor, params, body }) => m.callUps.recordAttendance(actor, params.callUpId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/call-ups/:callUpId/cancel',
    summary: 'Cancel an open call-up (those who accepted are told)',
    tags,
    access: write,
    params: CallUpIdParams,
    response: CallUp,
    handler: ({ actor, params }) => m.callUps.cancel(actor, params.callUpId),
  });
}
