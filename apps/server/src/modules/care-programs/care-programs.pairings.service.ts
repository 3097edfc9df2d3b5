import type { z } from 'zod';
import {
  maskPhone,
  PAIRING_MACHINE,
  type ContactInput,
  type EndPairingInput,
  type Pairing,
  type PairingInput,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import {
  districtIdOfPath,
  pathWithin,
  requireOrgInScope,
  runScoped,
  type Scoped,
  type UserActor,
} from '../../platform/scope.js';
import { bumpCounters } from '../../platform/stats/index.js';
import { addDays } from '../../platform/time.js';
import * as foreign from './care-programs.directory.repository.js';
import * as kind from './care-programs.kindness.repository.js';
import { personFacts } from './care-programs.programs.service.js';
import type { CareDeps } from './care-programs.service.js';

/** Registry tags that make a child eligible for a 爱心妈妈. */
export const PAIRED_CHILD_TAGS = ['left_behind_child', 'child_in_distress'];
const notFound = () => new AppError('NOT_FOUND', { field: 'pairingId' });

/** The day the next contact is due, and whether it is past (`today` beyond it) while the pairing is active. */
export function pairingDue(p: kind.PairingRow, today: string): { nextContactDue: string | null; overdue: boolean } {
  if (p.state !== 'active') return { nextContactDue: null, overdue: false };
  const due = addDays(p.lastContactOn ?? p.startsOn, p.contactEveryDays);
  return { nextContactDue: due, overdue: today > due };
}

/** 爱心妈妈: pairings of a volunteer or cadre with a child of the registry, their contacts, and the overdue ones. */
export function createPairings(deps: CareDeps) {
  async function views(s: Scoped, rows: kind.PairingRow[], withContacts: boolean): Promise<Pairing[]> {
    const orgs = await foreign.orgsById(
      s,
      rows.map((r) => r.orgId),
    );
    const persons = await foreign.personsById(
      s,
      rows.map((r) => r.childPersonId),
    );
    const contacts = withContacts
      ? await kind.contactsOf(
          s,
          rows.map((r) => r.id),
        )
      : [];
    const today = deps.today();
    return rows.map((p) => ({
      id: p.id,
      org: { id: p.orgId, name: orgs.get(p.orgId)?.name ?? '' },
      child: { id: p.childPersonId, name: persons.get(p.childPersonId)?.name ?? '' },
      motherKind: p.motherKind as 'volunteer',
      motherName: p.motherName,
      motherPhone: p.motherPhoneMasked,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      contactEveryDays: p.contactEveryDays,
      note: p.note,
      state: p.state as 'active',
      endedReason: p.endedReason,
      lastContactOn: p.lastContactOn,
      ...pairingDue(p, today),
      contacts: contacts
        .filter((c) => c.pairingId === p.id)
        .map((c) => ({
          id: c.id,
          contactedOn: c.contactedOn,
          way: c.way as 'visit',
          note: c.note,
          recordedBy: c.recordedBy,
        })),
    }));
  }
  async function requirePairing(s: Scoped, id: number, lock = false) {
    const p = await kind.findPairing(s, id, lock);
    if (!p) throw notFound();
    return p;
  }
  function requireAction(p: kind.PairingRow, action: 'contact' | 'end') {
    if (!PAIRING_MACHINE.next(action, p.state as 'active'))
      throw fieldError('CARE_INVALID_TRANSITION', 'pairingId', '结对已结束', 'the pairing has ended');
  }

  /** In its own transaction, or in the caller's (the demo loader's). */
  const within = <T>(actor: UserActor, at: Scoped | undefined, fn: (s: Scoped) => Promise<T>) =>
    at ? fn(at) : runScoped(deps.handle, actor, fn);

  return {
    list: (actor: UserActor, q: { state?: 'active' | 'ended'; overdue?: boolean }, at?: Scoped) =>
      within(actor, at, async (s) => {
        const rows = await kind.listPairings(s, {
          ...(q.state ? { state: q.state } : {}),
          ...(q.overdue ? { overdueOn: deps.today() } : {}),
        });
        const out = await views(s, rows, false);
        return q.overdue === false ? out.filter((p) => !p.overdue) : out;
      }),
    get: (actor: UserActor, id: number, at?: Scoped) =>
      within(actor, at, async (s) => (await views(s, [await requirePairing(s, id)], true))[0]!),

    create: (actor: UserActor, input: z.infer<typeof PairingInput>, at?: Scoped) =>
      within(actor, at, async (s) => {
        const org = requireOrgInScope(s, (await foreign.orgsById(s, [input.orgId])).get(input.orgId), {
          field: 'orgId',
          active: true,
        });
        const { person, facts } = await personFacts(deps, s, input.childPersonId).catch((e: unknown) => {
          throw e instanceof AppError ? new AppError('PERSON_NOT_FOUND', { field: 'childPersonId' }) : e;
        });
        if (!pathWithin(person.orgPath, org.path))
          throw fieldError(
            'VALIDATION_FAILED',
            'childPersonId',
            '儿童不在该组织范围内',
            'the child is outside the org',
          );
        if (!facts.tags.some((t) => PAIRED_CHILD_TAGS.includes(t)))
          throw fieldError(
            'VALIDATION_FAILED',
            'childPersonId',
            '只能与留守儿童或困境儿童结对',
            'only a left-behind child or a child in distress can be paired',
          );
        if (input.endsOn && input.endsOn < input.startsOn)
          throw fieldError(
            'VALIDATION_FAILED',
            'endsOn',
            '结束日期不能早于开始日期',
            'the end date is before the start',
          );
        if (input.startsOn > deps.today())
          throw fieldError(
            'VALIDATION_FAILED',
            'startsOn',
            '开始日期不能晚于今天',
            'the start cannot be in the future',
          );
        if (await kind.activePairingOfChild(s, person.id))
          throw fieldError('CONFLICT', 'childPersonId', '该儿童已有结对的爱心妈妈', 'the child already has a pairing');
        const p = await kind.insertPairing(s, {
          orgId: org.id,
          orgPath: person.orgPath,
          districtId: districtIdOfPath(person.orgPath),
          childPersonId: person.id,
          motherKind: input.motherKind,
          motherName: input.motherName,
          motherPhoneEnc: input.motherPhone ? deps.crypto.encrypt(input.motherPhone) : null,
          motherPhoneMasked: input.motherPhone ? maskPhone(input.motherPhone) : null,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          contactEveryDays: input.contactEveryDays,
          note: input.note,
          createdBy: actor.username,
        });
        await bumpCounters(s.tx, { orgPath: p.orgPath, day: p.startsOn, deltas: { 'care.pairings_active': 1 } });
        await appendAudit(s.tx, actor, {
          action: 'care.pairings.create',
          targetType: 'care_pairing',
          targetId: p.id,
          orgId: p.orgId,
          orgPath: p.orgPath,
          after: { ...input, motherPhone: p.motherPhoneMasked },
        });
        return (await views(s, [p], true))[0]!;
      }),

    contact: (actor: UserActor, id: number, input: z.infer<typeof ContactInput>, at?: Scoped) =>
      within(actor, at, async (s) => {
        const p = await requirePairing(s, id, true);
        requireAction(p, 'contact');
        if (input.contactedOn < p.startsOn || input.contactedOn > deps.today())
          throw fieldError(
            'VALIDATION_FAILED',
            'contactedOn',
            '联系日期须在结对开始之后、今天之前',
            'the date must lie between the start of the pairing and today',
          );
        const c = await kind.insertContact(s, {
          pairingId: p.id,
          orgPath: p.orgPath,
          contactedOn: input.contactedOn,
          way: input.way,
          note: input.note,
          recordedBy: actor.displayName,
        });
        if (!p.lastContactOn || input.contactedOn > p.lastContactOn)
          await kind.updatePairing(s, p.id, { lastContactOn: input.contactedOn });
        await appendAudit(s.tx, actor, {
          action: 'care.pairings.contact',
          targetType: 'care_pairing',
          targetId: p.id,
          orgId: p.orgId,
          orgPath: p.orgPath,
          after: { contactId: c.id, contactedOn: c.contactedOn, way: c.way },
        });
        return (await views(s, [(await kind.findPairing(s, p.id))!], true))[0]!;
      }),

    end: (actor: UserActor, id: number, input: z.infer<typeof EndPairingInput>, at?: Scoped) =>
      within(actor, at, async (s) => {
        const p = await requirePairing(s, id, true);
        requireAction(p, 'end');
        if (input.endedOn < p.startsOn || input.endedOn > deps.today())
          throw fieldError(
            'VALIDATION_FAILED',
            'endedOn',
            '结束日期须在结对开始之后、今天之前',
            'the date must lie between the start of the pairing and today',
          );
        const ended = await kind.updatePairing(s, p.id, {
          state: 'ended',
          endedOn: input.endedOn,
          endedReason: input.reason,
        });
        await bumpCounters(s.tx, { orgPath: p.orgPath, day: input.endedOn, deltas: { 'care.pairings_active': -1 } });
        await appendAudit(s.tx, actor, {
          action: 'care.pairings.end',
          targetType: 'care_pairing',
          targetId: p.id,
          orgId: p.orgId,
          orgPath: p.orgPath,
          after: input,
        });
        return (await views(s, [ended], true))[0]!;
      }),
  };
}
export type Pairings = ReturnType<typeof createPairings>;
