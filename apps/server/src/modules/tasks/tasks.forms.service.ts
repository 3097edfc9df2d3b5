import {
  FORM_TEMPLATES,
  type FormDefinition,
  type Periodicity,
  type ReportForm,
  type ReportFormInput,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import type { Extensions } from '../../platform/modules.js';
import {
  inScope,
  requireOrgInScope,
  requirePermission,
  runScoped,
  type Scoped,
  type UserActor,
} from '../../platform/scope.js';
import * as foreign from './tasks.directory.repository.js';
import { checkDefinition } from './tasks.forms.policy.js';
import * as repo from './tasks.repository.js';
import { orgSummary } from './tasks.views.js';

export interface FormsDeps {
  handle: DbHandle;
  extensions: Extensions;
}

/** Every metric a form field may be prefilled from: the counters the modules declare. */
export function metricCatalogue(extensions: Extensions): { metric: string; source: string }[] {
  return extensions.statistics.flatMap((s) => s.metrics.map((metric) => ({ metric, source: s.name })));
}

/** A definition the server accepts, or 400 FORM_DEFINITION_INVALID naming every field at fault. */
export function requireValidDefinition(deps: FormsDeps, def: FormDefinition, prefix = 'definition'): void {
  const metrics = new Set(metricCatalogue(deps.extensions).map((m) => m.metric));
  const errors = checkDefinition(def, metrics, prefix);
  const first = errors[0];
  if (first)
    throw new AppError('FORM_DEFINITION_INVALID', {
      field: first.field,
      zh: `报表定义有误：${first.message['zh-CN']}（${first.field}）`,
      en: `The form definition is invalid: ${first.message['en-US']} (${first.field})`,
      errors,
    });
}

async function view(s: Scoped, actor: UserActor, f: repo.FormRow): Promise<ReportForm> {
  const org = (await foreign.orgsById(s, [f.orgId])).get(f.orgId);
  return {
    id: f.id,
    org: orgSummary(org, f.orgId),
    name: f.name,
    description: f.description,
    periodicity: f.periodicity as Periodicity,
    definition: f.definition as FormDefinition,
    version: f.version,
    template: f.template,
    createdBy: f.createdBy,
    createdAt: f.createdAt.toISOString(),
    canEdit: actor.permissions.has('task.dispatch') && inScope(s, f.orgPath),
  };
}

export async function requireForm(s: Scoped, id: number, field?: string): Promise<repo.FormRow> {
  const f = await repo.findForm(s, id);
  if (!f) throw new AppError('FORM_NOT_FOUND', field ? { field } : {});
  return f;
}

/** Creates a form at an org of the caller's subtree, in the caller's transaction (the demo loader too). */
export async function createFormIn(
  deps: FormsDeps,
  s: Scoped,
  actor: UserActor,
  input: ReportFormInput,
  template: string | null = null,
): Promise<ReportForm> {
  requirePermission(actor, 'task.dispatch');
  const org = requireOrgInScope(s, (await foreign.orgsById(s, [input.orgId])).get(input.orgId), {
    field: 'orgId',
    active: true,
  });
  requireValidDefinition(deps, input.definition);
  const f = await repo.insertForm(s, {
    orgId: org.id,
    orgPath: org.path,
    districtId: org.districtId,
    name: input.name,
    description: input.description,
    periodicity: input.periodicity,
    definition: input.definition,
    template,
    createdBy: actor.displayName,
  });
  await appendAudit(s.tx, actor, {
    action: 'form.create',
    targetType: 'report_form',
    targetId: f.id,
    orgId: org.id,
    orgPath: org.path,
    after: { name: input.name, periodicity: input.periodicity, fields: input.definition.fields.length },
  });
  return view(s, actor, f);
}

/** The form builder's use cases: forms are data, checked by the server before they are stored. */
export function createForms(deps: FormsDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  return {
    metrics: () => ({ items: metricCatalogue(deps.extensions) }),
    templates: () => ({ items: FORM_TEMPLATES.map((t) => ({ ...t })) }),
    list: (actor: UserActor) =>
      run(actor, async (s) => {
        const rows = await repo.listForms(s);
        const items: ReportForm[] = [];
        for (const f of rows) items.push(await view(s, actor, f));
        return { items };
      }),
    get: (actor: UserActor, id: number) => run(actor, async (s) => view(s, actor, await requireForm(s, id))),
    create: (actor: UserActor, input: ReportFormInput & { template?: string | null }) =>
      run(actor, (s) => createFormIn(deps, s, actor, input, input.template ?? null)),
    update: (actor: UserActor, id: number, input: ReportFormInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'task.dispatch');
        const f = await requireForm(s, id);
        if (!inScope(s, f.orgPath)) throw new AppError('FORBIDDEN');
        if (input.orgId !== f.orgId) throw new AppError('VALIDATION_FAILED', { field: 'orgId' });
        requireValidDefinition(deps, input.definition);
        const after = await repo.updateForm(s, id, {
          name: input.name,
          description: input.description,
          periodicity: input.periodicity,
          definition: input.definition,
        });
        await appendAudit(s.tx, actor, {
          action: 'form.update',
          targetType: 'report_form',
          targetId: id,
          orgId: f.orgId,
          orgPath: f.orgPath,
          before: { version: f.version },
          after: { version: after.version, fields: input.definition.fields.length },
        });
        return view(s, actor, after);
      }),
  };
}
export type Forms = ReturnType<typeof createForms>;
