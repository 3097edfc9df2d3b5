// The soak's users: accounts of its own (`soak.<role>.<org or agency>`), spread over the city, districts, towns and
// villages and over the roles, created once in the benchmark database the way seedCity writes its case workers and
// 执委 (the password the demo uses; no second factor until they enrol at their first sign-in of a run).
import { TOTP } from 'otpauth';
import type { Role } from '@jinguo/contracts';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { hashPassword } from '../../apps/server/src/platform/auth/passwords.js';
import type { Recorder, UserClient } from './soak-client.js';
import type { RawClient } from './targets.js';
import { sleep } from './timing.js';

export type Level = 'city' | 'district' | 'town' | 'village';

export interface OrgRef {
  id: number;
  path: string;
  districtId: number | null;
  level: Level;
}

export interface SoakUser {
  index: number;
  id: number;
  username: string;
  role: Role;
  org: OrgRef;
  /** partner_agency: the agency whose referrals she answers. */
  agencyId: number | null;
  /** Her TOTP secret once she enrolled in this run, and the last time step she used (a code is good once). */
  totp: TOTP | null;
  lastStep: number;
}

/** How many users of each role and level: 200 in all, as issue 16 item 9 asks; one of each in smoke runs. */
export const SOAK_PLAN: readonly { role: Role; level: Level; n: number }[] = [
  { role: 'cadre', level: 'city', n: 1 },
  { role: 'cadre', level: 'district', n: 20 },
  { role: 'cadre', level: 'town', n: 30 },
  { role: 'cadre', level: 'village', n: 40 },
  { role: 'case_worker', level: 'town', n: 30 },
  { role: 'case_supervisor', level: 'district', n: 5 },
  { role: 'partner_agency', level: 'district', n: 10 },
  { role: 'executive_member', level: 'village', n: 30 },
  { role: 'volunteer', level: 'village', n: 32 },
  { role: 'auditor', level: 'city', n: 1 },
  { role: 'security_officer', level: 'city', n: 1 },
];

const TYPE: Record<Level, string> = {
  city: `'city_federation'`,
  district: `'district_federation', 'functional_zone_federation'`,
  town: `'town_federation'`,
  village: `'village_federation'`,
};

/**
 * Orgs of a level in an order of their own (hashtext of the code salted with 'soak'), so the soak's writes land in
 * other villages and towns than the ones the other benchmarks sample (they order by hashtext(code)).
 */
