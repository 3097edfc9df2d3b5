// The people module's public surface: persons, tags, families, migrant women, deduplication, the person timeline,
// Excel import and export.
import { defineModule, type PlatformServices } from '../../platform/modules.js';
import { registerPeopleExportRoutes } from './people.export.routes.js';
import { createPeopleExport } from './people.export.service.js';
import { createFamiliesService } from './people.families.service.js';
import { createPeopleImports } from './people.import.service.js';
import { registerPeopleImportRoutes } from './people.import.routes.js';
import { createMergeService } from './people.merge.service.js';
import { createMigrantsService } from './people.migrants.service.js';
import * as peopleRepository from './people.repository.js';
import { registerPeopleRoutes } from './people.routes.js';
import { createPeopleService, registerPerson, requirePerson } from './people.service.js';
import { peopleIndicators } from './people.statistics.js';
import * as tables from './people.tables.js';
import * as importTables from './people.import.tables.js';
import { createTimelineService, registrySource } from './people.timeline.js';

/** What other modules may ask of the registry: a person in the caller's scope; a new person registered by a case. */
export interface PeopleApi {
  findPerson: typeof peopleRepository.findPerson;
  /** The one active person with a phone (by its keyed hash) in a subtree, or null (activities link attendees). */
  personByPhoneHash: typeof peopleRepository.personByPhoneHash;
  requirePerson: typeof requirePerson;
  registerPerson: (
    s: Parameters<typeof registerPerson>[0],
    input: Parameters<typeof registerPerson>[2],
    audit?: Parameters<typeof registerPerson>[3],
  ) => ReturnType<typeof registerPerson>;
}
declare module '../../platform/modules.js' {
  interface ModuleApis {
    people: PeopleApi;
  }
}

function createPeopleServices(platform: PlatformServices) {
  const people = createPeopleService(platform);
  return {
    people,
    families: createFamiliesService(platform),
    migrants: createMigrantsService(platform, people),
    merge: createMergeService(platform, people),
    timeline: createTimelineService(platform),
  };
}
export type PeopleModule = ReturnType<typeof createPeopleServices>;

export const peopleModule = defineModule({
  name: 'people',
  tables: { ...tables, ...importTables },
  needs: ['organizations'],
  timeline: registrySource,
  indicators: peopleIndicators,
  create(platform) {
    const services = createPeopleServices(platform);
    const imports = createPeopleImports(platform);
    const exports = createPeopleExport(platform);
    return {
      api: {
        findPerson: peopleRepository.findPerson,
        personByPhoneHash: peopleRepository.personByPhoneHash,
        requirePerson,
        registerPerson: (s, input, audit) => registerPerson(s, platform, input, audit),
      },
      routes: (api, http) => {
        registerPeopleRoutes(api, http.authenticate, services);
        registerPeopleImportRoutes(api, http.authenticate, imports);
        registerPeopleExportRoutes(api, http.authenticate, exports);
      },
    };
  },
});
export { personColumns } from './people.policy.js';
export { maskAddress } from './people.views.js';
export { registerPerson, requirePerson } from './people.service.js';
/** For the loaders outside the modules (demo/): the person lookups the api offers, before a platform exists. */
export const { findPerson, personByPhoneHash } = peopleRepository;
/** The names other modules show beside their records (read-only views over the registry; migration 0024). */
export { familyDirectory, personDirectory } from './people.tables.js';
export { createPeopleImports, importHooks, IMPORT_QUEUE, type PeopleImports } from './people.import.service.js';
export { createPeopleExport, EXPORT_PAGE, type PeopleExport } from './people.export.service.js';
