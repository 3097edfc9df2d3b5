// The activities module's public surface: talks, trainings, lectures, job fairs, contests, volunteer services and
// children's programmes; registration and QR check-in on /h5; attendance linked to registry persons; the training
// record of cadres and 执委 (领头雁); spaces' activity figures; live counters; attendance Excel.
import type { ActivityKind } from '@jinguo/contracts';
import { defineModule } from '../../platform/modules.js';
import type { Scoped } from '../../platform/scope.js';
import { createAttendanceExcel } from './activities.attendance.service.js';
import { registerAttendanceRoutes } from './activities.attendance.routes.js';
import { createCheckIns } from './activities.checkin.service.js';
import { createPortalCheckIns } from './activities.portal.service.js';
import { registerActivityPortalRoutes } from './activities.portal.routes.js';
import * as repo from './activities.repository.js';
import { registerActivityRoutes } from './activities.routes.js';
import { createActivitiesService, type ActivitiesDeps } from './activities.service.js';
import { activityDutyCounter } from './activities.duties.repository.js';
import { activityIndicators } from './activities.indicators.statistics.js';
import { activityStatSource, createActivityFigures } from './activities.statistics.js';
import * as tables from './activities.tables.js';
import { activityTimelineSource } from './activities.timeline.js';
import { createTrainings, trainingsOf } from './activities.trainings.service.js';

/** One activity a person took part in, with what it earned her (hours or credits of a training). */
export interface PersonAttendance {
  activityId: number;
  kind: ActivityKind;
  title: string;
  startsOn: string;
  orgId: number;
  hours: number | null;
  credits: number | null;
}
/** One activity a person led or spoke at (宣讲员, trainer). */
export interface PersonActivity {
  activityId: number;
  kind: ActivityKind;
  title: string;
  startsOn: string;
  status: string;
  orgId: number;
}

/**
 * What other modules may ask of activities (the volunteers and 执委 duties modules count from them), inside the
 * caller's transaction and scope, for a period of China dates (inclusive, both optional):
 * - `attendanceOfPerson`: the activities she checked in at (held ones), with hours/credits;
 * - `activitiesLedBy`: the activities where she is a registered speaker, in any state but cancelled;
 * - `trainingsOf`: her whole training record (training activities attended and external trainings).
 */
export interface ActivitiesApi {
  attendanceOfPerson: (s: Scoped, personId: number, from?: string, to?: string) => Promise<PersonAttendance[]>;
  activitiesLedBy: (s: Scoped, personId: number, from?: string, to?: string) => Promise<PersonActivity[]>;
  trainingsOf: typeof trainingsOf;
}
declare module '../../platform/modules.js' {
  interface ModuleApis {
    activities: ActivitiesApi;
  }
}

export function createActivitiesServices(deps: ActivitiesDeps) {
  const checkIns = createCheckIns(deps);
  return {
    activities: createActivitiesService(deps),
    checkIns,
    portal: createPortalCheckIns(deps, checkIns),
    excel: createAttendanceExcel(deps),
    trainings: createTrainings(deps),
    figures: createActivityFigures(deps),
  };
}
export type ActivitiesModule = ReturnType<typeof createActivitiesServices>;

export const activitiesModule = defineModule({
  name: 'activities',
  tables,
  needs: ['organizations', 'people', 'portal', 'volunteers'],
  timeline: activityTimelineSource,
  // A merge of duplicate persons moves her attendance, registrations and trainings to the record kept.
  personLinks: [
    { table: 'activity_attendance', column: 'person_id' },
    { table: 'activity_registrations', column: 'person_id' },
    { table: 'training_records', column: 'person_id' },
  ],
  statistics: [activityStatSource],
  indicators: activityIndicators,
  // The 执委 checklist counts the talks she gave and the trainings she attended.
  duties: activityDutyCounter,
  create(platform, { organizations, people, portal, volunteers }) {
    const services = createActivitiesServices({
      ...platform,
      now: () => new Date(),
      organizations,
      people,
      portal,
      volunteers,
    });
    return {
      api: {
        attendanceOfPerson: async (s, personId, from, to) =>
          (await repo.attendanceOfPerson(s, personId, from, to)).map(({ a }) => ({
            activityId: a.id,
            kind: a.kind as ActivityKind,
            title: a.title,
            startsOn: a.startsOn,
            orgId: a.orgId,
            hours: a.hours,
            credits: a.credits,
          })),
        activitiesLedBy: async (s, personId, from, to) =>
          (await repo.activitiesSpokenBy(s, personId, from, to))
            .filter((a) => a.status !== 'cancelled')
            .map((a) => ({
              activityId: a.id,
              kind: a.kind as ActivityKind,
              title: a.title,
              startsOn: a.startsOn,
              status: a.status,
              orgId: a.orgId,
            })),
        trainingsOf,
      },
      routes: (api, http) => {
        registerActivityRoutes(api, http.authenticate, services);
        registerAttendanceRoutes(api, http.authenticate, services);
        registerActivityPortalRoutes(api, http.residentAuthenticate, services);
      },
    };
  },
});
export { ACTIVITY_METRICS } from '@jinguo/contracts';
/** For the demo loader: plan, move and check in inside the loader's transaction. */
export type { Attendee } from './activities.checkin.service.js';
