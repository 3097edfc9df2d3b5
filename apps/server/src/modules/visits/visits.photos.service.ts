import { appendAudit } from '../../platform/audit/audit.service.js';
import { runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { requireEditable } from './visits.policy.js';
import { requireVisit } from './visits.recording.service.js';
import * as repo from './visits.repository.js';
import type { VisitsDeps } from './visits.service.js';
import { PHOTO_OWNER, visitViews } from './visits.views.js';

/** A visit's photos (platform files: checked by their bytes, encrypted, read only through the visit). */
export function createVisitPhotos(deps: VisitsDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) =>
    runScoped(deps.handle, actor, async (s) => {
      await repo.confineToOwn(s);
      return fn(s);
    });

  return {
    addPhoto: (actor: UserActor, visitId: number, name: string, bytes: Buffer) =>
      run(actor, async (s) => {
        const v = await requireVisit(s, visitId);
        requireEditable(actor, v);
        const f = await deps.files.saveFile(s, {
          owner: { type: PHOTO_OWNER, id: v.id },
          orgPath: v.orgPath,
          districtId: v.districtId,
          name,
          bytes,
          accept: 'images',
        });
        await appendAudit(s.tx, actor, {
          action: 'visit.photo.add',
          targetType: 'visit',
          targetId: v.id,
          orgId: v.orgId,
          orgPath: v.orgPath,
          after: { fileId: f.id, name: f.name, mime: f.mime, size: f.size, sha256: f.sha256 },
        });
        return (await visitViews(deps, s, actor, [v]))[0]!;
      }),

    photo: (actor: UserActor, visitId: number, fileId: number) =>
      run(actor, async (s) => {
        const v = await requireVisit(s, visitId);
        return deps.files.readFile(s, { type: PHOTO_OWNER, id: v.id }, fileId);
      }),

    removePhoto: (actor: UserActor, visitId: number, fileId: number) =>
      run(actor, async (s) => {
        const v = await requireVisit(s, visitId);
        requireEditable(actor, v);
        const f = await deps.files.removeFile(s, { type: PHOTO_OWNER, id: v.id }, fileId);
        await appendAudit(s.tx, actor, {
          action: 'visit.photo.remove',
          targetType: 'visit',
          targetId: v.id,
          orgId: v.orgId,
          orgPath: v.orgPath,
          before: { fileId: f.id, name: f.name },
        });
        return (await visitViews(deps, s, actor, [v]))[0]!;
      }),
  };
}
