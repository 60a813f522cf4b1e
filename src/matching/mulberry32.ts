/**
 * mulberry32 (Tommy Ettinger, public domain; a SplitMix32-style mixer): a small, fast 32-bit seeded
 * generator, so that simulated data, sample data and randomised tests are reproducible from one seed.
 * Not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
