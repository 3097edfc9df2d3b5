import type { OrgType, OrgSummary, StoredFile, Task, TaskTargets, FormDefinition, TaskKind } from '@jinguo/contracts';
import type { OrgFacts } from './tasks.directory.repository.js';
import type { TaskRow } from './tasks.repository.js';

/* Rows → API views. Pure. */

export const orgSummary = (o: Pick<OrgFacts, 'id' | 'code' | 'name' | 'type'> | undefined, id: number): OrgSummary => ({
  id,
  code: o?.code ?? '',
  name: o?.name ?? '',
  type: (o?.type ?? 'city_federation') as OrgType,
});

export const iso = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

export function taskView(
  t: TaskRow,
  org: OrgFacts | undefined,
  extra: { attachments: StoredFile[]; isDispatcher: boolean; myAssignmentId: number | null },
): Task {
  return {
    id: t.id,
    org: orgSummary(org, t.orgId),
    kind: t.kind as TaskKind,
    title: t.title,
    body: t.body,
    deadline: t.deadline,
    form:
      t.formId !== null && t.definition
        ? { id: t.formId, name: t.formName ?? '', definition: t.definition as FormDefinition }
        : null,
    period: t.period,
    periodFrom: t.periodFrom,
    periodTo: t.periodTo,
    targets: t.targets as TaskTargets,
    remindDays: t.remindDays,
    parentTaskId: t.parentTaskId,
    receivers: t.receivers,
    attachments: extra.attachments,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    isDispatcher: extra.isDispatcher,
    myAssignmentId: extra.myAssignmentId,
  };
}
