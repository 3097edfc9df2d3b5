import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
const c = new pg.Client({ connectionString: process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/jinguo_bench_s1' });
await c.connect();
const N = Number(process.env.N ?? 50000), CH = 1000;
const cols = 'org_id, org_path, district_id, name, name_pinyin, name_initials, gender, birth_date, id_number_enc, id_number_hash, id_number_masked, phone_enc, phone_hash, phone_masked, household_address_enc, residence_address_enc, ethnicity, education, occupation, school, care_situation';
const tmpl = (await c.query(`select ${cols} from persons where id_number_enc is not null and phone_enc is not null order by id desc limit ${N}`)).rows;
const rows = tmpl.map((r) => ({ ...r, org_path: String(r.org_path), id_number_hash: randomBytes(24).toString('base64url'), phone_hash: randomBytes(24).toString('base64url') }));
const rec = `org_id bigint, org_path ltree, district_id bigint, name text, name_pinyin text, name_initials text, gender text, birth_date date, id_number_enc text, id_number_hash text, id_number_masked text, phone_enc text, phone_hash text, phone_masked text, household_address_enc text, residence_address_enc text, ethnicity text, education text, occupation text, school text, care_situation text`;
await c.query('set synchronous_commit = off');
for (const mode of ['json', 'copy']) {
  await c.query('begin');
  const t = performance.now();
  if (mode === 'json') {
    for (let i = 0; i < rows.length; i += CH) {
      await c.query(`insert into persons (${cols}) select ${cols} from json_to_recordset($1::json) as x(${rec}) on conflict (id_number_hash) where id_number_hash is not null and status = 'active' do nothing`, [JSON.stringify(rows.slice(i, i + CH).map((r) => ({ ...r, id_number_hash: r.id_number_hash + 'j' })))]);
    }
  } else {
    const esc = (v: unknown) => v === null || v === undefined ? '\\N' : (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
    const text = rows.map((r) => cols.split(', ').map((k) => esc((r as any)[k])).join('\t')).join('\n') + '\n';
    await pipeline(Readable.from([text]), c.query(copyFrom(`copy persons (${cols}) from stdin`)));
  }
  const s = (performance.now() - t) / 1000;
  console.log(mode, N, 'rows', s.toFixed(1), 's', Math.round(N / s), 'rows/s');
  await c.query('rollback');
}
await c.end();
