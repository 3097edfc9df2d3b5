import type { DemandState, Urgency } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { WorkCalendar } from '../../platform/calendar/index.js';
import { crashPoint } from '../../platform/crash-point.js';
import type { DbHandle } from '../../platform/db/client.js';
import type { Jobs } from '../../platform/jobs/jobs.js';
import { runAsSystem, systemActor, type Scoped, type SystemActor } from '../../platform/scope.js';
import {
  deadlinesFor,
  escalationTargetPath,
  secondEscalationAt,
  type DeadlineCalendar,
} from './demands.deadlines.policy.js';
import * as foreign from './demands.directory.repository.js';
import { deadlineRule } from './demands.categories.service.js';
import { notices } from './demands.notices.service.js';
import * as repo from './demands.repository.js';
import { eventActorOf, recordEvent } from './demands.statistics.js';

export const SWEEP_QUEUE = 'demands.sweep';
const BATCH = 200;

export interface SweepResult {
  escalated: number;
  warned: number;
  /** Open demands whose provisional deadlines moved when counted again (after a holiday schedule was loaded). */
  recomputed: number;
  ms: number;
}

/**
 * Escalates one overdue demand (督办) one level up: to the parent org, then one period later to the grandparent; a
 * demand with no org that high stops escalating.
 */
async function escalateOne(
  s: Scoped,
  calendar: DeadlineCalendar,
  actor: SystemActor,
  d: repo.DemandRow,
  now: Date,
): Promise<void> {
  const level = d.escalationLevel + 1;
  const targetPath = level <= 2 ? escalationTargetPath(d.orgPath, level) : null;
  const target = targetPath ? await foreign.orgByPath(s, targetPath) : null;
  if (!target) {
    await repo.updateDemand(s, d.id, { nextEscalationAt: null });
    return;
  }
  const rule = await deadlineRule(s, { category: d.category, urgency: d.urgency as Urgency, orgPath: d.orgPath });
  const again =
    level === 1 && escalationTargetPath(d.orgPath, 2) !== null
      ? secondEscalationAt(calendar, d.feedbackDueAt, rule)
      : null;
  const after = await repo.updateDemand(s, d.id, {
    escalationLevel: level,
    escalatedToOrgId: target.id,
    nextEscalationAt: again,
  });
  await repo.insertEscalation(s, {
    demandId: d.id,
    orgPath: d.orgPath,
    districtId: d.districtId,
    level,
    toOrgId: target.id,
    missed: 'feedback',
    deadlineAt: level === 1 ? d.feedbackDueAt : (d.nextEscalationAt ?? d.feedbackDueAt),
    at: now,
  });
  await recordEvent(s, after, eventActorOf(s), {
    action: 'escalate',
    from: d.state as DemandState,
    to: d.state as DemandState,
    at: now,
    counted: level === 1 ? ['demands.escalated'] : [],
    data: { level, toOrgId: target.id, toOrgName: target.name, deadline: d.feedbackDueAt.toISOString() },
  });
  await appendAudit(s.tx, actor, {
    action: 'demand.escalate',
    targetType: 'demand',
    targetId: d.id,
    orgId: d.orgId,
    orgPath: d.orgPath,
    after: { level, toOrgId: target.id },
  });
  await notices.escalated(s, after, target.id, level);
}

/**
 * Counts a provisional demand's deadlines again with today's calendar, from where they ran (its receipt, or its last
 * reopening or reassignment). A deadline already met stays: the sign-for once signed, the warning once given; the
 * escalation clock follows the new feedback deadline. Still provisional if it runs into another year not loaded; left
 * alone (false) when nothing moved.
 */
async function recomputeOne(s: Scoped, calendar: DeadlineCalendar, d: repo.DemandRow, now: Date): Promise<boolean> {
  const rule = await deadlineRule(s, { category: d.category, urgency: d.urgency as Urgency, orgPath: d.orgPath });
  const from = d.deadlinesFrom ?? d.receivedAt;
  const dl = deadlinesFor(calendar, from, rule);
  const next =
    d.nextEscalationAt === null
      ? null
      : d.escalationLevel === 0
        ? dl.feedbackDueAt
        : d.escalationLevel === 1
          ? secondEscalationAt(calendar, dl.feedbackDueAt, rule)
          : null;
  const signDueAt = d.signedAt === null ? dl.signDueAt : d.signDueAt;
  const warnAt = d.warnedAt === null ? dl.warnAt : d.warnAt;
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  // still provisional and counted the same (the year is still not loaded): nothing to write, no event to record
  if (
    dl.provisional &&
    same(dl.feedbackDueAt, d.feedbackDueAt) &&
    same(signDueAt, d.signDueAt) &&
    same(warnAt, d.warnAt) &&
    same(next, d.nextEscalationAt)
  )
    return false;
  await repo.updateDemand(s, d.id, {
    deadlinesProvisional: dl.provisional,
    feedbackDueAt: dl.feedbackDueAt,
    nextEscalationAt: next,
    signDueAt,
    warnAt,
  });
  await recordEvent(s, d, eventActorOf(s), {
    action: 'recompute_deadlines',
    from: null,
    to: null,
    at: now,
    data: {
      before: { signDueAt: d.signDueAt.toISOString(), feedbackDueAt: d.feedbackDueAt.toISOString() },
      after: { signDueAt: signDueAt.toISOString(), feedbackDueAt: dl.feedbackDueAt.toISOString() },
      provisional: dl.provisional,
    },
  });
  return true;
}

