// The ADS1115 as the simulated board presents it on I2C, from the datasheet (TI SBAS444):
// a pointer register selects the conversion (0) or config (1) register; writing config
// with bit 15 set in single-shot mode starts one conversion of the selected input at the
// selected gain, which finishes one sample period later; until then bit 15 reads 0 and
// the conversion register still holds the previous result. Anything the firmware should
// not do (continuous mode, short writes) throws, so the model cannot hide a driver bug.

import { SimError, adcNoiseCodes } from './simAdc';

/** Full-scale range of each PGA setting (config bits 11:9), volts. */
export const ADS_FSR_VOLTS = [6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256];
/** Input of each MUX setting (config bits 14:12), as board files name them. */
export const ADS_MUX_NAMES = ['AIN0-AIN1', 'AIN0-AIN3', 'AIN1-AIN3', 'AIN2-AIN3', 'AIN0', 'AIN1', 'AIN2', 'AIN3'];
/** Samples per second of each data-rate setting (config bits 7:5). */
export const ADS_DATA_RATES = [8, 16, 32, 64, 128, 250, 475, 860];
/** Power-on config (datasheet): single-shot, powered down, AIN0-AIN1, +-2.048 V, 128 SPS. */
export const ADS_CONFIG_RESET = 0x8583;

/** Key of one ADS input in the stimuli: `ads<address>:<mux>`. */
export function adsInputKey(address: number, mux: string): string {
  return `ads${address}:${mux}`;
}

/** Signed 16-bit code for `volts` at full-scale range `fsr`: floor, saturating at the ends. */
export function adsCode(volts: number, fsr: number): number {
  const code = Math.floor((volts / fsr) * 32768);
  return code > 32767 ? 32767 : code < -32768 ? -32768 : code;
}

/** Index of an ADS input in the converter-noise function, clear of the board's pin indexes. */
export function adsNoiseIndex(address: number, mux: number): number {
  return 64 + (address - 0x48) * 8 + mux;
}

export interface AdsEnvironment {
  nowMs(): number;
  /** Volts on the input `key` (see adsInputKey); 0 for an input nothing drives. */
  volts(key: string): number;
  /** Whether the converter noise applies (always, unless a test wants exact codes). */
  noisy: boolean;
}

export class Ads1115Model {
  pointer = 0;
  config = ADS_CONFIG_RESET;
  conversion = 0;
  private pending: number | null = null;
  private doneAtMs = 0;

  constructor(
    readonly address: number,
    private readonly env: AdsEnvironment,
  ) {}

  private settle(): void {
    if (this.pending !== null && this.env.nowMs() >= this.doneAtMs) {
      this.conversion = this.pending;
      this.pending = null;
    }
  }

  write(bytes: number[]): void {
    this.settle();
    if (bytes.length === 0) return;
    this.pointer = bytes[0] & 3;
    if (bytes.length === 1) return;
    if (bytes.length !== 3) throw new SimError(`ADS1115 @${this.address}: a register write takes 3 bytes, got ${bytes.length}`);
    if (this.pointer === 0) throw new SimError(`ADS1115 @${this.address}: the conversion register is read-only`);
    if (this.pointer !== 1) return; // comparator thresholds: not used
    const word = ((bytes[1] & 255) << 8) | (bytes[2] & 255);
    if ((word & 0x0100) === 0) throw new SimError(`ADS1115 @${this.address}: continuous mode is not modelled`);
    if (this.pending !== null && word & 0x8000) throw new SimError(`ADS1115 @${this.address}: conversion started while one is running`);
    this.config = word | 0x8000;
    if ((word & 0x8000) === 0) return;
    const mux = (word >> 12) & 7;
    const fsr = ADS_FSR_VOLTS[(word >> 9) & 7];
    const rate = ADS_DATA_RATES[(word >> 5) & 7];
    let code = adsCode(this.env.volts(adsInputKey(this.address, ADS_MUX_NAMES[mux])), fsr);
    if (this.env.noisy) code += adcNoiseCodes(adsNoiseIndex(this.address, mux), this.env.nowMs());
    this.pending = code > 32767 ? 32767 : code < -32768 ? -32768 : code;
    this.doneAtMs = this.env.nowMs() + 1000 / rate;
  }

  read(count: number): number[] {
    this.settle();
    let word: number;
    if (this.pointer === 0) word = this.conversion & 0xffff;
    else if (this.pointer === 1) word = this.pending !== null ? this.config & 0x7fff : this.config;
    else word = this.pointer === 2 ? 0x8000 : 0x7fff;
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(i === 0 ? word >> 8 : i === 1 ? word & 255 : 0xff);
    return out;
  }
}
