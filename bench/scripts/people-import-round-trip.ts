// Measures the Excel round-trip end to end through HTTP on a fresh database (not a test, not the benchmark suite):
//   npx tsx bench/scripts/people-import-round-trip.ts --db postgres --rows 100000
// Prints rows/s for upload + validation (preview), the background import, a re-import of the same file (nothing
// changes) and the streamed export of the whole subtree.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { checkCharacter, IMPORT_COLUMNS } from '@jinguo/contracts';
import { loadDemoData } from '../../apps/server/src/demo/chongqing.js';
import { loadConfig } from '../../apps/server/src/platform/config.js';
import { queryRows } from '../../apps/server/src/platform/db/client.js';
import { chinaToday, openPlatform } from '../../apps/server/src/platform.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    rows: { type: 'string', default: '100000' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const ROWS = Number(args.rows);
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江';
const GIVEN = [
  '秀英',
  '桂英',
  '秀兰',
  '玉兰',
  '丽',
  '敏',
  '静',
  '燕',
  '艳',
  '娟',
  '霞',
  '芳',
  '红',
  '丽娟',
  '晓梅',
  '春梅',
  '海燕',
  '雪梅',
  '丽华',
  '婷',
  '欣怡',
  '梓涵',
  '雨桐',
];
const EDU = ['初中', '高中', '中专/职高', '大专', '本科'];

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'jinguo-measure-'));
  let databaseUrl: string | null = null;
  const dbName = `jinguo_measure_${process.pid}`;
  if (args.db === 'postgres') {
    const admin = new pg.Client({ connectionString: args['pg-url'] });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(args['pg-url']!);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const config = loadConfig({
    databaseUrl,
    dataDir,
    webDistDir: '/nonexistent',
    sessionCacheMs: 0,
    logLevel: 'silent',
  });
  const platform = await openPlatform(config, { dataDirForDb: null });
  try {
    await loadDemoData(platform.handle, {
      crypto: platform.crypto,
      today: chinaToday,
      divisionsFile: join(import.meta.dirname, '../../apps/server/test/fixtures/divisions-small.tsv'),
    });
    await platform.jobs.start();
    const login = await platform.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'kaizhou.cadre', password: 'Jinguo@2026' },
    });
    const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
    const headers = {
      cookie: Object.entries(cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      'x-csrf-token': cookies.jinguo_csrf!,
    };
    const api = async (method: 'GET' | 'POST', url: string, payload?: Buffer, type?: string) => {
      const res = await platform.http.inject({
        method,
        url,
        headers: { ...headers, ...(type ? { 'content-type': type } : {}) },
        ...(payload ? { payload } : {}),
      });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 500)}`);
      return res;
    };
    const codes = (
      await queryRows<{ code: string }>(
        platform.handle.db,
        sql`select code from organizations where type in ('village_federation', 'community_federation') and status = 'active' and path <@ (select path from organizations where code = '500154') order by code`,
      )
    ).map((r) => r.code);
    console.log(`${args.db}: ${ROWS} rows over ${codes.length} villages and communities of 开州区`);

    const lines = [IMPORT_COLUMNS.map((c) => c.zh).join(',')];
    for (let i = 0; i < ROWS; i++) {
      const birth = `${1950 + (i % 60)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (Math.floor(i / 12) % 28)).padStart(2, '0')}`;
      const seq = (Math.floor(i / 336) % 500) * 2; // even: women; (birth, seq) unique for i < 168,000
      const first17 = `500154${birth}${String(seq).padStart(3, '0')}`;
      const row: Record<string, string> = {
        name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
        idNumber: first17 + checkCharacter(first17),
        phone: `13${String(100000000 + i).padStart(9, '0')}`,
        ethnicity: i % 9 === 0 ? '土家族' : '汉族',
        education: EDU[i % EDU.length]!,
        occupation: '务农',
        householdAddress: `重庆市开州区某街道${i % 300}号`,
        residenceAddress: `重庆市开州区某街道${i % 300}号`,
        orgCode: codes[i % codes.length]!,
        tags: i % 10 === 0 ? '困难妇女' : '',
      };
      lines.push(IMPORT_COLUMNS.map((c) => row[c.key] ?? '').join(','));
    }
    const csv = Buffer.from(lines.join('\n'));
    console.log(`CSV: ${(csv.length / 1048576).toFixed(1)} MB`);

    const run = async (label: string) => {
      let t0 = performance.now();
      const up = JSON.parse((await api('POST', '/api/v1/people/imports?filename=measure.csv', csv, 'text/csv')).body);
      const validate = (performance.now() - t0) / 1000;
      t0 = performance.now();
      await api('POST', `/api/v1/people/imports/${up.id}/commit`);
      let status: { status: string; result: unknown };
      for (;;) {
        status = JSON.parse((await api('GET', `/api/v1/people/imports/${up.id}`)).body);
        if (status.status === 'done' || status.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const commit = (performance.now() - t0) / 1000;
      const r = (s: number) => Math.round(ROWS / s).toLocaleString('en');
      console.log(
        `${label}: preview ${validate.toFixed(1)} s (${r(validate)} rows/s, counts ${JSON.stringify(up.counts)}); import ${commit.toFixed(1)} s (${r(commit)} rows/s, ${status.status} ${JSON.stringify(status.result)}); end to end ${r(validate + commit)} rows/s`,
      );
    };
    await run('first import');
    await run('same file again');

    const [{ n }] = (await queryRows<{ n: number }>(
      platform.handle.db,
      sql`select count(*)::int as n from persons where status = 'active' and org_path <@ (select path from organizations where code = '500154')`,
    )) as [{ n: number }];
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const ex = await api('GET', '/api/v1/people/export.xlsx');
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `export: ${n} rows, ${(ex.rawPayload.length / 1048576).toFixed(1)} MB in ${secs.toFixed(1)} s (${Math.round(n / secs).toLocaleString('en')} rows/s; rss ${Math.round(rss0 / 1048576)} → ${Math.round(process.memoryUsage().rss / 1048576)} MB, inject buffers the whole response)`,
    );
  } finally {
    await platform.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (args.db === 'postgres') {
      const admin = new pg.Client({ connectionString: args['pg-url'] });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