/**
 * The deadline sweeper: warns handlers before a feedback deadline and escalates (督办) demands left unanswered past it —
 * to the parent org, and to the grandparent one more period later. Runs as a periodic pg-boss job, so it works with
 * nobody on any page and carries on after a restart; each batch is one transaction (rows locked SKIP LOCKED, so two
 * processes never escalate the same demand twice).
 */
export function createDemandSweeper(deps: {
  handle: DbHandle;
  calendar: DeadlineCalendar & Pick<WorkCalendar, 'years'>;
}) {
  const actor = systemActor('demands-sweeper');
  /** The years the calendar covered when provisional deadlines were last counted again (null: not yet here). */
  let countedWith: string | null = null;

  /**
   * Counts the provisional deadlines of open demands again with the calendar as it is now: after a holiday schedule
   * was loaded (the calendar's change listener), and on a process's first sweep (a year loaded while it was down).
   */
  async function recomputeProvisional(now = new Date()): Promise<number> {
    countedWith = deps.calendar.years().join(',');
    let done = 0;
    for (let after = 0; ;) {
      const { rows, changed } = await runAsSystem(deps.handle, actor, async (s) => {
        const batch = await repo.provisionalOpen(s, after, BATCH);
        let n = 0;
        for (const d of batch) if (await recomputeOne(s, deps.calendar, d, now)) n++;
        return { rows: batch, changed: n };
      });
      done += changed;
      if (rows.length < BATCH) return done;
      after = rows.at(-1)!.id;
    }
  }

  async function escalateBatch(now: Date): Promise<number> {
    return runAsSystem(deps.handle, actor, async (s) => {
      const due = await repo.dueForEscalation(s, now, BATCH);
      for (const d of due) {
        await escalateOne(s, deps.calendar, actor, d, now);
        crashPoint('demands.escalate.one'); // mid-batch: some demands of the batch escalated, not committed
      }
      return due.length;
    });
  }

  async function warnBatch(now: Date): Promise<number> {
    return runAsSystem(deps.handle, actor, async (s) => {
      const due = await repo.dueForWarning(s, now, BATCH);
      for (const d of due) {
        await repo.updateDemand(s, d.id, { warnedAt: now });
        if (d.feedbackDueAt.getTime() <= now.getTime()) continue; // already overdue: the escalation speaks for it
        await recordEvent(s, d, eventActorOf(s), {
          action: 'warn',
          from: null,
          to: null,
          at: now,
          data: { dueAt: d.feedbackDueAt.toISOString() },
        });
        await notices.deadlineWarning(s, d);
      }
      return due.length;
    });
  }

  /** One pass: batches until nothing is due. */
  async function pass(now = new Date()): Promise<SweepResult> {
    const started = performance.now();
    const recomputed = countedWith === deps.calendar.years().join(',') ? 0 : await recomputeProvisional(now);
    let escalated = 0;
    let warned = 0;
    for (let n = BATCH; n === BATCH;) escalated += n = await escalateBatch(now);
    crashPoint('demands.sweep.escalated'); // the escalations committed, the job not yet completed
    for (let n = BATCH; n === BATCH;) warned += n = await warnBatch(now);
    return { escalated, warned, recomputed, ms: performance.now() - started };
  }

  return { pass, recomputeProvisional };
}
export type DemandSweeper = ReturnType<typeof createDemandSweeper>;

/** Every `JINGUO_DEMANDS_SWEEP_SECONDS` (60 by default). */
export function registerDemandSweeper(
  jobs: Jobs,
  sweeper: DemandSweeper,
  seconds = Number(process.env.JINGUO_DEMANDS_SWEEP_SECONDS ?? 60),
): void {
  jobs.every(SWEEP_QUEUE, seconds, async () => {
    await sweeper.pass();
  });
}
