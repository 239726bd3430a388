// Generated from boards/board.schema.json and the export list of scripts/board/board-module.mjs
// by scripts/board/board-types.mjs: do not edit. The per-board wiring module the build
// generates from boards/<board>.json; pins and devices are the interpreter's objects.
declare module 'board-config' {
  /** A safety input, as inputWiring() gives it. */
  export interface InputWiring {
    /** Input pin. */
    pin: Pin;
    /** The input is active (pressed, air, open, fault) when the pin is high. */
    activeHigh: boolean;
    /** The input is pulled up (a broken wire reads high); else pulled down. */
    pullUp: boolean;
    /** Debounce time, ms. */
    debounceMs: number;
  }
  /** A channel on the on-chip ADC (a thermistor or a transducer). */
  export interface AnalogChannelWiring {
    /** The channel (a key of the board file's channels). */
    name: string;
    /** thermistor, transducer: the on-chip ADC pin (one of board.adcPins). */
    pin: Pin;
    /** A thermistor's probe type (see probeCoefficients); absent for a transducer. */
    probe?: 'ysi400' | 'ntc10k';
    /** thermistor: series resistor of the divider, ohm. */
    seriesOhm?: number;
    /** transducer: ADC reading at zero, as a fraction of full scale (0..1). */
    ratioAtZero?: number;
    /** transducer: ADC fraction of full scale per unit of the channel (mmHg, mL). */
    ratioPerUnit?: number;
  }
  /** A channel read through the ADS1115 over I2C (see firmware/hal/externalAdc.ts). */
  export interface ExternalChannelWiring {
    /** The channel (a key of the board file's channels). */
    name: string;
    /** ads1115: 7-bit I2C address, 72..75 (0x48..0x4B). */
    address: number;
    /** Config register word that starts one conversion of this input. */
    config: number;
    /** ratio = code * codeScale + codeOffset (code signed 16 bits). */
    codeScale: number;
    codeOffset: number;
    /** The front end as a ratio 0..1 of the code span, at zero. */
    ratioAtZero: number;
    /** The front end as a ratio of the code span per unit of the channel. */
    ratioPerUnit: number;
  }
  /** The board file's name (boards/<name>.json). */
  export const BOARD_NAME: string;
  /** Resolution of the on-chip ADC, bits. */
  export const ADC_BITS: number;
  /** STEP input of the driver (hardware PWM). */
  export const STEP_PIN: Pin;
  /** DIR input of the driver, or null where DIR is strapped forward in hardware. */
  export const DIR_PIN: Pin | null;
  /** ENABLE input of the driver. */
  export const ENABLE_PIN: Pin;
  /** The driver is enabled when ENABLE is low. */
  export const ENABLE_ACTIVE_LOW: boolean;
  /** DIR high turns the head forward. */
  export const DIR_FORWARD_HIGH: boolean;
  /** Motor full steps per revolution. */
  export const MOTOR_STEPS_PER_REV: number;
  /** Driver microsteps per full step. */
  export const MICROSTEPS: 1 | 2 | 4 | 8 | 16 | 32 | 64 | 128 | 256;
  /** Motor revolutions per pump-head revolution. */
  export const GEAR_RATIO: number;
  /** Largest flow change on start, stop and setpoint changes, mL/min per second. */
  export const ACCEL_ML_MIN_PER_S: number;
  /** Output to the detector's test input. */
  export const AIR_TEST_PIN: Pin;
  /** The test is requested when the pin is high. */
  export const AIR_TEST_ACTIVE_HIGH: boolean;
  /** Heater output. */
  export const HEATER_PIN: Pin;
  /** PWM frequency of the heater output, Hz. */
  export const HEATER_PWM_HZ: number;
  /** The heater is on when the pin is high. */
  export const HEATER_ACTIVE_HIGH: boolean;
  /** Buzzer output. */
  export const BUZZER_PIN: Pin;
  /** Alarm tone, Hz. */
  export const BUZZER_TONE_HZ: number;
  /** Serial device of the command port. */
  export const COMMAND_SERIAL: Serial;
  /** Device the interpreter's console is kept on, so the REPL never listens on the command port. */
  export const CONSOLE_SERIAL: Serial;
  /** TX pin of the command port. */
  export const COMMAND_TX: Pin;
  /** RX pin of the command port. */
  export const COMMAND_RX: Pin;
  /** Baud rate of the command port, bit/s. */
  export const COMMAND_BAUD: number;
  /** The safety inputs in IN_* order (estop, bubble, lid, drv_fault), built when called. */
  export function inputWiring(): InputWiring[];
  /** Encoder pulse input. */
  export const ENCODER_PIN: Pin;
  /** Encoder pulses per pump-head revolution. */
  export const ENCODER_PULSES_PER_REV: number;
  /** The channels on the on-chip ADC (a fresh array each call: used once at boot). */
  export function analogChannels(): AnalogChannelWiring[];
  /** The I2C bus of the external ADC, or null where the board has none. */
  export const I2C_BUS: I2C | null;
  /** SCL pin. */
  export const I2C_SCL: Pin | null;
  /** SDA pin. */
  export const I2C_SDA: Pin | null;
  /** The I2C bus clock, bit/s; 0 where the board has no external ADC. */
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
