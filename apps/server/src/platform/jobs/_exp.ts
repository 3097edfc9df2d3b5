import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadDemoData } from '../../demo/chongqing.js';
import { loadConfig } from '../config.js';
import { chinaToday, openPlatform } from '../../platform.js';
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
await admin.connect(); await admin.query('drop database if exists jinguo_exp with (force)'); await admin.query('create database jinguo_exp'); await admin.end();
const config = loadConfig({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/jinguo_exp', dataDir: mkdtempSync(join(tmpdir(), 'x-')), webDistDir: '/nonexistent', sessionCacheMs: 0, logLevel: 'silent' });
const platform = await openPlatform(config, { dataDirForDb: null });
await loadDemoData(platform.handle, { crypto: platform.crypto, today: chinaToday, divisionsFile: join(import.meta.dirname, '../../../test/fixtures/divisions-small.tsv') });
const pool = platform.handle.pool!;
const enc = platform.crypto.encrypt('重庆市开州区汉丰街道驷马社区8号');
await pool.query(`insert into persons (org_id, org_path, district_id, name, name_pinyin, name_initials, gender, birth_date, id_number_masked, phone_masked, household_address_enc, residence_address_enc, ethnicity, education)
  select o.id, o.path, o.district_id, '王秀' || g, 'wangxiu' || g, 'wx', 'female', date '1970-01-01' + (g % 10000), '5001**********123X', '138****0000', $1, $1, '汉族', 'bachelor'
  from generate_series(1, 100000) g, lateral (select id, path, district_id from organizations where code = '500154001001') o`, [enc]);
await pool.query(`insert into person_tags (person_id, org_path, district_id, tag) select id, org_path, district_id, 'volunteer' from persons where name like '王秀%' and id % 3 = 0`);
await pool.query('analyze');
const login = await platform.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'kaizhou.cadre', password: 'Jinguo@2026' } });
const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
const headers = { cookie: Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ') };
for (const q of ['', '?sort=birthDate', '?unmasked=true&reason=%E6%B5%8B%E8%AF%95%E5%AF%BC%E5%87%BA']) {
  const t = performance.now();
  const r = await platform.http.inject({ method: 'GET', url: '/api/v1/people/export.xlsx' + q, headers });
  console.log(q, r.statusCode, (r.rawPayload.length / 1e6).toFixed(1), 'MB', ((performance.now() - t) / 1000).toFixed(2), 's');
}
const ex = await pool.query(`explain analyze select * from persons where district_id = (select district_id from organizations where code='500154') and status = 'active' and (name_pinyin, id) > ('wangxiu5', 0) order by name_pinyin, id limit 2001`);
console.log(ex.rows.map((r) => r['QUERY PLAN']).join('\n'));
await platform.close();
const a2 = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
await a2.connect(); await a2.query('drop database if exists jinguo_exp with (force)'); await a2.end();
