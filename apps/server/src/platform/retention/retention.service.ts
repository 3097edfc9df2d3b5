import type { RetentionPolicy, RetentionRun } from '@jinguo/contracts';
import { appendAudit } from '../audit/audit.service.js';
import type { DbHandle } from '../db/client.js';
import { AppError } from '../errors.js';
import type { Extensions, RetentionCandidate, RetentionSource } from '../modules.js';
import { runAsSystem, systemActor, type Actor, type Scoped } from '../scope.js';
import * as repo from './retention.repository.js';

/*
 * The retention job (个人信息保护法 §19, §47; decision 0016). A dry run reports, per record type the modules declare,
 * what is past its period — counts and ids, and what is kept and why (an open case, an active consent) — and stores
 * the report. A real run carries out one stored report once, as confirmed by an admin (or by the setting
 * `retention.auto_apply` for the scheduled job): only the records of the report that are still due and not held, each
 * anonymised or deleted by its module and audited one by one.
 */

/** Records acted on per type and run; the rest wait for the next run. */
export const RETENTION_BATCH = 5000;
/** A report older than this is stale: run a fresh dry run before confirming. */
export const REPORT_VALID_DAYS = 7;
export const RETENTION_QUEUE = 'retention.dry-run';
export const RETENTION_SECONDS = 24 * 3600;
const DAY_MS = 86_400_000;

export interface RetentionDeps {
  handle: DbHandle;
  extensions: Pick<Extensions, 'retention'>;
}
type Item = RetentionRun['items'][number];
type Due = Item & { byId: Map<number, RetentionCandidate> };

const actorName = (actor: Actor) => (actor.kind === 'user' ? actor.username : `system:${actor.name}`);

