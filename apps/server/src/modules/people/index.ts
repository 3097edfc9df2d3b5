// The people module's public surface: persons, tags, families, migrant women, deduplication, the person timeline,
// Excel import and export.
import { defineModule, type PlatformServices } from '../../platform/modules.js';
import type { Scoped } from '../../platform/scope.js';
import { registerPeopleExportRoutes } from './people.export.routes.js';
import { createPeopleExport } from './people.export.service.js';
import { registerConsentRoutes } from './people.consents.routes.js';
import { createConsentsService } from './people.consents.service.js';
import { createFamiliesService } from './people.families.service.js';
import { IMPORT_PURGE_QUEUE, IMPORT_PURGE_SECONDS } from './people.import.discard.service.js';
import { createPeopleImports } from './people.import.service.js';
import { registerPeopleImportRoutes } from './people.import.routes.js';
import { createMergeService } from './people.merge.service.js';
import { createMigrantsService } from './people.migrants.service.js';
import * as peopleRepository from './people.repository.js';
import * as peopleSearch from './people.search.repository.js';
import { registerPeopleRoutes } from './people.routes.js';
import { createPeopleService, registerPerson, requirePerson } from './people.service.js';
import { peopleIndicators } from './people.statistics.js';
import * as tables from './people.tables.js';
import * as importTables from './people.import.tables.js';
import * as consentTables from './people.consents.tables.js';
import { createTimelineService, registrySource } from './people.timeline.js';
import { consentHold, personRetention } from './people.retention.js';

/** What other modules may ask of the registry: a person in the caller's scope; a new person registered by a case. */
export interface PeopleApi {
  findPerson: typeof peopleRepository.findPerson;
  /** The names of the persons in the scope among some ids, by id (one query). */
  personNames: typeof peopleRepository.personNames;
  /** The one active person with a phone (by its keyed hash) in a subtree, or null (activities link attendees). */
  personByPhoneHash: typeof peopleRepository.personByPhoneHash;
  requirePerson: typeof requirePerson;
  registerPerson: (
    s: Parameters<typeof registerPerson>[0],
    input: Parameters<typeof registerPerson>[2],
    audit?: Parameters<typeof registerPerson>[3],
  ) => ReturnType<typeof registerPerson>;
  currentTags: RegistryReads['currentTags'];
  tagCodes: RegistryReads['tagCodes'];
  personFactsJson: RegistryReads['personFactsJson'];
  personsWithTag: RegistryReads['personsWithTag'];
  /** Deletes the import's staged personal data older than the retention days (the daily job; tests and the CLI). */
  purgeImports: () => Promise<{ purged: number[] }>;
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
    consents: createConsentsService(platform),
  };
}
export type PeopleModule = ReturnType<typeof createPeopleServices>;

export const peopleModule = defineModule({
  name: 'people',
  tables: { ...tables, ...importTables, ...consentTables },
  needs: ['organizations'],
  timeline: registrySource,
  indicators: peopleIndicators,
  retention: { sources: [personRetention], holds: [consentHold] },
  create(platform) {
    const services = createPeopleServices(platform);
    const imports = createPeopleImports(platform);
    const exports = createPeopleExport(platform);
    return {
      api: {
        findPerson: peopleRepository.findPerson,
        personNames: peopleRepository.personNames,
        personByPhoneHash: peopleRepository.personByPhoneHash,
        requirePerson,
        registerPerson: (s, input, audit) => registerPerson(s, platform, input, audit),
        ...registryReads(platform.today),
        purgeImports: imports.purge,
      },
      routes: (api, http) => {
        registerPeopleRoutes(api, http.authenticate, services);
        registerConsentRoutes(api, http.authenticate, services.consents);
        registerPeopleImportRoutes(api, http.authenticate, imports);
        registerPeopleExportRoutes(api, http.authenticate, exports);
      },
      jobs: [
        { name: IMPORT_PURGE_QUEUE, seconds: IMPORT_PURGE_SECONDS, run: async () => void (await imports.purge()) },
      ],
    };
  },
});
export { personColumns } from './people.policy.js';
export { maskAddress } from './people.views.js';
export { registerPerson, requirePerson } from './people.service.js';
/** For the loaders outside the modules (demo/): the person lookups the api offers, before a platform exists. */
export const { findPerson, personNames, personByPhoneHash } = peopleRepository;
/**
 * What other modules read of the registry beyond one person (care programs: eligibility by tags, greeting lists by
 * tags), in the caller's scope; also for the loaders outside the modules.
 */
export function registryReads(today: () => string) {
  return {
    /** The current tags of persons the caller may see. */
    currentTags: peopleRepository.currentTags,
    /** The codes of the tag dictionary. */
    tagCodes: peopleRepository.tagCodes,
    /** One person's eligibility facts (sex, birth date, home path, current tags) as a JSON subquery to compose. */
    personFactsJson: peopleRepository.personFactsJson,
    /** Active persons of a subtree carrying a tag, in name order, a page at a time (the registry's own search). */
    personsWithTag: async (
      s: Scoped,
      q: {
        path: string;
        tag: string;
        gender: 'female' | 'male' | null;
        after: { k: string; id: number } | null;
        limit: number;
      },
    ) => {
      const where = peopleSearch.queryConditions(
        { tag: q.tag, ...(q.gender ? { gender: q.gender } : {}), sort: 'name', order: 'asc', limit: q.limit },
        {},
        q.path,
        today(),
      );
      const rows = await peopleSearch.searchPersons(s, {
        ...where,
        order: 'name',
        desc: false,
        after: q.after,
        limit: q.limit,
      });
      return rows.map(({ p, k }) => ({ id: p.id, orgId: p.orgId, orgPath: p.orgPath, k }));
    },
  };
}
export type RegistryReads = ReturnType<typeof registryReads>;
/** The names other modules show beside their records (read-only views over the registry; migration 0024). */
export { familyDirectory, personDirectory } from './people.tables.js';
export { createPeopleImports, importHooks, IMPORT_QUEUE, type PeopleImports } from './people.import.service.js';
export { createPeopleExport, EXPORT_PAGE, type PeopleExport } from './people.export.service.js';
