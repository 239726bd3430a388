// What the simulated board's peripherals share: the error a model throws for anything it
// does not model, and the ADC's quantisation and noise (the same in both engines).

export class SimError extends Error {}

/** The ADC code (0..2^bits-1) a ratio of the supply converts to. */
export function adcCode(ratio: number, bits: number): number {
  const codes = 1 << bits;
  const code = Math.floor((ratio < 0 ? 0 : ratio) * codes);
  return code >= codes ? codes - 1 : code;
}

/**
 * What `analogRead` returns on STM32: the left-aligned 12-bit result divided by 65536,
 * i.e. code / 4096, so full scale reads 0.99976 and never 1.
 */
export function quantiseAdc(ratio: number, bits: number): number {
  return adcCode(ratio, bits) / (1 << bits);
}

/**
 * The ADC's noise, in codes (-1, 0 or +1), as a deterministic function of the pin and the
 * time of the sample: a real converter never returns the same code for minutes, and the
 * firmware's stuck-signal check relies on that. 32-bit xorshift, integer operations only,
 * so the board shim (scripts/sim/board-shim.js) computes the same values.
 */
export function adcNoiseCodes(pinIndex: number, nowMs: number): number {
  let x = (nowMs | 0) ^ ((pinIndex + 1) << 24);
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return ((x >>> 0) % 3) - 1;
}

