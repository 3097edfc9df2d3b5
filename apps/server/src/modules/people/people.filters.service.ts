import { AppError } from '../../platform/errors.js';
import { runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import * as repo from './people.repository.js';
import type { PeopleDeps } from './people.service.js';

/** A user's saved searches of the people list. */
export function createSavedFiltersService(deps: PeopleDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    savedFilters: (actor: UserActor) =>
      run(actor, async (s) => ({
        items: (await repo.listSavedFilters(s, actor.userId)).map((f) => ({
          id: f.id,
          name: f.name,
          query: f.query as Record<string, unknown>,
          createdAt: f.createdAt.toISOString(),
        })),
      })),
    saveFilter: (actor: UserActor, name: string, query: Record<string, unknown>) =>
      run(actor, async (s) => {
        const f = await repo.insertSavedFilter(s, actor.userId, name, query);
        return {
          id: f.id,
          name: f.name,
          query: f.query as Record<string, unknown>,
          createdAt: f.createdAt.toISOString(),
        };
      }),
    deleteFilter: (actor: UserActor, id: number) =>
      run(actor, async (s) => {
        if (!(await repo.deleteSavedFilter(s, actor.userId, id))) throw new AppError('NOT_FOUND');
        return null;
      }),
  };
}
