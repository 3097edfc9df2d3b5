import { ageOn, CONSENT_CHILD_AGE, type Consent, type ConsentInput, WithdrawConsentInput } from '@jinguo/contracts';
import type { z } from 'zod';
import { ConsentInput as ConsentInputSchema } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { chinaDate } from '../../platform/time.js';
import * as repo from './people.consents.repository.js';
import { guardiansOf, type PersonRow } from './people.repository.js';
import { requirePerson, requireWritablePerson, type PeopleDeps } from './people.service.js';

type Row = Awaited<ReturnType<typeof repo.consentsOf>>[number];

function consentView(person: PersonRow, { c, guardianName }: Row): Consent {
  return {
    id: c.id,
    personId: c.personId,
    kind: c.kind as Consent['kind'],
    purpose: c.purpose,
    givenBy:
      c.guardianId === null
        ? { kind: 'self', personId: person.id, name: person.name }
        : { kind: 'guardian', personId: c.guardianId, name: guardianName ?? '' },
    method: c.method as Consent['method'],
    givenAt: c.givenAt.toISOString(),
    evidenceNote: c.evidenceNote,
    recordedBy: c.recordedBy,
    withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
    withdrawnBy: c.withdrawnBy,
    withdrawalReason: c.withdrawalReason,
    active: c.withdrawnAt === null,
  };
}

/**
 * Who may consent (个人信息保护法 §31): a child under 14 only through one of her guardians, and a guardian's consent
 * for a child only for a child under 14; a guardian must be one linked to her in the registry.
 */
async function checkConsenter(s: Scoped, person: PersonRow, input: z.output<typeof ConsentInputSchema>, today: string) {
  const age = person.birthDate ? ageOn(person.birthDate, today) : null;
  const child = age !== null && age < CONSENT_CHILD_AGE;
  if (input.kind === 'guardian_child' && !child)
    throw fieldError(
      'VALIDATION_FAILED',
      'kind',
      age === null ? '出生日期不详，无法确认是否为不满十四周岁的儿童' : '本人已满十四周岁，不适用监护人同意',
      age === null
        ? 'her birth date is unknown, so she cannot be taken for a child under 14'
        : 'she is 14 or older: guardian consent for a child does not apply',
    );
  if (input.guardianId === null) {
    if (child)
      throw fieldError(
        'VALIDATION_FAILED',
        'guardianId',
        '不满十四周岁的儿童不能本人同意，须由其监护人同意',
        'a child under 14 cannot consent herself: one of her guardians must',
      );
    return;
  }
  if (!child)
    throw fieldError(
      'VALIDATION_FAILED',
      'guardianId',
      '年满十四周岁者须本人同意，监护人不能代为同意',
      'a person of 14 or older consents herself, not through a guardian',
    );
  const guardians = await guardiansOf(s, person.id);
  if (!guardians.some((g) => g.personId === input.guardianId))
    throw fieldError(
      'VALIDATION_FAILED',
      'guardianId',
      '同意人不是该儿童登记的监护人',
      "the consenting person is not one of the child's registered guardians",
    );
}

/** Consent records of a person: list, record, withdraw; each change audited in the writer's transaction. */
export function createConsentsService(deps: PeopleDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  const listOf = async (s: Scoped, person: PersonRow) =>
    (await repo.consentsOf(s, person.id)).map((r) => consentView(person, r));

  return {
    list: (actor: UserActor, personId: number) =>
      run(actor, async (s) => ({ items: await listOf(s, await requirePerson(s, personId)) })),

    record: (actor: UserActor, personId: number, body: ConsentInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const input = ConsentInputSchema.parse(body);
        const person = await requireWritablePerson(s, personId);
        if (chinaDate(new Date(input.givenAt)) > deps.today())
          throw fieldError(
            'VALIDATION_FAILED',
            'givenAt',
            '同意时间不能晚于今天',
            'consent cannot be given in the future',
          );
        await checkConsenter(s, person, input, deps.today());
        const row = await repo.insertConsent(s, person, {
          kind: input.kind,
          purpose: input.purpose,
          guardianId: input.guardianId,
          method: input.method,
          givenAt: new Date(input.givenAt),
          evidenceNote: input.evidenceNote,
          recordedBy: actor.username,
        });
        await appendAudit(s.tx, actor, {
          action: 'person.consent.record',
          targetType: 'person',
          targetId: person.id,
          orgId: person.orgId,
          orgPath: person.orgPath,
          after: {
            consentId: row.id,
            kind: row.kind,
            purpose: row.purpose,
            guardianId: row.guardianId,
            method: row.method,
          },
        });
        return (await listOf(s, person)).find((c) => c.id === row.id)!;
      }),

    withdraw: (actor: UserActor, personId: number, consentId: number, body: z.input<typeof WithdrawConsentInput>) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const input = WithdrawConsentInput.parse(body);
        const person = await requireWritablePerson(s, personId);
        const consent = await repo.findConsent(s, person.id, consentId);
        if (!consent) throw new AppError('NOT_FOUND', { field: 'consentId' });
        if (consent.withdrawnAt)
          throw new AppError('CONFLICT', {
            field: 'withdrawnAt',
            zh: '该同意已撤回',
            en: 'This consent was withdrawn already',
          });
        const at = input.withdrawnAt ? new Date(input.withdrawnAt) : new Date();
        if (at < consent.givenAt)
          throw fieldError('VALIDATION_FAILED', 'withdrawnAt', '撤回时间早于同意时间', 'withdrawn before it was given');
        await repo.withdrawConsent(s, consent.id, at, actor.username, input.reason);
        await appendAudit(s.tx, actor, {
          action: 'person.consent.withdraw',
          targetType: 'person',
          targetId: person.id,
          orgId: person.orgId,
          orgPath: person.orgPath,
          reason: input.reason,
          before: { consentId: consent.id, kind: consent.kind, purpose: consent.purpose },
        });
        return (await listOf(s, person)).find((c) => c.id === consent.id)!;
      }),
  };
}
