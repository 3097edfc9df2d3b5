import { pathWithin } from '../../platform/scope.js';
import { addDays } from '../../platform/time.js';
import type { z } from 'zod';
import { JUDICIAL_CONFIRMATION_DAYS, type MediationOutcomeInput, type MediationSessionInput } from '@jinguo/contracts';
import { chinaDate } from '../../platform/calendar/index.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { Scoped, UserActor } from '../../platform/scope.js';
import { count, type CasesDeps } from './cases.access.service.js';
import type { HandlingWrite } from './cases.handling.service.js';
import * as handlingRepo from './cases.handling.repository.js';
import * as repo from './cases.repository.js';

/** Mediation on a case (调解): a roster mediator, sessions, the outcome, the 30-day judicial confirmation window. */
export function createMediationService(deps: CasesDeps, write: HandlingWrite) {
  const { crypto } = deps;
  return {
    startMediation: (actor: UserActor, id: number, mediatorId: number) =>
      write(actor, id, 'case.mediation.start', async (s, c, now) => {
        const m = await handlingRepo.findActiveMediator(s, mediatorId);
        if (!m || !(pathWithin(c.orgPath, m.orgPath) || pathWithin(m.orgPath, c.orgPath)))
          throw fieldError('NOT_FOUND', 'mediatorId', '调解员不在名册中', 'the mediator is not on the roster');
        const row = await handlingRepo.insertMediation(s, {
          caseId: c.id,
          orgPath: c.orgPath,
          districtId: c.districtId,
          mediatorId: m.id,
          mediatorName: m.name,
          status: 'ongoing',
          startedAt: now,
        });
        await repo.insertEvent(s, c, { kind: 'mediation', detail: { mediationId: row.id, mediator: m.name } });
        await count(s, c.orgPath, { 'cases.mediations': 1 }, now);
        return { mediationId: row.id };
      }),

    addMediationSession: (
      actor: UserActor,
      id: number,
      mediationId: number,
      input: z.infer<typeof MediationSessionInput>,
    ) =>
      write(actor, id, 'case.mediation.session', async (s, c) => {
        const m = await ongoingMediation(s, c.id, mediationId);
        const sessions = m.sessions as { id: number }[];
        const session = {
          id: sessions.length + 1,
          heldAt: new Date(input.heldAt).toISOString(),
          place: input.place ?? null,
          summaryEnc: crypto.encrypt(input.summary),
        };
        await handlingRepo.updateMediation(s, mediationId, { sessions: [...sessions, session] });
        await repo.insertEvent(s, c, { kind: 'mediation_session', detail: { mediationId, session: session.id } });
        return { mediationId, session: session.id };
      }),

    concludeMediation: (
      actor: UserActor,
      id: number,
      mediationId: number,
      input: z.infer<typeof MediationOutcomeInput>,
    ) =>
      write(actor, id, 'case.mediation.conclude', async (s, c) => {
        await ongoingMediation(s, c.id, mediationId);
        if (input.status === 'agreement') {
          const agreementDay = chinaDate(new Date(input.agreementAt));
          const due = addDays(agreementDay, JUDICIAL_CONFIRMATION_DAYS);
          await handlingRepo.updateMediation(s, mediationId, {
            status: 'agreement',
            agreementAt: new Date(input.agreementAt),
            termsEnc: crypto.encrypt(input.terms),
            obligationsEnc: input.obligations ? crypto.encrypt(input.obligations) : null,
            performanceDue: input.performanceDue ?? null,
            signedBy: input.signedBy,
            confirmationDue: due,
          });
        } else {
          await handlingRepo.updateMediation(s, mediationId, {
            status: 'no_agreement',
            noAgreementReason: input.reason,
          });
        }
        await repo.insertEvent(s, c, { kind: 'mediation_outcome', detail: { mediationId, status: input.status } });
        return { mediationId, status: input.status };
      }),

    judicialConfirmation: (
      actor: UserActor,
      id: number,
      mediationId: number,
      value: 'applied' | 'confirmed' | 'rejected',
    ) =>
      write(actor, id, 'case.mediation.judicial_confirmation', async (s, c) => {
        const m = await handlingRepo.findMediation(s, c.id, mediationId);
        if (!m) throw new AppError('MEDIATION_NOT_FOUND', { field: 'mediationId' });
        if (m.status !== 'agreement')
          throw new AppError('CONFLICT', {
            zh: '只有达成协议的调解可申请司法确认',
            en: 'Only an agreement can be judicially confirmed',
          });
        if (value === 'applied' && m.confirmationDue && m.confirmationDue < deps.today())
          throw new AppError('CONFLICT', {
            zh: '已超过 30 日司法确认申请期限',
            en: 'The 30-day window for judicial confirmation has passed',
          });
        await handlingRepo.updateMediation(s, mediationId, { judicialConfirmation: value });
        await repo.insertEvent(s, c, { kind: 'judicial_confirmation', detail: { mediationId, value } });
        return { mediationId, value };
      }),
  };

  async function ongoingMediation(s: Scoped, caseId: number, mediationId: number) {
    const m = await handlingRepo.findMediation(s, caseId, mediationId);
    if (!m) throw new AppError('MEDIATION_NOT_FOUND', { field: 'mediationId' });
    if (m.status !== 'ongoing') throw new AppError('MEDIATION_CLOSED');
    return m;
  }
}
