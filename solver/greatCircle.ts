import type { LatLng } from '../schemas/common.js';

const earthRadiusKm = 6371;
const radians = Math.PI / 180;

/** Haversine distance in km, exactly as API.md writes it (R = 6371). */
export function greatCircleKm(from: LatLng, to: LatLng): number {
  const phi1 = from.lat * radians;
  const phi2 = to.lat * radians;
  const halfDeltaPhi = (phi2 - phi1) / 2;
  const halfDeltaLambda = ((to.lng - from.lng) * radians) / 2;
  const h = Math.sin(halfDeltaPhi) ** 2 + Math.cos(phi1) * Math.cos(phi2) * Math.sin(halfDeltaLambda) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.sqrt(Math.min(1, h)));
}
