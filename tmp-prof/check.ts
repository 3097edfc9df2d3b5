import { randomBytes } from 'node:crypto';
import { checkCharacter, IMPORT_COLUMNS } from '@jinguo/contracts';
import { createFieldCrypto } from '../apps/server/src/platform/crypto.js';
import { checkRow, mapHeader, rowCells } from '../apps/server/src/modules/people/people.import.rows.js';
import { openSheet } from '../apps/server/src/modules/people/people.import.parse.js';
import { pinyinKeys } from '../apps/server/src/modules/organizations/index.js';

const N = 50_000;
const crypto = createFieldCrypto(randomBytes(32));
const cols = ['name', 'idNumber', 'gender', 'birthDate', 'phone', 'ethnicity', 'education', 'occupation', 'householdAddress', 'residenceAddress', 'orgCode', 'tags'];
const zh = new Map(IMPORT_COLUMNS.map((c) => [c.key, c.zh]));
const lines = [cols.map((k) => zh.get(k as never)).join(',')];
const names = ['王秀英', '李桂英', '张晓梅', '刘丽', '陈静', '杨燕', '黄春梅', '赵海燕'];
for (let i = 0; i < N; i++) {
  const birth = new Date(Date.UTC(1950, 0, 1) + ((i * 7919) % 20000) * 86400000).toISOString().slice(0, 10);
  const f17 = `500154${birth.replaceAll('-', '')}${String(800 + 2 * Math.floor(i / 20000)).padStart(3, '0')}`;
  lines.push([names[i % 8] + String.fromCharCode(0x4e00 + (i % 500)), f17 + checkCharacter(f17), '女', birth, `138${String(i).padStart(8, '0')}`, '汉族', '初中', '务农', `某村${i % 300}号`, `某村${i % 200}号`, 'V1', i % 12 === 0 ? '志愿者' : ''].join(','));
}
const csv = Buffer.from(lines.join('\n') + '\n');
const org = { id: 1, code: 'V1', path: '1.2.3', districtId: 2, status: 'active' };
const cache = new Map<string, { namePinyin: string; nameInitials: string }>();
const env = { crypto, today: '2026-11-30', tags: new Map([['志愿者', 'volunteer']]), org: () => org, pinyin: (n: string) => { let k = cache.get(n); if (!k) cache.set(n, (k = pinyinKeys(n))); return k; } };
let t = performance.now();
const sheet = openSheet(csv, 'x.csv');
const first = await sheet.rows.next();
const header = mapHeader(first.value.cells);
const rows: { rowNo: number; cells: any; idWasNumber: boolean }[] = [];
for await (const r of sheet.rows) { const rc = rowCells(header, r.cells); rows.push({ rowNo: r.rowNo, cells: rc.cells, idWasNumber: rc.idWasNumber }); }
console.log('parse+cells', ((performance.now() - t) / N * 1000).toFixed(1), 'us/row');
t = performance.now();
let ok = 0;
const out = rows.map((r) => { const c = checkRow(r.rowNo, r.cells, r.idWasNumber, env); if (c.ok) ok++; return c; });
console.log('checkRow', ((performance.now() - t) / N * 1000).toFixed(1), 'us/row', ok);
t = performance.now();
const s = JSON.stringify(out.map((c: any) => ({ r: c.rowNo, n: c.name, a: 'insert', p: c.person })));
console.log('stringify', ((performance.now() - t) / N * 1000).toFixed(1), 'us/row', (s.length / N).toFixed(0), 'bytes/row');
t = performance.now();
for (let i = 0; i < N; i++) crypto.encrypt('500154195001010800');
console.log('encrypt', ((performance.now() - t) / N * 1000).toFixed(1), 'us');
t = performance.now();
for (let i = 0; i < N; i++) crypto.lookupHash('500154195001010800');
console.log('hash', ((performance.now() - t) / N * 1000).toFixed(1), 'us');
