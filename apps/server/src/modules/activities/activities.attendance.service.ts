import { maskPhone, type AttendanceImportReport } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { runScoped, type UserActor } from '../../platform/scope.js';
import { bumpCounters } from '../../platform/stats/index.js';
import { attendanceWorkbook, errorWorkbook, importTemplate, readAttendanceSheet } from './activities.excel.js';
import { attendanceDeltas, heldDeltas } from './activities.policy.js';
import * as repo from './activities.repository.js';
import { requireActivity, type ActivitiesDeps } from './activities.service.js';
import { attendanceViews } from './activities.views.js';

/** Excel: the attendance list of an activity; a past activity's attendance imported from a sheet. */
export function createAttendanceExcel(deps: ActivitiesDeps) {
  return {
    template: importTemplate,

    export: (actor: UserActor, id: number) =>
      runScoped(deps.handle, actor, async (s) => {
        const a = await requireActivity(s, id);
        const rows = await attendanceViews(s, await repo.attendanceOf(s, a.id));
        await appendAudit(s.tx, actor, {
          action: 'activity.attendance.export',
          targetType: 'activity',
          targetId: a.id,
          orgId: a.orgId,
          orgPath: a.orgPath,
          after: { rows: rows.length },
        });
        return { name: `${a.title}-签到名单.xlsx`, bytes: await attendanceWorkbook(a.title, rows) };
      }),

    /** The uploaded sheet with its refused rows marked (the error workbook of a preview). */
    errors: async (bytes: Buffer) => {
      const { errors } = await readAttendanceSheet(bytes);
      if (errors.some((e) => e.field === 'file'))
        throw fieldError('VALIDATION_FAILED', 'file', errors[0]!.message['zh-CN'], errors[0]!.message['en-US']);
      return errorWorkbook(bytes, errors);
    },

    /**
     * Previews (dryRun) or imports the attendance of an activity that has taken place: valid rows are written in one
     * transaction, idempotently (a phone already checked in is a duplicate, not a second attendance).
     */
    import: (actor: UserActor, id: number, bytes: Buffer, dryRun: boolean) =>
      runScoped(deps.handle, actor, async (s): Promise<AttendanceImportReport> => {
        const a = await requireActivity(s, id, true);
        if (a.status === 'cancelled') throw new AppError('ACTIVITY_INVALID_TRANSITION', { field: 'status' });
        if (a.startsAt > deps.now())
          throw fieldError(
            'VALIDATION_FAILED',
            'startsAt',
            '活动尚未举办，不能导入签到',
            'the activity has not taken place yet',
          );
        const { rows, errors } = await readAttendanceSheet(bytes);
        if (errors.some((e) => e.field === 'file'))
          throw fieldError('VALIDATION_FAILED', 'file', errors[0]!.message['zh-CN'], errors[0]!.message['en-US']);
        const hashes = rows.map((r) => deps.crypto.lookupHash(r.phone));
        const already = await repo.attendedPhoneHashes(s, a.id, hashes);
        const fresh = rows.flatMap((r, i) => (already.has(hashes[i]!) ? [] : [{ ...r, phoneHash: hashes[i]! }]));
        const report = {
          dryRun,
          rows: rows.length + errors.length,
          valid: rows.length,
          imported: 0,
          duplicates: rows.length - fresh.length,
          errors,
        };
        if (dryRun || !fresh.length) return report;
        const district = a.orgPath.split('.').slice(0, 2).join('.');
        const values = [];
        for (const r of fresh)
          values.push({
            activityId: a.id,
            orgPath: a.orgPath,
            districtId: a.districtId,
            residentId: null,
            personId: (await deps.people.personByPhoneHash(s, r.phoneHash, district))?.id ?? null,
            name: r.name,
            phoneEnc: deps.crypto.encrypt(r.phone),
            phoneHash: r.phoneHash,
            phoneMasked: maskPhone(r.phone),
            source: 'import',
            checkedInAt: a.startsAt,
          });
        const inserted = await repo.insertAttendanceRows(s, values);
        await repo.addToCounts(s, a.id, { attended: inserted.length });
        if (a.status === 'planned' || a.status === 'open') {
          await repo.updateActivity(s, a.id, { status: 'held', heldAt: new Date() });
          await bumpCounters(s.tx, { orgPath: a.orgPath, day: a.startsOn, deltas: heldDeltas(a.kind, 1) });
        }
        await bumpCounters(s.tx, {
          orgPath: a.orgPath,
          day: a.startsOn,
          deltas: attendanceDeltas(a.kind, inserted.length),
        });
        await appendAudit(s.tx, actor, {
          action: 'activity.attendance.import',
          targetType: 'activity',
          targetId: a.id,
          orgId: a.orgId,
          orgPath: a.orgPath,
          after: { imported: inserted.length, duplicates: report.duplicates, errors: errors.length },
        });
        return { ...report, imported: inserted.length };
      }),
  };
}
