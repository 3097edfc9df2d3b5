// The residents' portal (/h5) on the server, in one home: residents' accounts and sign-in by SMS code, their
// sessions, and every /portal route — her catalogue, orders (点单), help requests, following and rating, served
// through the demands module's functions for residents. Staff read and link resident accounts here too.
import { defineModule } from '../../platform/modules.js';
import type { Scoped } from '../../platform/scope.js';
import * as repo from './portal.repository.js';
import { registerPortalDemandRoutes } from './portal.demands.routes.js';
import { createResidentsService } from './portal.residents.service.js';
import { createResidentAuthenticator, registerResidentRoutes } from './portal.routes.js';
import * as tables from './portal.tables.js';

// The portal's resident sign-in reaches every module's portal routes through the HTTP services
// (`http.residentAuthenticate`); what a module may ask about the signed-in resident is here.
export interface PortalApi {
  /** The resident's phone (clear), nickname and linked registry person, inside a portal transaction (her own row). */
  residentContact: (
    s: Scoped,
    residentId: number,
  ) => Promise<{ phone: string; nickname: string | null; personId: number | null; villageId: number | null } | null>;
}
declare module '../../platform/modules.js' {
  interface ModuleApis {
    portal: PortalApi;
  }
}

export const portalModule = defineModule({
  name: 'portal',
  tables,
  needs: ['people', 'demands', 'organizations'],
  personLinks: [{ table: 'residents', column: 'person_id' }],
  create(platform, { organizations, people, demands }) {
    const residents = createResidentsService({
      ...platform,
      organizations,
      findPerson: people.findPerson,
      onLinked: demands.attachPersonToRequests,
      isRequesterIn: demands.isRequesterIn,
    });
    const requests = demands.forResidents(residents);
    const residentAuthenticate = createResidentAuthenticator(residents);
    return {
      api: {
        residentContact: async (s, residentId) => {
          const r = await repo.findResident(s.tx, residentId);
          return r
            ? {
                phone: platform.crypto.decrypt(r.phoneEnc),
                nickname: r.nickname,
                personId: r.personId,
                villageId: r.orgId,
              }
            : null;
        },
      },
      residentAuthenticate,
      // the SMS outbox reaches a resident at her phone
      contacts: [{ recipientKind: 'resident', channel: 'sms', resolve: residents.phoneForSms }],
      routes: (api, http) => {
        registerResidentRoutes(api, http.authenticate, residentAuthenticate, residents, {
          handle: platform.handle,
          cookieSecure: http.cookieSecure,
        });
        registerPortalDemandRoutes(api, residentAuthenticate, requests);
      },
    };
  },
});
export { RESIDENT_COOKIE } from './portal.residents.service.js';
