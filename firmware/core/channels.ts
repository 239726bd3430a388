// Index of every measured channel in the per-tick reading array. Names are the trace
// column names of the interface contract, so telemetry and traces line up one to one.

export const CH_P_ART = 0;
export const CH_P_VEN = 1;
export const CH_P_LIMB = 2;
export const CH_P_SYS = 3;
export const CH_P_CUFF = 4;
export const CH_T_ART = 5;
export const CH_T_PROX = 6;
export const CH_T_DIST = 7;
export const CH_T_WATER = 8;
export const CH_LEVEL = 9;
export const CHANNEL_COUNT = 10;

export const CHANNEL_NAMES: string[] = [
  'p_art', 'p_ven', 'p_limb', 'p_sys', 'p_cuff', 't_art', 't_prox', 't_dist', 't_water', 'level',
];

/** Decimals used when a channel is printed (telemetry, status). */
export const CHANNEL_DECIMALS = new Uint8Array([1, 1, 1, 1, 1, 2, 2, 2, 2, 0]);

export function channelIndex(name: string): number {
  for (let i = 0; i < CHANNEL_COUNT; i++) if (CHANNEL_NAMES[i] === name) return i;
  return -1;
}

// Digital inputs, indexed the same way in the input-level array.
export const IN_ESTOP = 0;
export const IN_BUBBLE = 1;
export const IN_LID = 2;
export const IN_DRV_FAULT = 3;
export const INPUT_COUNT = 4;
export const INPUT_NAMES: string[] = ['estop', 'bubble', 'lid', 'drv_fault'];

/**
 * Bit of input i in an input mask. The order is that of `digitalRead([p0, p1, ...])`,
 * which returns the last pin in the least significant bit, so the hardware layer reads
 * all inputs with one native call.
 */
export function inputBit(input: number): number {
  return 1 << (INPUT_COUNT - 1 - input);
}

/**
 * Plausible range of each channel in its unit. A reading outside it cannot come from a
 * working sensor on a perfused limb (or is beyond the transducer's calibrated range):
 * SENSOR_FAULT. The limits are turned into raw ADC ratios at boot and checked on the raw
 * value, so an error in the conversion cannot hide a fault. Channels whose normal value
 * can be 0 (a deflated cuff, a monitor reading 0, an empty bag) reach 20 below it, or
 * the converter's noise around 0 would read as a fault.
 */
export const CHANNEL_MIN = new Int16Array([-50, -50, -50, -20, -20, 5, 5, 5, 5, -20]);
/**
 * The line pressures read to +750 mmHg, as perfusion consoles do: at least twice the highest
 * P_ART_HIGH limit of any profile, so an occlusion is measured as a pressure well past its
 * limit before the transducer's amplifier saturates (a test holds the board files to it).
 */
export const CHANNEL_MAX = new Int16Array([750, 750, 350, 250, 600, 60, 60, 60, 70, 3000]);

/**
 * Channels the interface contract lets a session run without (limb and systemic
 * pressure): until one has given valid readings it is "not connected", and an open lead
 * or a silent converter there is no fault. From then on it is monitored like any other;
 * `ack` with its lead open disconnects it again.
 */
export const OPTIONAL_CHANNELS = (1 << CH_P_LIMB) | (1 << CH_P_SYS);

/** Channels whose fault stops the pump (pressures, level); the others turn the heater off. */
export const PUMP_SENSOR_CHANNELS = (1 << CH_P_ART) | (1 << CH_P_VEN) | (1 << CH_P_LIMB) | (1 << CH_P_SYS) | (1 << CH_P_CUFF) | (1 << CH_LEVEL);
export const HEATER_SENSOR_CHANNELS = (1 << CH_T_ART) | (1 << CH_T_PROX) | (1 << CH_T_DIST) | (1 << CH_T_WATER);

/**
 * Fastest plausible change of a reading, unit per second (0 = not checked). A perfused
 * limb's tissue warms or cools by fractions of a degree a minute and the heat exchanger's
 * water by well under a degree a second; a reservoir cannot lose 100 mL in a second. A
 * reading that jumps faster and stays there (a probe pulled out, a bad connection) is
 * implausible. Pressures are not limited: an occlusion is a real, fast rise.
 */
export const CHANNEL_MAX_RATE = new Uint8Array([0, 0, 0, 0, 0, 1, 1, 1, 2, 100]);