export function createRetention(deps: RetentionDeps) {
  const { sources, holds } = deps.extensions.retention;
  const system = (fn: (s: Scoped) => Promise<unknown>) => runAsSystem(deps.handle, systemActor('retention'), fn);

  /** What each enabled type has past its period now, with what is held and why. */
  async function survey(s: Scoped, now: Date): Promise<{ src: RetentionSource; cutoff: Date; item: Due }[]> {
    const policyOf = new Map((await repo.policies(s.tx)).map((p) => [p.recordType, p]));
    const out: { src: RetentionSource; cutoff: Date; item: Due }[] = [];
    for (const src of sources) {
      const policy = policyOf.get(src.recordType);
      if (!policy?.enabled) continue;
      const cutoff = new Date(now.getTime() - policy.retentionDays * DAY_MS);
      const due = await src.due(s, cutoff, RETENTION_BATCH);
      const personIds = [...new Set(due.flatMap((d) => (d.personId === null ? [] : [d.personId])))];
      const heldBy = new Map<number, string>();
      for (const hold of holds)
        for (const id of await hold.held(s, personIds)) if (!heldBy.has(id)) heldBy.set(id, hold.reason);
      const kept = new Map<string, number>();
      const go = due.filter((d) => {
        const reason = d.personId === null ? undefined : heldBy.get(d.personId);
        if (reason) kept.set(reason, (kept.get(reason) ?? 0) + 1);
        return !reason;
      });
      out.push({
        src,
        cutoff,
        item: {
          recordType: src.recordType,
          action: src.action,
          retentionDays: policy.retentionDays,
          cutoff: cutoff.toISOString(),
          due: go.length,
          kept: [...kept].map(([reason, count]) => ({ reason, count })),
          ids: go.map((d) => d.id),
          byId: new Map(go.map((d) => [d.id, d])),
        },
      });
    }
    return out;
  }

  const strip = ({ byId: _, ...item }: Due): Item => item;

  /** A dry run: the report stored and audited; nothing changes. */
  async function dryRun(actor: Actor, now = new Date()): Promise<RetentionRun> {
    let run: repo.RunRow | undefined;
    await system(async (s) => {
      const items = (await survey(s, now)).map((x) => strip(x.item));
      run = await repo.insertRun(s.tx, { dryRun: true, runBy: actorName(actor), items, startedAt: now });
      await appendAudit(s.tx, actor, {
        action: 'retention.run.dry_run',
        targetType: 'retention_run',
        targetId: run.id,
        after: { items: items.map((i) => ({ recordType: i.recordType, due: i.due, kept: i.kept })) },
      });
    });
    return runView(run!);
  }

  /** Carries out a stored dry-run report once: its records still due and not held, each audited. */
  async function apply(actor: Actor, reportId: number, now = new Date()): Promise<RetentionRun> {
    let run: repo.RunRow | undefined;
    await system(async (s) => {
      const report = await repo.findRun(s.tx, reportId, true);
      if (!report) throw new AppError('NOT_FOUND', { field: 'runId' });
      if (!report.dryRun || report.appliedAt)
        throw new AppError('CONFLICT', {
          field: 'runId',
          zh: report.dryRun ? '该试运行报告已执行过' : '只能确认试运行报告',
          en: report.dryRun ? 'This report was carried out already' : 'Only a dry-run report can be confirmed',
        });
      if (now.getTime() - report.startedAt.getTime() > REPORT_VALID_DAYS * DAY_MS)
        throw new AppError('CONFLICT', {
          field: 'runId',
          zh: `报告已超过 ${REPORT_VALID_DAYS} 天，请重新试运行`,
          en: `The report is older than ${REPORT_VALID_DAYS} days: run a fresh dry run`,
        });
      const planned = new Map((report.items as Item[]).map((i) => [i.recordType, new Set(i.ids)]));
      const items: Item[] = [];
      for (const { src, cutoff, item } of await survey(s, now)) {
        const ids = item.ids.filter((id) => planned.get(src.recordType)?.has(id));
        const acted = await src.apply(s, ids, cutoff);
        for (const id of acted) {
          const c = item.byId.get(id);
          await appendAudit(s.tx, actor, {
            action: src.action === 'delete' ? 'retention.record.delete' : 'retention.record.anonymise',
            targetType: src.recordType,
            targetId: id,
            ...(c?.orgId ? { orgId: c.orgId } : {}),
            ...(c?.orgPath ? { orgPath: c.orgPath } : {}),
            reason: `retention report #${reportId}`,
          });
        }
        items.push({ ...strip(item), due: acted.length, ids: acted });
      }
      await repo.markApplied(s.tx, reportId);
      run = await repo.insertRun(s.tx, { dryRun: false, reportId, runBy: actorName(actor), items, startedAt: now });
      await appendAudit(s.tx, actor, {
        action: 'retention.run.apply',
        targetType: 'retention_run',
        targetId: run.id,
        after: { reportId, items: items.map((i) => ({ recordType: i.recordType, done: i.due })) },
      });
    });
    return runView(run!);
  }

  return {
    dryRun,
    apply,
    /** The scheduled job: a dry run every day; carried out at once only when the setting says so. */
    async scheduled(autoApply: boolean): Promise<RetentionRun> {
      const actor = systemActor('retention');
      const report = await dryRun(actor);
      return autoApply ? apply(actor, report.id) : report;
    },
    async policies(): Promise<RetentionPolicy[]> {
      return deps.handle.db.transaction(async (tx) => {
        const rows = new Map((await repo.policies(tx)).map((p) => [p.recordType, p]));
        return sources.flatMap((src) => {
          const p = rows.get(src.recordType);
          return p ? [policyView(src, p)] : [];
        });
      });
    },
    async updatePolicy(
      actor: Actor,
      recordType: string,
      input: { purpose: string; retentionDays: number; enabled: boolean },
    ): Promise<RetentionPolicy> {
      const src = sources.find((x) => x.recordType === recordType);
      if (!src) throw new AppError('NOT_FOUND', { field: 'recordType' });
      let row: repo.PolicyRow | null = null;
      await system(async (s) => {
        const before = (await repo.policies(s.tx)).find((p) => p.recordType === recordType);
        row = await repo.updatePolicy(s.tx, recordType, { ...input, updatedBy: actorName(actor) });
        await appendAudit(s.tx, actor, {
          action: 'retention.policy.change',
          targetType: 'retention_policy',
          targetId: recordType,
          before: before
            ? { retentionDays: before.retentionDays, enabled: before.enabled, purpose: before.purpose }
            : {},
          after: input,
        });
      });
      return policyView(src, row!);
    },
    async runs(): Promise<RetentionRun[]> {
      return (await deps.handle.db.transaction((tx) => repo.recentRuns(tx, 50))).map(runView);
    },
    async run(id: number): Promise<RetentionRun> {
      const row = await deps.handle.db.transaction((tx) => repo.findRun(tx, id));
      if (!row) throw new AppError('NOT_FOUND', { field: 'runId' });
      return runView(row);
    },
  };
}
export type Retention = ReturnType<typeof createRetention>;

function policyView(src: RetentionSource, p: repo.PolicyRow): RetentionPolicy {
  return {
    recordType: p.recordType,
    label: src.label,
    purpose: p.purpose,
    retentionDays: p.retentionDays,
    action: src.action,
    enabled: p.enabled,
    updatedAt: p.updatedAt.toISOString(),
    updatedBy: p.updatedBy,
  };
}

function runView(r: repo.RunRow): RetentionRun {
  return {
    id: r.id,
    dryRun: r.dryRun,
    reportId: r.reportId,
    startedAt: r.startedAt.toISOString(),
    runBy: r.runBy,
    items: r.items as Item[],
    appliedAt: r.appliedAt?.toISOString() ?? null,
  };
}
