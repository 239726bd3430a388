// The per-board wiring module generated at build time from boards/<board>.json
// (scripts/lib/board-module.mjs). Pins are the interpreter's pin objects.
declare module 'board-config' {
  export interface InputWiring {
    pin: Pin;
    activeHigh: boolean;
    debounceMs: number;
  }
  export interface AnalogChannelWiring {
    name: string;
    pin: Pin;
    /** A thermistor's probe type (see probeCoefficients); absent for a transducer. */
    probe?: string;
    seriesOhm?: number;
    ratioAtZero?: number;
    ratioPerUnit?: number;
  }
  /** A channel read through the ADS1115 over I2C (see firmware/hal/externalAdc.ts). */
  export interface ExternalChannelWiring {
    name: string;
    /** 7-bit I2C address. */
    address: number;
    /** Config register word that starts one conversion of this input. */
    config: number;
    /** ratio = code * codeScale + codeOffset (code signed 16 bits). */
    codeScale: number;
    codeOffset: number;
    ratioAtZero: number;
    ratioPerUnit: number;
  }
  export const BOARD_NAME: string;
  /** Resolution of the on-chip ADC. */
  export const ADC_BITS: number;
  export const STEP_PIN: Pin;
  export const DIR_PIN: Pin;
  export const ENABLE_PIN: Pin;
  export const ENABLE_ACTIVE_LOW: boolean;
  export const DIR_FORWARD_HIGH: boolean;
  /** Motor full steps per revolution, driver microstepping, motor revolutions per pump-head revolution. */
  export const MOTOR_STEPS_PER_REV: number;
  export const MICROSTEPS: number;
  export const GEAR_RATIO: number;
  /** Largest flow change per second on start, stop and setpoint changes. */
  export const ACCEL_ML_MIN_PER_S: number;
  export const HEATER_PIN: Pin;
  export const HEATER_PWM_HZ: number;
  export const HEATER_ACTIVE_HIGH: boolean;
  export const BUZZER_PIN: Pin;
  export const BUZZER_TONE_HZ: number;
  export const COMMAND_SERIAL: Serial;
  /** Kept on this device so the REPL never listens on the command port. */
  export const CONSOLE_SERIAL: Serial;
  export const COMMAND_TX: Pin;
  export const COMMAND_RX: Pin;
  export const COMMAND_BAUD: number;
  /** In IN_* order: estop, bubble, lid, drv_fault. */
  /** The safety inputs (estop, bubble, lid, drv_fault), built when called. */
  export function inputWiring(): InputWiring[];
  export const ENCODER_PIN: Pin;
  export const ENCODER_PULSES_PER_REV: number;
  /** The channels on the on-chip ADC (a fresh array each call: used once at boot). */
  export function analogChannels(): AnalogChannelWiring[];
  /** The I2C bus of the external ADC, or null where the board has none. */
  export const I2C_BUS: I2C | null;
  export const I2C_SCL: Pin | null;
  export const I2C_SDA: Pin | null;
  export const I2C_BITRATE: number;
  /** The channels on the ADS1115 (a fresh array each call: used once at boot). */
  export function externalChannels(): ExternalChannelWiring[];
  /** externalChannels().length, known without building the records. */
  export const EXTERNAL_CHANNEL_COUNT: number;
}

// Generated at build time (rollup.config.js): which build a bundle and its modules came from.
declare module 'build-info' {
  /** A hash of the firmware's sources and the board file: the bundle and its modules must match. */
  export const BUILD_ID: string;
  /** Storage file of the command module (scripts/build/firmware-modules.mjs). */
  export const COMMAND_MODULE: string;
  /** Storage file of the boot module (scripts/build/firmware-modules.mjs). */
  export const BOOT_MODULE: string;
}
