/**
 * Deterministic randomness for the seeded tie-break: the same seed gives the same sequence on
 * every machine, so a plan can be reproduced and verified but not arranged in advance.
 */

/** FNV-1a over UTF-16 code units: a stable 32-bit hash of a string. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: small, fast and well distributed for shuffling; not for cryptography. */
export function seededGenerator(seed: string): () => number {
  let state = hashText(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates in place with the seeded generator. */
export function seededShuffle<T>(items: T[], seed: string): T[] {
  const next = seededGenerator(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const held = items[i] as T;
    items[i] = items[j] as T;
    items[j] = held;
  }
  return items;
}
