// The people module's public surface: persons, tags, families, migrant women, deduplication, the person timeline.
import { createFamiliesService } from './people.families.service.js';
import { createMergeService } from './people.merge.js';
import { createMigrantsService } from './people.migrants.service.js';
import { createPeopleService, type PeopleDeps } from './people.service.js';
import { createTimelineService } from './people.timeline.js';

export function createPeopleModule(deps: PeopleDeps) {
  const people = createPeopleService(deps);
  return {
    people,
    families: createFamiliesService(deps),
    migrants: createMigrantsService(deps, people),
    merge: createMergeService(deps, people),
    timeline: createTimelineService(deps),
  };
}
export type PeopleModule = ReturnType<typeof createPeopleModule>;
export { registerPeopleRoutes } from './people.routes.js';
export { registerPersonLink } from './people.merge.js';
export { registerTimelineSource, type TimelineSource } from './people.timeline.js';
export { personColumns } from './people.policy.js';
export { maskAddress } from './people.views.js';
export { registerPerson, requirePerson } from './people.service.js';
export * as peopleRepository from './people.repository.js';
export { createPeopleImports, importHooks, IMPORT_QUEUE, type PeopleImports } from './people.import.js';
export { registerPeopleImportRoutes } from './people.import.routes.js';
export { createPeopleExport, type PeopleExport } from './people.export.service.js';
export { registerPeopleExportRoutes } from './people.export.routes.js';
