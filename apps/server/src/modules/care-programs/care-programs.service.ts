import type { WorkCalendar } from '../../platform/calendar/index.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import type { Files } from '../../platform/files/index.js';
import type { PeopleApi } from '../people/index.js';
import { createApplications } from './care-programs.applications.service.js';
import { createParcels } from './care-programs.parcels.service.js';
import { createPayments } from './care-programs.payments.service.js';
import { createPrograms } from './care-programs.programs.service.js';
import { createGreetings } from './care-programs.greetings.service.js';
import { createPairings } from './care-programs.pairings.service.js';
import { createWishes } from './care-programs.wishes.service.js';
import { createReviews } from './care-programs.reviews.service.js';

export interface CareDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  calendar: WorkCalendar;
  files: Files;
  today: () => string;
  /** The registry: a person in the caller's scope, her tags and facts, the tag dictionary, persons by tag. */
  people: Pick<PeopleApi, 'findPerson' | 'currentTags' | 'tagCodes' | 'personsWithTag' | 'personFactsJson'>;
}

/** Care programs' use cases, one group a file. */
export function createCareServices(deps: CareDeps) {
  const applications = createApplications(deps);
  return {
    programs: createPrograms(deps),
    applications,
    reviews: createReviews(deps, applications),
    payments: createPayments(deps, applications),
    parcels: createParcels(deps),
    greetings: createGreetings(deps),
    pairings: createPairings(deps),
    wishes: createWishes(deps),
  };
}
export type CareServices = ReturnType<typeof createCareServices>;
