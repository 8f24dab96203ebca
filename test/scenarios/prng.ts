// The scenarios' own randomness (xoshiro128**), deliberately not the project's PRNG: the instrument shares no code with the model.

/** Uniform floats in [0, 1). */
export type Draw = () => number;

/** A xoshiro128** stream for this seed and stream name: each purpose gets its own stream, so adding draws to one never shifts another. */
export function createDraw(seed: number, stream: string): Draw {
  let x = splitmix(seed ^ hashName(stream));
  const s = [0, 0, 0, 0].map(() => {
    x = splitmix(x);
    return x;
  }) as [number, number, number, number];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return () => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result / 4294967296;
  };
}

/** An integer in [0, n). */
export function drawInt(draw: Draw, n: number): number {
  return Math.min(n - 1, Math.floor(draw() * n));
}

/** A uniform float in [low, high). */
export function drawBetween(draw: Draw, low: number, high: number): number {
  return low + (high - low) * draw();
}

/** An exponential waiting time with this mean (a Poisson stream's gap). */
export function drawExponential(draw: Draw, mean: number): number {
  return -Math.log(1 - draw()) * mean;
}

function rotl(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

function splitmix(value: number): number {
  let z = (value + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

// FNV-1a: a stable 32-bit number per stream name.
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
