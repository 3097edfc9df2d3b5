import { appendAudit } from '../../platform/audit/audit.service.js';
import { fieldError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import * as repo from './people.repository.js';
import { personView, requirePerson, requireWritablePerson, type PeopleDeps } from './people.service.js';

/** A child's guardians (监护人): registry persons linked to her, shown on her record. */
export function createGuardiansService(deps: PeopleDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  const view = (s: Scoped, row: repo.PersonRow) => personView(deps, s, row);

  return {
    setGuardian: (actor: UserActor, childId: number, guardianId: number, relationship: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const child = await requireWritablePerson(s, childId);
        await requirePerson(s, guardianId, 'guardianId');
        if (childId === guardianId)
          throw fieldError(
            'VALIDATION_FAILED',
            'guardianId',
            '不能把本人设为监护人',
            'a person cannot be her own guardian',
          );
        await repo.upsertGuardian(s, child, guardianId, relationship);
        await appendAudit(s.tx, actor, {
          action: 'person.guardian.set',
          targetType: 'person',
          targetId: childId,
          orgId: child.orgId,
          orgPath: child.orgPath,
          after: { guardianId, relationship },
        });
        return view(s, child);
      }),

    removeGuardian: (actor: UserActor, childId: number, guardianId: number) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const child = await requireWritablePerson(s, childId);
        await repo.deleteGuardian(s, childId, guardianId);
        await appendAudit(s.tx, actor, {
          action: 'person.guardian.remove',
          targetType: 'person',
          targetId: childId,
          orgId: child.orgId,
          orgPath: child.orgPath,
          before: { guardianId },
        });
        return view(s, child);
      }),
  };
}
