import { appendAudit } from '../../platform/audit/audit.service.js';
import type { PeriodicJob } from '../../platform/modules.js';
import { runAsSystem, systemActor } from '../../platform/scope.js';
import { bumpCounters } from '../../platform/stats/index.js';
import * as kind from './care-programs.kindness.repository.js';
import { noticeClaimLapsed, noticeClaimReminder } from './care-programs.notices.service.js';
import { claimDaysLeft } from './care-programs.policy.js';
import type { CareDeps } from './care-programs.service.js';
import { releaseClaim } from './care-programs.wishes.service.js';

export const WISH_CLAIMS_QUEUE = 'care-programs.wish-claims';
/** How often the job looks for lapsed claims and reminders due (seconds; deadlines are days). */
const wishClaimsSeconds = () => Number(process.env.JINGUO_CARE_WISH_CLAIMS_SECONDS ?? 3600);
/** Wishes handled in one transaction. */
const BATCH = 100;

export interface WishClaimsReport {
  /** Claims past their last day: the wishes published again. */
  lapsed: number;
  /** Donors (or, for outside donors, the cadres) reminded of a deadline near. */
  reminded: number;
}

/**
 * 微心愿 claims with nobody on a page: a claim still open after its last day (the federation's today is later) lapses —
 * it joins the wish's history, the proofs of that donor are removed as a release removes them, the wish is on the
 * wall again, the donor and the wish's cadres are told, the lapse is audited and counted (`care.wish_claims_lapsed`);
 * a claim whose reminder day has come is reminded once. Each batch is one transaction over rows locked SKIP LOCKED:
 * a rerun finds nothing left to do, and two runs at once never touch one wish twice. A fulfilled claim is not
 * `claimed` any more and is never read here.
 */
export function createWishClaimsJob(deps: Pick<CareDeps, 'handle' | 'files' | 'today'>) {
  const actor = systemActor(WISH_CLAIMS_QUEUE);

  const lapseBatch = (today: string) =>
    runAsSystem(deps.handle, actor, async (s) => {
      const due = await kind.lapsedClaims(s, today, BATCH);
      for (const w of due) {
        const { removedProofs } = await releaseClaim(deps, s, w, { outcome: 'expired', by: actor });
        await bumpCounters(s.tx, { orgPath: w.orgPath, day: today, deltas: { 'care.wish_claims_lapsed': 1 } });
        await appendAudit(s.tx, actor, {
          action: 'care.wishes.claim_lapsed',
          targetType: 'care_wish',
          targetId: w.id,
          orgId: w.orgId,
          orgPath: w.orgPath,
          reason: `认领截止 ${w.claimDeadline} 未圆梦，重新发布`,
          after: {
            donorKind: w.donorKind,
            donorName: w.donorName,
            claimedAt: w.claimedAt?.toISOString() ?? null,
            deadline: w.claimDeadline,
            removedProofs,
          },
        });
        await noticeClaimLapsed(s, w);
      }
      return due.length;
    });

  const remindBatch = (today: string) =>
    runAsSystem(deps.handle, actor, async (s) => {
      const due = await kind.claimsToRemind(s, today, BATCH);
      for (const w of due) {
        await kind.updateWish(s, w.id, { claimRemindedAt: new Date() });
        await noticeClaimReminder(s, w, claimDaysLeft(w.claimDeadline, today) ?? 0);
      }
      return due.length;
    });

  /** One pass: batches until nothing is due (lapses first: a lapsed claim is not reminded). */
  async function pass(): Promise<WishClaimsReport> {
    const today = deps.today();
    const report: WishClaimsReport = { lapsed: 0, reminded: 0 };
    for (let n = BATCH; n === BATCH;) report.lapsed += n = await lapseBatch(today);
    for (let n = BATCH; n === BATCH;) report.reminded += n = await remindBatch(today);
    return report;
  }
  return { pass };
}
export type WishClaimsJob = ReturnType<typeof createWishClaimsJob>;

/** The module's periodic jobs: every `JINGUO_CARE_WISH_CLAIMS_SECONDS` (an hour by default). */
export function careJobs(job: WishClaimsJob): PeriodicJob[] {
  return [{ name: WISH_CLAIMS_QUEUE, seconds: wishClaimsSeconds(), run: async () => void (await job.pass()) }];
}
