#!/usr/bin/env node
// Extracts China's public holidays and make-up workdays (调休上班) per year from the npm package holiday-calendar
// (MIT; data from the State Council's yearly notices 国务院办公厅关于部分节假日安排的通知) into
// apps/server/data/holidays/<year>.json, the working-day calendar's data files. The package is not a dependency:
//   npm pack holiday-calendar@1.3.3 && tar xzf holiday-calendar-1.3.3.tgz
//   node scripts/extract-holidays.mjs --from package/data/CN --years 2020-2026
// A year the package does not have yet is loaded by an admin instead (`jinguo calendar load --file 2027.json`).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    years: { type: 'string', default: '2020-2026' },
    package: { type: 'string', default: 'holiday-calendar 1.3.3' },
  },
});
if (!values.from) {
  console.error('usage: node scripts/extract-holidays.mjs --from <holiday-calendar>/data/CN [--years 2020-2026]');
  process.exit(2);
}
const [first, last] = values.years.split('-').map(Number);
const out = resolve(import.meta.dirname, '../apps/server/data/holidays');
for (let year = first; year <= (last ?? first); year++) {
  const raw = JSON.parse(readFileSync(join(values.from, `${year}.json`), 'utf8'));
  const pick = (type) =>
    raw.dates
      .filter((d) => d.type === type)
      .map((d) => ({ date: d.date, name: d.name_cn ?? d.name }))
      .sort((a, b) => a.date.localeCompare(b.date));
  const file = {
    year,
    region: 'CN',
    source: `国务院办公厅关于${year}年部分节假日安排的通知 (State Council notice), via the npm package ${values.package} (MIT)`,
    holidays: pick('public_holiday'),
    workdays: pick('transfer_workday'),
  };
  // one date per line: a year's schedule reads (and diffs) like the notice
  const list = (xs) => `[\n${xs.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
  const text = `{\n  "year": ${year},\n  "region": "CN",\n  "source": ${JSON.stringify(file.source)},\n  "holidays": ${list(file.holidays)},\n  "workdays": ${list(file.workdays)}\n}\n`;
  writeFileSync(join(out, `${year}.json`), text);
  console.log(`${year}: ${file.holidays.length} holidays, ${file.workdays.length} make-up workdays`);
}
