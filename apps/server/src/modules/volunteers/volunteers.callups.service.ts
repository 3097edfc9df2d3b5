import { CALL_UP_MACHINE, type CallUpInput, type CallUpState } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/index.js';
import { hasPermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { chinaDate, formatDateTime } from '../../platform/time.js';
import * as repo from './volunteers.callups.repository.js';
import { callUpViews, mayManage } from './volunteers.callups.views.js';
import * as foreign from './volunteers.directory.repository.js';
import { addHours } from './volunteers.hours.service.js';
import * as vrepo from './volunteers.repository.js';
import { requireOrg, type VolunteersDeps } from './volunteers.service.js';

type AnswerBody = { response: 'accepted' | 'declined'; inviteeId?: number | undefined };
type AttendanceBody = { attended: { inviteeId: number; hours: number }[] };

/** Whom a call-up asks: team members and volunteers of the org's subtree, staff of its subtree; each once. */
async function resolveInvitees(s: Scoped, org: { path: string }, input: CallUpInput) {
  const teams = await vrepo.teamsById(s, input.teamIds);
  input.teamIds.forEach((id, i) => {
    const t = teams.find((x) => x.id === id);
    if (!t || !`${t.orgPath}.`.startsWith(`${org.path}.`))
      throw new AppError('NOT_FOUND', { field: `teamIds.${i}`, zh: '队伍不存在', en: 'Team not found' });
  });
  const fromTeams = await vrepo.memberIdsOfTeams(s, input.teamIds);
  const vols = await vrepo.volunteersById(s, [...new Set([...fromTeams, ...input.volunteerIds])]);
  input.volunteerIds.forEach((id, i) => {
    const v = vols.find((x) => x.id === id);
    if (!v || v.status !== 'active' || !`${v.orgPath}.`.startsWith(`${org.path}.`))
      throw new AppError('NOT_FOUND', { field: `volunteerIds.${i}`, zh: '志愿者不存在', en: 'Volunteer not found' });
  });
  const active = vols.filter((v) => v.status === 'active' && `${v.orgPath}.`.startsWith(`${org.path}.`));
  const staff = await repo.staffIn(s, input.userIds, org.path);
  input.userIds.forEach((id, i) => {
    if (!staff.some((u) => u.id === id)) throw new AppError('USER_NOT_FOUND', { field: `userIds.${i}` });
  });
  const persons = await foreign.personsById(
    s,
    active.map((v) => v.personId),
  );
  const rows: { volunteerId: number | null; userId: number | null; name: string }[] = active.map((v) => ({
    volunteerId: v.id,
    userId: v.userId,
    name: persons.get(v.personId)?.name ?? `#${v.id}`,
  }));
  for (const u of staff)
    if (!rows.some((r) => r.userId === u.id)) rows.push({ volunteerId: null, userId: u.id, name: u.displayName });
  if (!rows.length)
    throw fieldError('VALIDATION_FAILED', 'teamIds', '请至少选择一位动员对象', 'ask at least one volunteer or member');
  return rows;
}

/** 动员/下沉: call up, answer, record who came (their hours), cancel. */
export function createCallUps(deps: VolunteersDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  const requireCallUp = async (s: Scoped, id: number, lock = false) => {
    const c = await repo.findCallUp(s, id, lock);
    if (!c) throw new AppError('NOT_FOUND', { field: 'callUpId', zh: '动员不存在', en: 'Call-up not found' });
    return c;
  };
  const requireManage = (s: Scoped, actor: UserActor, c: repo.CallUpRow) => {
    if (!mayManage(s, actor, c)) throw new AppError('FORBIDDEN');
  };
  const one = async (s: Scoped, actor: UserActor, c: repo.CallUpRow) => (await callUpViews(s, actor, [c], true))[0]!;
  const transition = (c: repo.CallUpRow, action: 'close' | 'cancel') => {
    const to = CALL_UP_MACHINE.next(action, c.state as CallUpState);
    if (!to)
      throw new AppError('CONFLICT', { field: 'state', zh: '动员已结束或已取消', en: 'The call-up is no longer open' });
    return to;
  };

  const createIn = async (s: Scoped, actor: UserActor, input: CallUpInput) => {
    const org = await requireOrg(s, input.orgId);
    if (input.endsAt <= input.startsAt || Date.parse(input.endsAt) <= Date.parse(input.startsAt))
      throw fieldError('VALIDATION_FAILED', 'endsAt', '结束时间须晚于开始时间', 'the end must be after the start');
    const invitees = await resolveInvitees(s, org, input);
    const c = await repo.insertCallUp(s, {
      orgId: org.id,
      orgPath: org.path,
      districtId: org.districtId,
      title: input.title,
      description: input.description,
      place: input.place,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      needed: input.needed,
      createdByUserId: actor.userId,
      createdBy: actor.displayName,
    });
    await repo.insertInvitees(
      s,
      invitees.map((i) => ({ ...i, callUpId: c.id, orgPath: org.path })),
    );
    const recipients = invitees.flatMap((i) => (i.userId ? [{ user: i.userId }] : []));
    if (recipients.length)
      await notify(s.tx, {
        kind: 'volunteer.call_up',
        recipients,
        title: { 'zh-CN': `动员：${c.title}`, 'en-US': `Call-up: ${c.title}` },
        body: {
          'zh-CN': `${formatDateTime(c.startsAt)} 起，${c.place}，需 ${c.needed} 人，请在平台上回复能否参加`,
          'en-US': `From ${formatDateTime(c.startsAt)}, ${c.place}, ${c.needed} people needed; please answer on the platform`,
        },
        link: `/volunteers/call-ups/${c.id}`,
        target: { type: 'call_up', id: c.id },
        orgPath: org.path,
        channels: ['sms'],
      });
    await appendAudit(s.tx, actor, {
      action: 'volunteer.call_up.create',
      targetType: 'call_up',
      targetId: c.id,
      orgId: org.id,
      orgPath: org.path,
      after: { title: c.title, needed: c.needed, invitees: invitees.length },
    });
    return one(s, actor, c);
  };

  return {
    createIn,
    create: (actor: UserActor, input: CallUpInput) => run(actor, (s) => createIn(s, actor, input)),
    get: (actor: UserActor, id: number) => run(actor, async (s) => one(s, actor, await requireCallUp(s, id))),
    list: (
      actor: UserActor,
      q: { orgId?: number | undefined; state?: CallUpState | undefined; mine?: boolean | undefined },
    ) =>
      run(actor, async (s) => {
        const mine = q.mine || !hasPermission(actor, 'volunteer.read');
        const path = q.orgId ? (await requireOrg(s, q.orgId)).path : actor.scope.path;
        const rows = await repo.listCallUps(s, {
          path,
          state: q.state,
          invitedUserId: mine ? actor.userId : undefined,
        });
        return { items: (await callUpViews(s, actor, rows, false)).map(({ invitees: _, description: __, ...x }) => x) };
      }),

    answer: (actor: UserActor, id: number, body: AnswerBody) => run(actor, (s) => answerIn(s, actor, id, body)),
    answerIn,
    recordAttendance: (actor: UserActor, id: number, body: AttendanceBody) =>
      run(actor, (s) => recordAttendanceIn(s, actor, id, body)),
    recordAttendanceIn,
    cancel: (actor: UserActor, id: number) => run(actor, (s) => cancelIn(s, actor, id)),
  };

  async function answerIn(s: Scoped, actor: UserActor, id: number, body: AnswerBody) {
    // no row lock: an invitee from below reads the call-up through her invitation, which admits no update
    const c = await requireCallUp(s, id);
    const invitees = await repo.inviteesOf(s, [c.id]);
    let inv: repo.InviteeRow | undefined;
    if (body.inviteeId !== undefined) {
      requireManage(s, actor, c);
      inv = invitees.find((i) => i.id === body.inviteeId);
      if (!inv) throw new AppError('NOT_FOUND', { field: 'inviteeId', zh: '被动员人不存在', en: 'Invitee not found' });
    } else {
      inv = invitees.find((i) => i.userId === actor.userId);
      if (!inv)
        throw fieldError('VALIDATION_FAILED', 'inviteeId', '您不在此次动员名单中', 'you are not asked in this call-up');
    }
    if (c.state !== 'open')
      throw new AppError('CONFLICT', {
        field: 'state',
        zh: '动员已结束或已取消',
        en: 'The call-up is no longer open',
      });
    await repo.updateInvitee(s, inv.id, { response: body.response, respondedAt: new Date() });
    await appendAudit(s.tx, actor, {
      action: 'volunteer.call_up.answer',
      targetType: 'call_up',
      targetId: c.id,
      orgId: c.orgId,
      orgPath: c.orgPath,
      after: { inviteeId: inv.id, response: body.response },
    });
    return one(s, actor, c);
  }

  /** Records who came and for how long; the call-up closes and each volunteer who came gets the hours. */
  async function recordAttendanceIn(s: Scoped, actor: UserActor, id: number, body: AttendanceBody) {
    const c = await requireCallUp(s, id, true);
    requireManage(s, actor, c);
    const to = transition(c, 'close');
    if (c.startsAt.getTime() > Date.now())
      throw fieldError(
        'VALIDATION_FAILED',
        'attended',
        '动员尚未开始，不能登记到场',
        'the call-up has not started yet',
      );
    const invitees = await repo.inviteesOf(s, [c.id]);
    const came = new Map<number, number>();
    body.attended.forEach((a, i) => {
      if (!invitees.some((x) => x.id === a.inviteeId))
        throw new AppError('NOT_FOUND', {
          field: `attended.${i}.inviteeId`,
          zh: '被动员人不存在',
          en: 'Invitee not found',
        });
      if (came.has(a.inviteeId))
        throw fieldError('VALIDATION_FAILED', `attended.${i}.inviteeId`, '同一人登记了两次', 'listed twice');
      came.set(a.inviteeId, Math.round(a.hours * 60));
    });
    await repo.setAttendance(s, c.id, came);
    const vols = new Map(
      (
        await vrepo.volunteersById(
          s,
          invitees.flatMap((i) => (i.volunteerId ? [i.volunteerId] : [])),
        )
      ).map((v) => [v.id, v]),
    );
    const org = { id: c.orgId, path: c.orgPath, districtId: c.districtId };
    for (const i of invitees) {
      const v = i.volunteerId ? vols.get(i.volunteerId) : undefined;
      const minutes = came.get(i.id);
      if (v && minutes)
        await addHours(s, actor.displayName, {
          volunteer: v,
          org,
          servedOn: chinaDate(c.startsAt),
          minutes,
          source: 'call_up',
          sourceId: i.id,
          note: c.title,
        });
    }
    const closed = await repo.updateCallUp(s, c.id, { state: to, closedAt: new Date() });
    await appendAudit(s.tx, actor, {
      action: 'volunteer.call_up.close',
      targetType: 'call_up',
      targetId: c.id,
      orgId: c.orgId,
      orgPath: c.orgPath,
      after: { attended: [...came.keys()] },
    });
    return one(s, actor, closed);
  }

  async function cancelIn(s: Scoped, actor: UserActor, id: number) {
    const c = await requireCallUp(s, id, true);
    requireManage(s, actor, c);
    const to = transition(c, 'cancel');
    const cancelled = await repo.updateCallUp(s, c.id, { state: to, closedAt: new Date() });
    const told = (await repo.inviteesOf(s, [c.id])).filter((i) => i.userId && i.response !== 'declined');
    if (told.length)
      await notify(s.tx, {
        kind: 'volunteer.call_up_cancelled',
        recipients: told.map((i) => ({ user: i.userId! })),
        title: { 'zh-CN': `动员已取消：${c.title}`, 'en-US': `Call-up cancelled: ${c.title}` },
        link: `/volunteers/call-ups/${c.id}`,
        target: { type: 'call_up', id: c.id },
        orgPath: c.orgPath,
        channels: ['sms'],
      });
    await appendAudit(s.tx, actor, {
      action: 'volunteer.call_up.cancel',
      targetType: 'call_up',
      targetId: c.id,
      orgId: c.orgId,
      orgPath: c.orgPath,
    });
    return one(s, actor, cancelled);
  }
}
export type CallUps = ReturnType<typeof createCallUps>;
