// The organizations module's public surface.
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { createOfficersService } from './organizations.officers.service.js';
import { createReorganizationService } from './organizations.reorganization.service.js';
import { createOrganizationsService } from './organizations.service.js';
import { createSpacesService } from './organizations.spaces.service.js';

export function createOrganizationsModule(deps: { handle: DbHandle; crypto: FieldCrypto; today: () => string }) {
  return {
    organizations: createOrganizationsService(deps),
    reorganizations: createReorganizationService(deps),
    spaces: createSpacesService(deps),
    officers: createOfficersService(deps),
  };
}
export type OrganizationsModule = ReturnType<typeof createOrganizationsModule>;
export { registerOrganizationRoutes } from './organizations.routes.js';
export { orgPathWithin } from './organizations.repository.js';
export { federationName, pinyinKeys } from './organizations.names.policy.js';
export * as orgReorganization from './organizations.reorganization-steps.service.js';
export * as orgRepository from './organizations.repository.js';
export { importDivisions, readDivisionFile, type Division } from './organizations.divisions.service.js';
export {
  CHONGQING,
  DIVISIONS_AS_OF,
  FUNCTIONAL_ZONES,
  importChongqing,
  LIANGJIANG_CODE,
  LIANGJIANG_DATE,
  type ChongqingImport,
} from './organizations.chongqing.js';
