// The ADS1115 16-bit ADC on I2C (bridge transducers, systemic pressure, the WiFi board's
// level sensor). One input converts at a time: each channel gets a single-shot conversion
// at 860 samples/s, read back 2 ms later, then the next; the control tick runs once all
// are in, so every reading is fresh (a few ms old) and no interlock bound is stretched.
// A chip that does not answer, or a conversion that is not the one asked for, gives NaN:
// the core reports that channel as missing.

import { EXTERNAL_CHANNEL_COUNT, ExternalChannelWiring, I2C_BITRATE, I2C_BUS, I2C_SCL, I2C_SDA } from 'board-config';
import { channelIndex } from '../core/channels';

/** Register pointers. */
const REG_CONVERSION = 0;
const REG_CONFIG = 1;
/**
 * A conversion at 860 samples/s takes 1.16 ms; the chip's oscillator is within 10% and
 * wakes in 25 us. 2 ms leaves a margin, and the config read-back proves it finished.
 */
const CONVERSION_WAIT_MS = 2;

// The wiring, flat: typed arrays index in constant time and hold no per-channel objects
// (the records are read once at boot and dropped).
const count = EXTERNAL_CHANNEL_COUNT;
const channelIndexes = new Uint8Array(count);
const addresses = new Uint8Array(count);
const configs = new Uint16Array(count);
const codeScales = new Float64Array(count);
const codeOffsets = new Float64Array(count);
/** Takes the wiring records (board-config's externalChannels()) into the flat arrays; once, at boot. */
export function takeExternalWiring(wiring: ExternalChannelWiring[]): void {
  for (let k = 0; k < count; k++) {
    channelIndexes[k] = channelIndex(wiring[k].name);
    addresses[k] = wiring[k].address;
    configs[k] = wiring[k].config;
    codeScales[k] = wiring[k].codeScale;
    codeOffsets[k] = wiring[k].codeOffset;
  }
}
/** Channel being converted; -1 before the first. */
let converting = -1;
let target: Float64Array | null = null;
let onDone: (() => void) | null = null;

export function setupExternalAdc(): void {
  if (count > 0 && I2C_BUS) I2C_BUS.setup({ scl: I2C_SCL as Pin, sda: I2C_SDA as Pin, bitrate: I2C_BITRATE });
}

function startConversion(k: number): void {
  (I2C_BUS as I2C).writeTo(addresses[k], [REG_CONFIG, configs[k] >> 8, configs[k] & 255]);
}

/** The finished conversion of channel k as a ratio, NaN if the chip is not done or converted another input. */
function conversionResult(k: number): number {
  const address = addresses[k];
  const bus = I2C_BUS as I2C;
  // The config reads back as written once done (bit 15 set again): anything else is a
  // conversion still running, or a chip reset or re-programmed since the start.
  bus.writeTo(address, REG_CONFIG);
  const config = bus.readFrom(address, 2);
  if (((config[0] << 8) | config[1]) !== configs[k]) return NaN;
  bus.writeTo(address, REG_CONVERSION);
  const data = bus.readFrom(address, 2);
  let code = (data[0] << 8) | data[1];
  if (code >= 32768) code -= 65536;
  return code * codeScales[k] + codeOffsets[k];
}

function finish(): void {
  const done = onDone as () => void;
  onDone = null;
  target = null;
  done();
}

/**
 * One step of the sequence: store the result of the channel converting (if any), start
 * the next channel that answers, or end the sequence after the last.
 */
function step(): void {
  const raw = target as Float64Array;
  if (converting >= 0) {
    let ratio = NaN;
    try {
      ratio = conversionResult(converting);
    } catch (_e) {
      // The chip did not answer: no reading.
      ratio = NaN;
    }
    raw[channelIndexes[converting]] = ratio;
  }
  converting++;
  while (converting < count) {
    try {
      startConversion(converting);
      setTimeout(step, CONVERSION_WAIT_MS);
      return;
    } catch (_e) {
      raw[channelIndexes[converting]] = NaN;
      converting++;
    }
  }
  finish();
}

/**
 * Converts every external channel into `raw` (ratio by channel index), then calls `done`.
 * Returns false, without calling `done`, while a previous sequence is still running.
 */
export function sampleExternal(raw: Float64Array, done: () => void): boolean {
  if (onDone) return false;
  target = raw;
  onDone = done;
  converting = -1;
  step();
  return true;
}
