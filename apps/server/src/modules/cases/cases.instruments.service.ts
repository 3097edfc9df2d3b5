import type { z } from 'zod';
import { addDays } from '../../platform/time.js';
import { ORDER_DECISION_HOURS, ORDER_REMINDER_WORKDAYS, type InstrumentInput } from '@jinguo/contracts';
import type { InstrumentUpdate } from '@jinguo/contracts';
import { chinaDate } from '../../platform/calendar/index.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { UserActor } from '../../platform/scope.js';
import type { CasesDeps } from './cases.access.service.js';
import type { HandlingWrite } from './cases.handling.service.js';
import * as handlingRepo from './cases.handling.repository.js';
import * as repo from './cases.repository.js';

/** Legal instruments on a case: warning letters and protection orders, their decision deadline and expiry reminder. */
export function createInstrumentsService(deps: CasesDeps, write: HandlingWrite) {
  return {
    addInstrument: (actor: UserActor, id: number, input: z.infer<typeof InstrumentInput>) =>
      write(actor, id, 'case.instrument', async (s, c, now) => {
        const cols = instrumentColumns(input, now);
        const row = await handlingRepo.insertInstrument(s, {
          caseId: c.id,
          orgPath: c.orgPath,
          districtId: c.districtId,
          kind: input.kind,
          urgent: input.urgent,
          issuer: input.issuer ?? null,
          ...cols,
        });
        await repo.insertEvent(s, c, {
          kind: 'instrument',
          detail: {
            instrumentId: row.id,
            kind: input.kind,
            status: input.status,
            validUntil: cols.validUntil ?? null,
          },
        });
        return { instrumentId: row.id, kind: input.kind, status: input.status };
      }),

    updateInstrument: (actor: UserActor, id: number, instrumentId: number, input: z.infer<typeof InstrumentUpdate>) =>
      write(actor, id, 'case.instrument.update', async (s, c, now) => {
        const row = await handlingRepo.findInstrument(s, c.id, instrumentId);
        if (!row) throw new AppError('INSTRUMENT_NOT_FOUND', { field: 'instrumentId' });
        if (row.status !== 'applied')
          throw new AppError('CONFLICT', {
            field: 'status',
            zh: '只有申请中的文书可以登记结果',
            en: 'Only an applied instrument can get a decision',
          });
        const cols = instrumentColumns(
          {
            kind: row.kind as 'protection_order',
            status: input.status,
            urgent: row.urgent,
            ...(input.issuedAt ? { issuedAt: input.issuedAt } : {}),
            ...(input.validUntil ? { validUntil: input.validUntil } : {}),
          },
          now,
          row.appliedAt,
        );
        await handlingRepo.updateInstrument(s, instrumentId, {
          ...cols,
          documentNo: input.documentNo ?? row.documentNo,
        });
        await repo.insertEvent(s, c, {
          kind: 'instrument',
          detail: { instrumentId, kind: row.kind, status: input.status, validUntil: cols.validUntil ?? null },
        });
        return { instrumentId, status: input.status };
      }),
  };

  /** Dates of an instrument: the court's decision deadline (72 h, 24 h urgent) and the reminder day before expiry. */
  function instrumentColumns(
    input: {
      kind: string;
      status: string;
      urgent: boolean;
      appliedAt?: string;
      issuedAt?: string;
      validUntil?: string;
    },
    now: Date,
    appliedBefore: Date | null = null,
  ) {
    const appliedAt = input.appliedAt
      ? new Date(input.appliedAt)
      : (appliedBefore ?? (input.status === 'applied' ? now : null));
    if (input.status === 'issued' && input.kind === 'protection_order' && !input.validUntil)
      throw fieldError(
        'VALIDATION_FAILED',
        'validUntil',
        '保护令须填写有效期',
        'a protection order needs its expiry date',
      );
    const issuedAt = input.status === 'issued' ? (input.issuedAt ? new Date(input.issuedAt) : now) : null;
    if (issuedAt && input.validUntil && input.validUntil < chinaDate(issuedAt))
      throw fieldError(
        'VALIDATION_FAILED',
        'validUntil',
        '有效期不能早于签发日期',
        'the expiry cannot precede the issue date',
      );
    const decisionDueAt =
      input.kind === 'protection_order' && appliedAt
        ? deps.calendar.deadline(appliedAt, {
            amount: input.urgent ? ORDER_DECISION_HOURS.urgent : ORDER_DECISION_HOURS.normal,
            unit: 'hours',
          })
        : null;
    const remindOn =
      input.kind === 'protection_order' && input.validUntil
        ? workdaysBefore(input.validUntil, ORDER_REMINDER_WORKDAYS)
        : null;
    return {
      status: input.status,
      appliedAt,
      issuedAt,
      decisionDueAt,
      validUntil: input.validUntil ?? null,
      remindOn,
      reminderSentAt: null,
    };
  }

  /** The working day `n` working days before `day` (the reminder lead time before an order expires). */
  function workdaysBefore(day: string, n: number): string {
    let d = day;
    let left = n;
    while (left > 0) {
      d = addDays(d, -1);
      if (deps.calendar.isWorkday(d)) left--;
    }
    return d;
  }
}
