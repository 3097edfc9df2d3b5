// What each role does in the soak: one operation per turn, drawn by weight — mostly the reads her pages make, some
// writes (visit records, demands ordered and taken, cases opened with notes and referrals, activity check-ins), each
// write tagged 'soak' and remembered so the end of the run can count it in the database.
import type { Role } from '@jinguo/contracts';
import type { Recorder, UserClient } from '../lib/soak-client.js';
import type { SoakUser } from '../lib/soak-users.js';

export interface Person {
  id: number;
  name: string;
}

/** What the users did that must be found again, shared by all of them. */
export interface SoakState {
  today: string;
  users: SoakUser[];
  /** Real persons of each home org's scope, by org id. */
  persons: Map<number, Person[]>;
  visits: number[];
  /** Demand id → the volunteer it was dispatched to (null: accepted by the village itself). */
  demands: Map<number, number | null>;
  demandsAccepted: Set<number>;
  demandsReplied: Set<number>;
  /** Case id → the district it is in and the worker who opened it. */
  cases: Map<number, { districtId: number; worker: string; referred: boolean }>;
  /** Ids of the notes (assessments) acknowledged. */
  caseNotes: Set<number>;
  /** Referral id → its case. */
  referrals: Map<number, number>;
  referralsAnswered: Set<number>;
  /** Village cadre → her activity and its check-in token. */
  activities: Map<string, { id: number; token: string }>;
  /** Activity id → check-ins acknowledged. */
  checkins: Map<number, number>;
  /** The next walk-in's phone number (distinct in a run). */
  phone: number;
}

type Op = (c: UserClient, u: SoakUser, rec: Recorder) => Promise<unknown>;

const any = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(Math.random() * xs.length)];

/** Draws one of `weighted` by its weight and runs it. */
function mix(weighted: [number, Op][]): Op {
  const total = weighted.reduce((a, [w]) => a + w, 0);
  return (c, u, rec) => {
    let r = Math.random() * total;
    for (const [w, op] of weighted) if ((r -= w) < 0) return op(c, u, rec);
    return weighted[0]![1](c, u, rec);
  };
}

interface Page<T> {
  items: T[];
}
/** Cases a worker may open in one run (the soak's rows stay modest in the benchmark database). */
const CASES_PER_WORKER = 2;

