/**
 * A tiny seeded PRNG (sfc32, seeded through splitmix32) so a generated estate is a pure function
 * of its seed: no Math.random, no clock. Fast enough to call a few dozen times per resource.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  u32(): number;
  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `length` lowercase hex characters. */
  hex(length: number): string;
  /** `length` characters of [a-z0-9] (Pulumi auto-name suffixes, RDS resource ids). */
  alnum(length: number, upper?: boolean): string;
  uuid(): string;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const HEX = '0123456789abcdef';
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();

  function u32(): number {
    // sfc32
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  }
  // Warm up: the first outputs of sfc32 correlate with the seed words.
  for (let i = 0; i < 12; i++) u32();

  function next(): number {
    return u32() / 4294967296;
  }

  function fromAlphabet(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[(u32() % alphabet.length) | 0];
    return out;
  }

  function hex(length: number): string {
    let out = '';
    while (out.length < length) {
      const v = u32();
      for (let s = 28; s >= 0 && out.length < length; s -= 4) out += HEX[(v >>> s) & 15];
    }
    return out;
  }

  return {
    next,
    u32,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    hex,
    alnum: (length, upper = false) => fromAlphabet(upper ? ALNUM_UPPER : ALNUM, length),
    uuid() {
      const h = hex(32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}

/** Derives an independent seed for a sub-stream (one per stack), so stacks do not shift each other. */
export function deriveSeed(seed: number, index: number): number {
  return splitmix32((seed ^ Math.imul(index + 1, 0x27d4eb2d)) >>> 0)();
}
