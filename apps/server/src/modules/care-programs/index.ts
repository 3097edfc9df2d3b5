// The care programs module's public surface (关爱项目, PRODUCT §2.6): program definitions whose rules are data,
// applications reviewed up the levels and paid, 母亲邮包 parcels with 回音卡, 节日慰问 lists, 爱心妈妈 pairings and
// 微心愿; the residents' side on /h5.
import { defineModule } from '../../platform/modules.js';
import { careJobs, createWishClaimsJob, type WishClaimsReport } from './care-programs.jobs.js';
import { CARE_NOTIFICATION_KINDS } from './care-programs.notices.service.js';
import { registerKindnessRoutes, registerWishPortalRoutes } from './care-programs.kindness.routes.js';
import * as kindnessTables from './care-programs.kindness.tables.js';
import { registerParcelRoutes } from './care-programs.parcels.routes.js';
import { registerCarePortalRoutes } from './care-programs.portal.routes.js';
import { createResidentWishes } from './care-programs.resident-wishes.service.js';
import { createResidentCare } from './care-programs.residents.service.js';
import { registerCareRoutes } from './care-programs.routes.js';
import { createCareServices } from './care-programs.service.js';
import { careIndicators, careStatSource, kindnessStatSource } from './care-programs.statistics.js';
import * as tables from './care-programs.tables.js';
import { careTimelineSource } from './care-programs.timeline.js';

/** What care programs offer: one pass of the 微心愿 claims job now (it runs every hour), for tests and operators. */
export interface CareProgramsApi {
  wishClaimsNow: () => Promise<WishClaimsReport>;
}
declare module '../../platform/modules.js' {
  interface ModuleApis {
    'care-programs': CareProgramsApi;
  }
}

export const careProgramsModule = defineModule({
  name: 'care-programs',
  tables: { ...tables, ...kindnessTables },
  needs: ['people', 'portal'],
  timeline: careTimelineSource,
  // A merge of duplicate persons moves her applications, benefits, parcels and greetings to the record kept.
  personLinks: [
    { table: 'care_applications', column: 'person_id' },
    { table: 'care_disbursements', column: 'person_id' },
    { table: 'care_parcel_deliveries', column: 'person_id' },
    { table: 'care_greeting_entries', column: 'person_id' },
    { table: 'care_pairings', column: 'child_person_id' },
    { table: 'care_wishes', column: 'person_id' },
  ],
  statistics: [careStatSource, kindnessStatSource],
  indicators: careIndicators,
  notificationKinds: CARE_NOTIFICATION_KINDS,
  create(platform, { people, portal }) {
    const services = createCareServices({ ...platform, people });
    const residents = createResidentCare({ ...platform, people }, services.applications, portal);
    const residentWishes = createResidentWishes(platform, portal);
    const wishClaims = createWishClaimsJob(platform);
    return {
      api: { wishClaimsNow: wishClaims.pass },
      routes: (api, http) => {
        registerCareRoutes(api, http.authenticate, services);
        registerParcelRoutes(api, http.authenticate, services);
        registerCarePortalRoutes(api, http.residentAuthenticate, residents);
        registerKindnessRoutes(api, http.authenticate, services);
        registerWishPortalRoutes(api, http.residentAuthenticate, residentWishes);
      },
      jobs: careJobs(wishClaims),
    };
  },
});
export { createCareServices, type CareServices } from './care-programs.service.js';
export { CARE_METRICS } from './care-programs.statistics.js';
export { WISH_CLAIMS_QUEUE, type WishClaimsReport } from './care-programs.jobs.js';
