import { BREAK_GLASS_MINUTES } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { loadCase, nowOf, requireWritable, type CasesDeps } from './cases.access.service.js';
import { supervisorRecipients } from './cases.policy.js';
import { readAudited } from './cases.read.service.js';
import * as repo from './cases.repository.js';

/** Reads beyond the view, each with a reason and audited: a party's or the caller's contact in clear, break-glass. */
export function createDisclosureService(deps: CasesDeps) {
  const { crypto } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    /** A party's name, phone or ID number in clear: for the entitled, with a reason, always audited. */
    unmaskParty: (
      actor: UserActor,
      id: number,
      partyId: number,
      field: 'name' | 'phone' | 'idNumber',
      reason: string,
    ) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const { c } = await requireWritable(s, actor, id, nowOf(deps));
        const p = await repo.findParty(s, id, partyId);
        if (!p) throw new AppError('CASE_PARTY_NOT_FOUND', { field: 'partyId' });
        let value: string | null = null;
        if (field === 'name') value = p.nameEnc ? crypto.decrypt(p.nameEnc) : null;
        else if (p.personId) {
          const person = await deps.people.findPerson(s, p.personId);
          const enc = field === 'phone' ? person?.phoneEnc : person?.idNumberEnc;
          value = enc ? crypto.decrypt(enc) : null;
        } else if (field === 'phone') value = p.phoneEnc ? crypto.decrypt(p.phoneEnc) : null;
        await appendAudit(s.tx, actor, {
          action: 'case.unmask',
          targetType: 'case',
          targetId: id,
          orgId: c.orgId,
          orgPath: c.orgPath,
          reason,
          after: { partyId, field },
        });
        return { field, value };
      }),

    /** The hotline call-back number in clear (to call her back), audited. */
    unmaskCallback: (actor: UserActor, id: number, reason: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const { c } = await requireWritable(s, actor, id, nowOf(deps));
        const d = await repo.details(s, c.id);
        await appendAudit(s.tx, actor, {
          action: 'case.unmask',
          targetType: 'case',
          targetId: id,
          orgId: c.orgId,
          orgPath: c.orgPath,
          reason,
          after: { field: 'callbackPhone' },
        });
        return { field: 'callbackPhone', value: d?.callbackPhoneEnc ? crypto.decrypt(d.callbackPhoneEnc) : null };
      }),

    /** Break-glass: a reasoned, time-limited read for someone in the subtree; the supervisors are alerted; audited. */
    breakGlass: (actor: UserActor, id: number, reason: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.breakglass');
        const now = nowOf(deps);
        const l = await loadCase(s, actor, id, now);
        if (l.basis !== null && l.basis !== 'break_glass')
          throw new AppError('CONFLICT', { zh: '您已有权查看该案件', en: 'You may already read this case' });
        const expiresAt = new Date(now.getTime() + BREAK_GLASS_MINUTES * 60_000);
        await repo.insertGrant(s, {
          caseId: id,
          orgPath: l.c.orgPath,
          districtId: l.c.districtId,
          userId: actor.userId,
          userName: `${actor.displayName}（${actor.username}）`,
          reason,
          grantedAt: now,
          expiresAt,
        });
        // The grant row is the case's record of it (shown to the entitled as accessGrants); a grant holder writes
        // nothing else.
        await notify(s.tx, {
          kind: 'case.break_glass',
          recipients: supervisorRecipients(l.c.orgPath),
          title: {
            'zh-CN': `${actor.displayName} 申请紧急查看维权案件 ${l.c.caseNo}`,
            'en-US': `${actor.displayName} used break-glass access on case ${l.c.caseNo}`,
          },
          body: {
            'zh-CN': `理由：${reason}；有效期 ${BREAK_GLASS_MINUTES} 分钟`,
            'en-US': `Reason: ${reason}; valid for ${BREAK_GLASS_MINUTES} minutes`,
          },
          link: `/cases/${id}`,
          target: { type: 'case', id },
          orgPath: l.c.orgPath,
        });
        await appendAudit(s.tx, actor, {
          action: 'case.break_glass',
          targetType: 'case',
          targetId: id,
          orgId: l.c.orgId,
          orgPath: l.c.orgPath,
          reason,
          after: { expiresAt: expiresAt.toISOString() },
        });
        return readAudited(deps, s, actor, id);
      }),
  };
}
