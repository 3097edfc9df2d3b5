// The organizations module's public surface: the four-level network with its history (rename, move, merge, split,
// dissolve), spaces, officers and 执委 terms, elections, coverage.
import { defineModule } from '../../platform/modules.js';
import * as orgRepository from './organizations.repository.js';
import * as reorganizationSteps from './organizations.reorganization-steps.service.js';
import { createOfficersService } from './organizations.officers.service.js';
import * as placesRepository from './organizations.places.repository.js';
import { createReorganizationService } from './organizations.reorganization.service.js';
import { registerOrganizationRoutes } from './organizations.routes.js';
import { createOrganizationsService } from './organizations.service.js';
import { createSpacesService } from './organizations.spaces.service.js';
import * as spacesRepository from './organizations.spaces.repository.js';
import { organizationIndicators, organizationStatSource } from './organizations.statistics.js';
import * as tables from './organizations.tables.js';

/** What other modules may ask of the network: an org in the caller's scope, its children, its district. */
export interface OrganizationsApi {
  findOrg: typeof orgRepository.findOrg;
  childrenOf: typeof orgRepository.childrenOf;
  /** Children as they were on a past date (the version history). */
  childrenAt: typeof orgRepository.childrenAt;
  districtOfPath: typeof orgRepository.districtOfPath;
  /** The path and type of an org if it lies within a path (the staff authenticator's acting-org check). */
  orgPathWithin: (orgId: number, withinPath: string) => Promise<{ path: string; type: string } | null>;
  /** An org's public facts by id, whoever asks (the residents' portal: her village, the place she chose). */
  findPublicOrg: typeof placesRepository.findPublicOrg;
  /** Districts, towns and villages a resident may choose from (names are public). */
  listPlaces: typeof placesRepository.listPlaces;
  /** A space (阵地) in the caller's scope, and the spaces of a subtree (activities are held at them). */
  findSpace: typeof spacesRepository.findSpace;
  spacesWithin: typeof spacesRepository.spacesWithin;
}
declare module '../../platform/modules.js' {
  interface ModuleApis {
    organizations: OrganizationsApi;
  }
}

export const organizationsModule = defineModule({
  name: 'organizations',
  tables,
  needs: [],
  statistics: [organizationStatSource],
  indicators: organizationIndicators,
  create(platform) {
    const services = {
      organizations: createOrganizationsService(platform),
      reorganizations: createReorganizationService(platform),
      spaces: createSpacesService(platform),
      officers: createOfficersService(platform),
    };
    return {
      api: {
        findOrg: orgRepository.findOrg,
        childrenOf: orgRepository.childrenOf,
        childrenAt: orgRepository.childrenAt,
        districtOfPath: orgRepository.districtOfPath,
        orgPathWithin: (orgId, withinPath) => orgRepository.orgPathWithin(platform.handle.db, orgId, withinPath),
        findPublicOrg: placesRepository.findPublicOrg,
        listPlaces: placesRepository.listPlaces,
        findSpace: spacesRepository.findSpace,
        spacesWithin: spacesRepository.spacesWithin,
      },
      routes: (api, http) => registerOrganizationRoutes(api, http.authenticate, services),
    };
  },
});
export type OrganizationsModule = {
  organizations: ReturnType<typeof createOrganizationsService>;
  reorganizations: ReturnType<typeof createReorganizationService>;
  spaces: ReturnType<typeof createSpacesService>;
  officers: ReturnType<typeof createOfficersService>;
};
export { orgPathWithin } from './organizations.repository.js';
export { federationName, pinyinKeys } from './organizations.names.policy.js';
/**
 * For the loaders outside the modules (provinces/, demo/, `jinguo init`): read the tree and change it by dated,
 * audited reorganization steps, as the system actor. Modules use the api instead.
 */
export const orgLoading = {
  findOrg: orgRepository.findOrg,
  findOrgByCode: orgRepository.findOrgByCode,
  childrenOf: orgRepository.childrenOf,
  ...reorganizationSteps,
};
/** The org directory other modules join (a read-only view over the tree; migration 0024). */
export { orgDirectory } from './organizations.tables.js';
export { importDivisions, readDivisionFile, type Division } from './organizations.divisions.service.js';
