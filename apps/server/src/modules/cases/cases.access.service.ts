import type { DemandIntake } from '../demands/index.js';
import type { OrganizationsApi } from '../organizations/index.js';
import type { PeopleApi } from '../people/index.js';
import { auditNow } from '../../platform/audit/audit.service.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import type { Files } from '../../platform/files/index.js';
import type { WorkCalendar } from '../../platform/calendar/index.js';
import { chinaDate } from '../../platform/calendar/index.js';
import { bumpCounters } from '../../platform/stats/index.js';
import { type Scoped, type UserActor } from '../../platform/scope.js';
import { accessBasis, actorFacts, canWriteCase, type AccessBasis, type CaseFacts } from './cases.policy.js';
import * as repo from './cases.repository.js';

export interface CasesDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  today: () => string;
  calendar: WorkCalendar;
  files: Files;
  /** The demands module's intake, for turning a demand into a case (absent in tests that need no demands). */
  demands?: DemandIntake;
  /** The organizations module: an org in the caller's scope, its children. */
  organizations: Pick<OrganizationsApi, 'findOrg' | 'childrenOf'>;
  /** The people module: the parties a case names, or registers. */
  people: Pick<PeopleApi, 'findPerson' | 'requirePerson' | 'registerPerson'>;
  now?: () => Date;
}

export const nowOf = (deps: Pick<CasesDeps, 'now'>) => (deps.now ? deps.now() : new Date());

export interface LoadedCase {
  c: repo.CaseRow;
  facts: CaseFacts;
  basis: AccessBasis | null;
  grantExpiresAt: Date | null;
}

/** Header in scope, then the facts the policy needs. Out of scope → 404 (existence does not leak). */
export async function loadCase(s: Scoped, actor: UserActor, id: number, now: Date): Promise<LoadedCase> {
  const found = await repo.findCaseForActor(s, id, actor.userId, now);
  if (!found) throw new AppError('CASE_NOT_FOUND');
  const { c, assigned, grantExpiresAt } = found;
  const facts: CaseFacts = {
    status: c.status as CaseFacts['status'],
    orgPath: c.orgPath,
    assigned,
    grantExpiresAt,
    contactPending: false,
  };
  return { c, facts, basis: accessBasis(actorFacts(actor), facts, now), grantExpiresAt };
}

/** A refused read: the caller's transaction rolls back, so the refusal is audited afterwards (`auditRefusal`). */
export class CaseAccessDenied extends AppError {
  constructor(readonly c: Pick<repo.CaseRow, 'id' | 'orgId' | 'orgPath'>) {
    super('CASE_ACCESS_DENIED');
  }
}

/** Runs a case read; a refusal is written to the audit trail in a transaction of its own, then rethrown. */
export async function auditingRefusal<T>(
  deps: Pick<CasesDeps, 'handle'>,
  actor: UserActor,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CaseAccessDenied) {
      await auditNow(deps.handle.db, actor, {
        action: 'case.read',
        result: 'failure',
        targetType: 'case',
        targetId: err.c.id,
        orgId: err.c.orgId,
        orgPath: err.c.orgPath,
        reason: 'not entitled (need-to-know)',
      });
    }
    throw err;
  }
}

/** An entitled read; a refused one is audited as such (who tried to read which case). */
export async function requireReadable(
  s: Scoped,
  actor: UserActor,
  id: number,
  now: Date,
): Promise<LoadedCase & { basis: AccessBasis }> {
  const l = await loadCase(s, actor, id, now);
  if (l.basis === null) throw new CaseAccessDenied(l.c);
  return l as LoadedCase & { basis: AccessBasis };
}

export async function requireWritable(s: Scoped, actor: UserActor, id: number, now: Date): Promise<LoadedCase> {
  const l = await loadCase(s, actor, id, now);
  if (!canWriteCase(actorFacts(actor), l.facts))
    throw new AppError(l.basis === null ? 'CASE_ACCESS_DENIED' : 'FORBIDDEN');
  return l;
}

/** The five-mechanism counters, bumped in the transaction of the change (platform/stats). */
export async function count(s: Scoped, orgPath: string, deltas: Record<string, number>, at: Date): Promise<void> {
  await bumpCounters(s.tx, { orgPath, day: chinaDate(at), deltas });
}