async function orgsAt(raw: RawClient, level: Level, n: number): Promise<OrgRef[]> {
  const rows = await raw.query(
    `select id, path::text as path, district_id from organizations where status = 'active' and type in (${TYPE[level]})
     order by hashtext(code || ':soak') limit ${n}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    path: String(r.path),
    districtId: r.district_id === null ? Number(r.id) : Number(r.district_id),
    level,
  }));
}

/**
 * Creates the soak's users where missing (idempotent) and clears their second factor, so that every run enrols them
 * afresh through the API. Town roles share the towns (a town's cadre and case worker), village roles the villages
 * (a village cadre dispatches to the volunteer of her village); the supervisors and partner agencies are those of the
 * case workers' districts, so referrals have someone to answer them.
 */
export async function ensureSoakUsers(raw: RawClient, smoke: boolean): Promise<SoakUser[]> {
  const count = (n: number) => (smoke ? 1 : n);
  const max = (level: Level) => Math.max(...SOAK_PLAN.filter((p) => p.level === level).map((p) => count(p.n)));
  const [city] = await orgsAt(raw, 'city', 1);
  if (!city) throw new Error('no city federation in the database');
  const districts = await orgsAt(raw, 'district', max('district'));
  const towns = await orgsAt(raw, 'town', max('town'));
  const villages = await orgsAt(raw, 'village', max('village'));
  const workerDistricts = [...new Set(towns.map((t) => t.districtId!))];
  const districtOf = new Map(
    (
      await raw.query(`select id, path::text as path from organizations where id = any($1::bigint[])`, [
        workerDistricts,
      ])
    ).map((r) => [Number(r.id), { id: Number(r.id), path: String(r.path), districtId: Number(r.id) }]),
  );
  const agencies = await raw.query(
    `select distinct on (district_id) id, district_id from partner_agencies where district_id = any($1::bigint[])
     order by district_id, id`,
    [workerDistricts],
  );

  const wanted: { username: string; role: Role; org: OrgRef; agencyId: number | null }[] = [];
  for (const p of SOAK_PLAN) {
    for (let i = 0; i < count(p.n); i++) {
      let org: OrgRef;
      let agencyId: number | null = null;
      if (p.level === 'city') org = city;
      else if (p.level === 'town') org = towns[i % towns.length]!;
      else if (p.level === 'village') org = villages[i % villages.length]!;
      else if (p.role === 'partner_agency' || p.role === 'case_supervisor') {
        const a = p.role === 'partner_agency' ? agencies[i % Math.max(1, agencies.length)] : undefined;
        const d = districtOf.get(a ? Number(a.district_id) : workerDistricts[i % workerDistricts.length]!);
        if (!d) continue;
        org = { ...d, level: 'district' };
        agencyId = a ? Number(a.id) : null;
        if (p.role === 'partner_agency' && agencyId === null) continue;
      } else org = districts[i % districts.length]!;
      const key = agencyId ?? org.id;
      wanted.push({ username: `soak.${p.role}.${key}`, role: p.role, org, agencyId });
    }
  }
  const hash = await hashPassword(DEMO_PASSWORD);
  await raw.query(
    `insert into users (username, display_name, org_id, org_path, roles, password_hash, must_change_password)
     select w.username, w.display_name, w.org_id, w.org_path::ltree, array[w.role], $2, false
     from jsonb_to_recordset($1::jsonb) as w(username text, display_name text, org_id bigint, org_path text, role text)
     on conflict (username) do nothing`,
    [
      JSON.stringify(
        wanted.map((w) => ({
          username: w.username,
          display_name: `压测 ${w.username.slice(5)}`,
          org_id: w.org.id,
          org_path: w.org.path,
          role: w.role,
        })),
      ),
      hash,
    ],
  );
  // every run enrols its users again: what the server keeps of their last run's authenticator is cleared here
  await raw.query(
    `update users set totp_secret_enc = null, totp_enabled_at = null, totp_last_step = null,
       recovery_code_hashes = '{}', status = 'active', locked_until = null, password_changed_at = now()
     where username like 'soak.%'`,
  );
  await raw.query(`delete from sign_in_throttles where username like 'soak.%'`);
  const ids = new Map(
    (
      await raw.query(`select id, username from users where username = any($1::text[])`, [
        wanted.map((w) => w.username),
      ])
    ).map((r) => [String(r.username), Number(r.id)]),
  );
  const users = wanted.map((w, index) => ({ ...w, index, id: ids.get(w.username)!, totp: null, lastStep: 0 }));
  for (const u of users.filter((x) => x.agencyId !== null))
    await raw.query(`insert into agency_users (user_id, agency_id) values ($1, $2) on conflict do nothing`, [
      u.id,
      u.agencyId,
    ]);
  return users;
}

interface Me {
  id: number;
  secondFactor: 'off' | 'enrol' | 'verify' | 'done';
}

/** Waits, like a person looking at her app, until its code is one she has not used (a code is good once). */
async function untilFreshStep(u: SoakUser): Promise<void> {
  const wait = (u.lastStep + 1) * 30_000 - Date.now();
  if (wait > 0) await sleep(wait + 50);
}

function code(u: SoakUser): string {
  u.lastStep = Math.floor(Date.now() / 30_000);
  return u.totp!.generate({ timestamp: Date.now() });
}

/**
 * Signs in with the password and, when the server asks (JINGUO_SECOND_FACTOR=required: cadres and case roles), enrols
 * an authenticator at the first sign-in of the run (the secret from the API, a code computed with otpauth as an app
 * would) or gives a code at later ones. Timed as one operation, `sign_in`.
 */
export async function signInUser(c: UserClient, u: SoakUser, rec: Recorder): Promise<boolean> {
  c.cookie = '';
  if (u.totp) await untilFreshStep(u);
  const me = await rec.timed('sign_in', async () => {
    const r = await c.call<Me>('sign_in', 'POST', '/auth/login', {
      body: { username: u.username, password: DEMO_PASSWORD },
      time: false,
    });
    if (!r) return null;
    if (r.body.secondFactor === 'enrol') {
      const e = await c.call<{ secret: string }>('sign_in', 'POST', '/auth/second-factor/enrolment', { time: false });
      if (!e) return null;
      u.totp = new TOTP({ secret: e.body.secret, digits: 6, period: 30, algorithm: 'SHA1' });
      const ok = await c.call('sign_in', 'POST', '/auth/second-factor/enrolment/confirm', {
        body: { code: code(u) },
        time: false,
      });
      if (!ok) return null;
    } else if (r.body.secondFactor === 'verify') {
      const ok = await c.call('sign_in', 'POST', '/auth/second-factor', {
        body: { code: code(u) },
        time: false,
      });
      if (!ok) return null;
    }
    return r.body;
  });
  return me !== null;
}