export function soakOps(s: SoakState): Record<Role, Op> {
  const personOf = (u: SoakUser) => any(s.persons.get(u.org.id) ?? []);
  const year = s.today.slice(0, 4);

  const orgRead: Op = (c, u) => c.call('org_read', 'GET', `/organizations/${u.org.id}`);
  const orgChildren: Op = (c, u) => c.call('org_children', 'GET', `/organizations/${u.org.id}/children`);
  const orgSubtree: Op = (c, u) => c.call('org_subtree', 'GET', `/organizations/${u.org.id}/coverage`);
  const peopleList: Op = (c) => c.call('people_list', 'GET', '/people?limit=50');
  const peopleSearch: Op = (c, u) => {
    const p = personOf(u);
    const q = p ? ([...p.name].length >= 3 ? [...p.name].slice(1).join('') : p.name) : '秀';
    return c.call('people_search', 'GET', `/people?limit=50&q=${encodeURIComponent(q)}`);
  };
  const personRead: Op = async (c, u) => {
    const p = personOf(u);
    return p ? c.call('person_read', 'GET', `/people/${p.id}`) : peopleList(c, u, undefined as never);
  };
  const caseListAll: Op = (c) => c.call('case_list', 'GET', '/cases?view=all&limit=50');
  const caseListMine: Op = (c) => c.call('case_list', 'GET', '/cases?view=mine&limit=50');
  const casesDue: Op = (c) => c.call('cases_due', 'GET', '/cases/due?days=7');
  const demandQueue: Op = (c) => c.call('demand_queue', 'GET', '/demands?view=queue&limit=50');
  const cockpit: Op = (c, u) =>
    c.call('cockpit', 'GET', `/dashboards/cockpit?orgId=${u.org.id}&from=${year}-01-01&to=${s.today}`);
  const activityList: Op = (c) => c.call('activity_list', 'GET', '/activities?limit=50');
  const notifications: Op = (c) => c.call('notifications', 'GET', '/notifications/unread-count');
  const visitList: Op = (c) => c.call('visit_list', 'GET', '/visits?mine=true&limit=50');

  /** The workbench: its lists fetched together as the page does (workbench.api.ts), timed as one. */
  const workbench =
    (paths: string[]): Op =>
    (c, _u, rec) =>
      rec.timed('workbench', async () => {
        const rs = await Promise.all(paths.map((p) => c.call('workbench', 'GET', p, { time: false })));
        return rs.every((r) => r !== null) ? true : null;
      });
  const cadreBench = workbench([
    '/demands?view=queue&limit=200',
    '/demands?view=queue&state=received&limit=200',
    '/tasks?box=inbox&limit=200',
    '/visits/campaigns',
    '/notifications/unread-count',
  ]);
  const caseBench = workbench(['/cases?view=mine&limit=200', '/cases/due?days=7', '/notifications/unread-count']);

  const visitRecord: Op = async (c, u) => {
    const p = personOf(u);
    const r = await c.call<{ id: number }>('visit_record', 'POST', '/visits', {
      body: {
        orgId: u.org.id,
        kind: u.role === 'executive_member' ? 'routine' : 'other',
        visitedOn: s.today,
        place: 'soak 入户走访',
        // a visit names whom it visited: a person of her scope, or her org where the sample holds none
        personIds: p ? [p.id] : [],
        orgIds: p ? [] : [u.org.id],
        situation: 'soak 压测走访记录：家庭情况稳定，无新增诉求。',
      },
    });
    if (r) s.visits.push(r.body.id);
  };

  /** 点单 → 派单: a resident's walk-in demand, dispatched to the village's volunteer (or taken by the village). */
  const demandOrder: Op = (c, u, rec) =>
    rec.timed('demand_order', async () => {
      const r = await c.call<{ id: number }>('demand_order', 'POST', '/demands', {
        body: {
          orgId: u.org.id,
          source: 'walk_in',
          category: 'family_education',
          title: 'soak 家庭教育指导',
          description: 'soak 压测：居民到村妇联点单，希望得到家庭教育指导。',
          requester: { name: 'soak 居民' },
        },
        time: false,
      });
      if (!r) return null;
      const volunteer = s.users.find((v) => v.role === 'volunteer' && v.org.id === u.org.id);
      const t = await c.call('demand_order', 'POST', `/demands/${r.body.id}/transitions`, {
        body: volunteer ? { action: 'dispatch', assigneeUserId: volunteer.id } : { action: 'accept' },
        time: false,
      });
      if (!t) return null;
      s.demands.set(r.body.id, volunteer?.id ?? null);
      if (!volunteer) s.demandsAccepted.add(r.body.id);
      return true;
    });

  /** A lecture of her village planned once, then walk-ins checking in by its QR code (a phone, no session). */
  const activityCheckin: Op = async (c, u) => {
    let a = s.activities.get(u.username);
    if (!a) {
      const planned = await c.call<{ id: number }>('activity_plan', 'POST', '/activities', {
        body: {
          orgId: u.org.id,
          kind: 'lecture',
          title: 'soak 家庭教育讲座',
          address: '党群服务中心',
          startsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
          endsAt: new Date(Date.now() + 180 * 60_000).toISOString(),
          organiser: 'soak',
        },
      });
      if (!planned) return;
      const qr = await c.call<{ token: string }>('activity_plan', 'GET', `/activities/${planned.body.id}/qr`, {
        time: false,
      });
      if (!qr) return;
      s.activities.set(u.username, (a = { id: planned.body.id, token: qr.body.token }));
      return;
    }
    const phone = String(s.phone++);
    const r = await c.call('activity_checkin', 'POST', `/portal/activities/${a.id}/checkin`, {
      body: { token: a.token, name: 'soak 居民', phone },
      session: false,
    });
    if (r) s.checkins.set(a.id, (s.checkins.get(a.id) ?? 0) + 1);
  };

  const myCases = (u: SoakUser) => [...s.cases.entries()].filter(([, x]) => x.worker === u.username).map(([id]) => id);
  const caseOpen: Op = async (c, u) => {
    if (myCases(u).length >= CASES_PER_WORKER) return caseListMine(c, u, undefined as never);
    const r = await c.call<{ id: number }>('case_open', 'POST', '/cases', {
      body: {
        orgId: u.org.id,
        channel: 'walk_in',
        caseType: 'marriage_family_dispute',
        narrative: 'soak 压测案件：夫妻因家务分工多次争吵，女方来访求助。',
        parties: [{ role: 'victim', unregistered: { name: 'soak 来访人', gender: 'female' } }],
      },
    });
    if (r) s.cases.set(r.body.id, { districtId: u.org.districtId!, worker: u.username, referred: false });
  };
  const caseRead: Op = async (c, u) => {
    const id = any(myCases(u));
    return id ? c.call('case_read', 'GET', `/cases/${id}`) : caseListMine(c, u, undefined as never);
  };
  const caseNote: Op = async (c, u) => {
    const id = any(myCases(u));
    if (!id) return caseOpen(c, u, undefined as never);
    const r = await c.call<{ assessments: { id: number }[] }>('case_note', 'POST', `/cases/${id}/assessments`, {
      body: { indicators: [], note: 'soak 回访记录：当事人情绪平稳，继续跟进。' },
    });
    const newest = r ? Math.max(...r.body.assessments.map((a) => a.id)) : null;
    if (newest !== null && Number.isFinite(newest)) s.caseNotes.add(newest);
  };
  const caseRefer: Op = async (c, u) => {
    const agency = s.users.find((a) => a.role === 'partner_agency' && a.org.districtId === u.org.districtId);
    const id = myCases(u).find((x) => !s.cases.get(x)!.referred);
    if (!agency || !id) return caseRead(c, u, undefined as never);
    s.cases.get(id)!.referred = true;
    const r = await c.call<{ referrals: { id: number; agency: { id: number } }[] }>(
      'case_refer',
      'POST',
      `/cases/${id}/referrals`,
      { body: { agencyId: agency.agencyId, request: 'soak 请协助提供法律咨询。' } },
    );
    const ref = r?.body.referrals.filter((x) => x.agency.id === agency.agencyId).sort((a, b) => b.id - a.id)[0];
    if (ref) s.referrals.set(ref.id, id);
  };
  const supervisorRead: Op = async (c, u) => {
    const id = any([...s.cases.entries()].filter(([, x]) => x.districtId === u.org.districtId).map(([i]) => i));
    return id ? c.call('case_read', 'GET', `/cases/${id}`) : caseListAll(c, u, undefined as never);
  };

  type Ref = { id: number; status: string };
  const inbox = async (c: UserClient) =>
    (await c.call<{ items: Ref[] }>('referral_inbox', 'GET', '/referrals'))?.body.items ?? [];
  const referralRead: Op = async (c) => {
    const r = any((await inbox(c)).filter((x) => s.referrals.has(x.id)));
    if (r) await c.call('referral_read', 'GET', `/referrals/${r.id}`);
  };
  /** Accept what was sent, then report back (final) on what was accepted: only the soak's own referrals. */
  const referralRespond: Op = async (c) => {
    const mine = (await inbox(c)).filter((x) => s.referrals.has(x.id));
    const sent = mine.find((x) => x.status === 'sent');
    if (sent)
      return c.call('referral_respond', 'POST', `/referrals/${sent.id}/respond`, { body: { action: 'accept' } });
    const accepted = mine.find((x) => x.status === 'accepted');
    if (!accepted) return;
    const r = await c.call('referral_respond', 'POST', `/referrals/${accepted.id}/respond`, {
      body: { action: 'report', text: 'soak 已提供法律咨询，建议调解。', final: true },
    });
    if (r) s.referralsAnswered.add(accepted.id);
  };

  /** 接单 and 回复: the volunteer takes what was dispatched to her, then replies on what she took. */
  const volunteerWork: Op = async (c, u) => {
    const page = await c.call<Page<{ id: number; state: string }>>('demand_mine', 'GET', '/demands?view=mine&limit=50');
    if (!page) return;
    const mine = page.body.items.filter((d) => s.demands.get(d.id) === u.id);
    const dispatched = mine.find((d) => d.state === 'dispatched');
    if (dispatched) {
      const r = await c.call('demand_accept', 'POST', `/demands/${dispatched.id}/transitions`, {
        body: { action: 'accept' },
      });
      if (r) s.demandsAccepted.add(dispatched.id);
      return;
    }
    const accepted = mine.find((d) => d.state === 'accepted');
    if (accepted && Math.random() < 0.5) {
      const r = await c.call('demand_reply', 'POST', `/demands/${accepted.id}/transitions`, {
        body: { action: 'reply', reply: 'soak 已上门提供家庭教育指导。' },
      });
      if (r) s.demandsReplied.add(accepted.id);
    }
  };

  const cadreReads: [number, Op][] = [
    [10, orgRead],
    [8, orgChildren],
    [3, orgSubtree],
    [8, peopleList],
    [8, peopleSearch],
    [10, personRead],
    [5, caseListAll],
    [8, demandQueue],
    [4, cockpit],
    [8, cadreBench],
    [4, activityList],
  ];
  const cadre: Op = (c, u, rec) => {
    const writes: [number, Op][] =
      u.org.level === 'village'
        ? [
            [3, visitRecord],
            [4, demandOrder],
            [4, activityCheckin],
          ]
        : u.org.level === 'city'
          ? []
          : [[3, visitRecord]];
    return mix([...cadreReads, ...writes])(c, u, rec);
  };
  const none: Op = async () => {};
  return {
    cadre,
    case_worker: mix([
      [10, caseListMine],
      [5, casesDue],
      [10, caseRead],
      [2, caseOpen],
      [4, caseNote],
      [2, caseRefer],
      [4, peopleSearch],
      [4, personRead],
      [5, caseBench],
    ]),
    case_supervisor: mix([
      [10, caseListAll],
      [8, supervisorRead],
      [4, casesDue],
      [4, caseBench],
    ]),
    partner_agency: mix([
      [6, async (c) => inbox(c)],
      [6, referralRead],
      [6, referralRespond],
    ]),
    executive_member: mix([
      [5, orgRead],
      [5, peopleList],
      [5, personRead],
      [3, visitRecord],
      [5, visitList],
      [5, notifications],
    ]),
    volunteer: mix([
      [10, volunteerWork],
      [3, orgRead],
      [5, notifications],
    ]),
    auditor: mix([
      [10, (c) => c.call('audit_events', 'GET', '/audit/events?limit=20')],
      [2, orgRead],
    ]),
    security_officer: mix([
      [5, (c) => c.call('role_grants', 'GET', '/role-grants?status=pending&limit=200')],
      [5, (c) => c.call('users_list', 'GET', '/users?limit=50')],
      [2, orgRead],
    ]),
    system_admin: none,
    mediator: none,
    counsellor: none,
  };
}
