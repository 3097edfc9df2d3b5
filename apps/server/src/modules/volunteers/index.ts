// The volunteers module's public surface: 巾帼志愿服务队 and 巾帼宣讲队 with their members, volunteers (registry
// persons, with a volunteer account when they have one), skills and availability, the hours ledger (service orders,
// call-ups, activities, by hand), call-ups (动员/下沉) and the live figures.
import { defineModule } from '../../platform/modules.js';
import type { Scoped } from '../../platform/scope.js';
import { callUpDutyCounter } from './volunteers.callups.repository.js';
import { createCallUps } from './volunteers.callups.service.js';
import { addHours, createHoursService, type HoursDeps } from './volunteers.hours.service.js';
import * as repo from './volunteers.repository.js';
import { registerVolunteerRoutes } from './volunteers.routes.js';
import { createVolunteersService, requireOrg } from './volunteers.service.js';
import { createVolunteerFigures, volunteerIndicators, volunteerStatSource } from './volunteers.statistics.js';
import * as tables from './volunteers.tables.js';

/** A service a volunteer gave at another module's record (an activity she served at), for her hours. */
export interface ServiceHours {
  /** The registry person who served; nothing is booked when she is not a volunteer in the caller's subtree. */
  personId: number;
  /** The org the service counts for (the activity's org), in the caller's subtree. */
  orgId: number;
  servedOn: string;
  minutes: number;
  /** The record it came from (the activity's attendance row): a record counts once per volunteer. */
  sourceId: number;
  note: string;
}

/**
 * What other modules may ask of volunteers. The activities module books the hours of volunteers who served at an
 * activity through `recordActivityHours`, in its own transaction (the figures move with it): it returns the ledger
 * row's id, or null when the person is not a volunteer or the record was already booked.
 */
export interface VolunteersApi {
  recordActivityHours: (s: Scoped, by: string, e: ServiceHours) => Promise<number | null>;
}
declare module '../../platform/modules.js' {
  interface ModuleApis {
    volunteers: VolunteersApi;
  }
}

export function createVolunteersServices(deps: HoursDeps) {
  const volunteers = createVolunteersService(deps);
  return {
    volunteers,
    hours: createHoursService(deps, volunteers),
    callUps: createCallUps(deps),
    figures: createVolunteerFigures(deps),
  };
}
export type VolunteersModule = ReturnType<typeof createVolunteersServices>;

export const volunteersModule = defineModule({
  name: 'volunteers',
  tables,
  needs: ['people', 'demands'],
  statistics: [volunteerStatSource],
  indicators: volunteerIndicators,
  // The 执委 checklist counts the call-ups each came to.
  duties: callUpDutyCounter,
  notificationKinds: ['volunteer.call_up', 'volunteer.call_up_cancelled'],
  create(platform, { people, demands }) {
    const services = createVolunteersServices({ ...platform, people, orders: demands.orders });
    return {
      api: {
        recordActivityHours: async (s, by, e) => {
          const v = await repo.volunteerOfPerson(s, e.personId);
          if (!v || v.status !== 'active') return null;
          const org = await requireOrg(s, e.orgId);
          const row = await addHours(s, by, {
            volunteer: v,
            org,
            servedOn: e.servedOn,
            minutes: e.minutes,
            source: 'activity',
            sourceId: e.sourceId,
            note: e.note,
          });
          return row?.id ?? null;
        },
      },
      routes: (api, http) => registerVolunteerRoutes(api, http.authenticate, services),
    };
  },
});
export { VOLUNTEER_METRICS } from './volunteers.statistics.js';
/**
 * The registry person behind each staff account that is a volunteer's account, read in the caller's transaction: the
 * activities module's duty counter credits a talk to the 执委 whose person spoke at it.
 */
export { personsOfUsers } from './volunteers.repository.js';
