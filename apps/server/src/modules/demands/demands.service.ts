import type { DemandInput, DemandTransitionInput, SupervisionInput } from '@jinguo/contracts';
import type { WorkCalendar } from '../../platform/calendar/index.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import type { PeopleApi } from '../people/index.js';
import { createCategories } from './demands.categories.service.js';
import { feedbackSpec } from './demands.deadlines.policy.js';
import { createIntake } from './demands.intake.service.js';
import { userActorOf } from './demands.policy.js';
import { createQueues } from './demands.queues.service.js';
import * as repo from './demands.repository.js';
import { createSuggestions } from './demands.suggestions.service.js';
import { createSupervision } from './demands.supervision.service.js';
import { createTransitions, requireDemand } from './demands.transitions.service.js';
import { detailView } from './demands.views.js';

export interface DemandsDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  calendar: WorkCalendar;
  today: () => string;
  /** The people module: the registry person a demand names as its requester. */
  people: Pick<PeopleApi, 'findPerson'>;
}

/**
 * The demands service: one demand's use cases here (open, read, transition, supervise), composed with the queues, the
 * category dictionary and the suggestions 建议 (each its own file, same deps).
 */
export function createDemandsService(deps: DemandsDeps) {
  const intake = createIntake({ crypto: deps.crypto, calendar: deps.calendar });
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) =>
    runScoped(deps.handle, actor, async (s) => {
      await repo.confineToOwn(s);
      return fn(s);
    });
  const { transition } = createTransitions(deps);
  const { supervise } = createSupervision(deps);

  return {
    intake,
    /** A transition inside the caller's transaction (the demo loader); routes use `transition`. */
    applyTransition: transition,

    create: (actor: UserActor, input: DemandInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'demand.write');
        let requesterName = input.requester.name ?? null;
        if (input.requester.personId) {
          const p = await deps.people.findPerson(s, input.requester.personId);
          if (!p) throw new AppError('PERSON_NOT_FOUND', { field: 'requester.personId' });
          requesterName ??= p.name;
        }
        const row = await intake.openDemand(s, {
          orgId: input.orgId,
          source: input.source,
          category: input.category,
          urgency: input.urgency,
          title: input.title,
          description: input.description,
          personId: input.requester.personId ?? null,
          requesterName,
          contactPhone: input.requester.phone ?? null,
          sourceRef: input.sourceRef ?? null,
          ...(input.receivedAt ? { receivedAt: new Date(input.receivedAt) } : {}),
        });
        return detailView(s, row, userActorOf(actor));
      }),

    get: (actor: UserActor, id: number) =>
      run(actor, async (s) => detailView(s, await requireDemand(s, id), userActorOf(actor))),

    transition: (actor: UserActor, id: number, input: DemandTransitionInput) =>
      run(actor, async (s) => detailView(s, await transition(s, actor, id, input), userActorOf(actor))),

    supervise: (actor: UserActor, id: number, input: SupervisionInput) =>
      run(actor, async (s) => detailView(s, await supervise(s, actor, id, input), userActorOf(actor))),

    ...createQueues(deps),
    ...createCategories(deps),
    ...createSuggestions(deps),
  };
}
export type DemandsService = ReturnType<typeof createDemandsService>;
export { feedbackSpec };
