// Generated from boards/board.schema.json by scripts/board/board-types.mjs: do not edit.
// The board file as the host reads it (board-file.mjs checks every file against the schema).

/** One board of the pump: the espruino CLI's board description (info, chip, board) plus the pump's pin map (wiring) and sensor front ends (channels). The firmware's board-config module, the simulation and the replay are all built from this file. */
export interface BoardFileJson {
  /** Path of this schema, for editors. */
  $schema?: string;
  /** Board identity as the espruino CLI knows it. */
  info: {
    /** Human-readable board name. */
    name: string;
    /** Espruino board id (the interpreter's BOARD constant). */
    id: string;
    /** Interpreter version the bundle is packaged for, e.g. 2v29. */
    binary_version: string;
    /** Modules compiled into the interpreter: the CLI does not upload these. */
    builtin_modules: string[];
  };
  /** The microcontroller. */
  chip: {
    /** Part number of the microcontroller. */
    part: string;
    /** Chip family: the hardware layer and the simulation know its pins, timers and ADC. */
    family: 'STM32F4';
    /** Core clock, MHz. */
    speedMhz: number;
    /** Interpreter variables (JsVars) of the build: the firmware's memory budget. */
    variables: number;
    /** Flash area where the interpreter keeps saved code and Storage files. */
    saved_code: {
      /** Start address of the area in flash. */
      address: number;
      /** Size of one flash page, bytes. */
      page_size: number;
      /** Number of pages in the area. */
      pages: number;
    };
  };
  /** Pins and peripherals of the board. */
  board: {
    /** Pins wired to the on-chip ADC. */
    adcPins: string[];
    /** Resolution of the on-chip ADC, bits. */
    adcBits: number;
    /** A 32.768 kHz crystal is fitted, so the RTC (and getTime) run from it. */
    lseCrystal: boolean;
    /** Flash Espruino keeps Storage in, bytes: page_size x pages of 'saved_code' in its boards/<BOARD>.py. Each file takes a 32-byte header and its size rounded up to 4 bytes; a write that needs more than is free throws, as on the board. */
    storageBytes: number;
    /** Pins each timer can drive with hardware PWM. */
    pwmTimers: Record<string, string[]>;
    /** Input clock of each timer as Espruino sets the bus prescalers (APB2 timers run at half), Hz. */
    timerClocksHz: Record<string, number>;
    /** Every pin the pump may use on this board. */
    pins: string[];
    /** Free text: pins that are taken, quirks. */
    notes?: string;
  };
  /** What the pump's hardware is wired to. */
  wiring: {
    /** The stepper driver of the pump head (STEP/DIR/ENABLE). */
    stepper: {
      /** STEP input of the driver (hardware PWM). */
      step: string;
      /** DIR input of the driver, if the firmware drives it. Leave it out where DIR is strapped to forward in hardware (dirForwardHigh gives the strap's level): a roller pump must never reverse, and a strapped DIR cannot be reversed by a firmware fault. */
      dir?: string;
      /** ENABLE input of the driver. */
      enable: string;
      /** The driver is enabled when ENABLE is low. */
      enableActiveLow: boolean;
      /** DIR high turns the head forward. */
      dirForwardHigh: boolean;
      /** Motor full steps per revolution. */
      motorStepsPerRev: number;
      /** Driver microsteps per full step. */
      microsteps: 1 | 2 | 4 | 8 | 16 | 32 | 64 | 128 | 256;
      /** Motor revolutions per pump-head revolution. */
      gearRatio: number;
      /** Largest flow change on start, stop and setpoint changes, mL/min per second. */
      accelMlMinPerS: number;
    };
    /** The air detector's test input: driven active, a healthy detector reports air; released, liquid again. The firmware runs this self-test at power-on and whenever it enters IDLE, and refuses prime and start until it passes. */
    airTest: {
      /** Output to the detector's test input. */
      pin: string;
      /** The test is requested when the pin is high. */
      activeHigh: boolean;
    };
    /** The heater's switch (slow PWM). */
    heater: {
      /** Heater output. */
      pin: string;
      /** PWM frequency of the heater output, Hz. */
      pwmHz: number;
      /** The heater is on when the pin is high. */
      activeHigh: boolean;
    };
    /** The alarm buzzer. */
    buzzer: {
      /** Buzzer output. */
      pin: string;
      /** Alarm tone, Hz. */
      toneHz: number;
    };
    /** The serial port the host speaks the command protocol on. */
    commandPort: {
      /** Serial device of the command port. */
      serial: string;
      /** TX pin of the command port. */
      tx: string;
      /** RX pin of the command port. */
      rx: string;
      /** Baud rate of the command port, bit/s. */
      baud: number;
      /** Device the interpreter's console is kept on, so the REPL never listens on the command port. */
      console: string;
    };
    /** The I2C bus of the external converter (ADS1115); needed when a channel is on it. */
    i2c?: {
      /** I2C device. */
      bus: string;
      /** SCL pin. */
      scl: string;
      /** SDA pin. */
      sda: string;
      /** Bus clock, bit/s. */
      bitrate: number;
      /** Supply of the converter (and the bridge excitation), V. */
      vddVolts: number;
    };
    /** The digital inputs. */
    inputs: {
      /** Emergency stop button. */
      estop: InputWiringSpec;
      /** Air-in-line (bubble) detector. */
      bubble: InputWiringSpec;
      /** Pump-head lid switch. */
      lid: InputWiringSpec;
      /** Fault output of the stepper driver. */
      drv_fault: InputWiringSpec;
      /** Pump-head rotation encoder. */
      encoder: {
        /** Encoder pulse input. */
        pin: string;
        /** Encoder pulses per pump-head revolution. */
        pulsesPerRev: number;
      };
    };
  };
  /** The measured channels by name (the trace column names); a channel that is not listed is not wired. */
  channels: Record<string, ChannelSpec>;
}

/** A digital input. */
export interface InputWiringSpec {
  /** Input pin. */
  pin: string;
  /** The input is active (pressed, air, open, fault) when the pin is high. */
  activeHigh: boolean;
  /** The pull resistor fitted on the input (the firmware sets the pin's own the same way): the level a broken wire reads. A safety input must read active when its wire breaks: pull down with activeHigh false (a normally closed loop to 3.3 V), or pull up with activeHigh true. */
  pull: 'down' | 'up';
  /** Debounce time, ms. */
  debounceMs: number;
}

/** How one channel is measured. The front end decides which other fields it has. */
export interface ChannelSpec {
  /** thermistor: a probe in a divider on an on-chip ADC pin; transducer: a linear ratio on an on-chip ADC pin; ads1115: an input of the external converter on the I2C bus. */
  frontEnd: 'thermistor' | 'transducer' | 'ads1115';
  /** thermistor, transducer: the on-chip ADC pin (one of board.adcPins). */
  pin?: string;
  /** ads1115: the I2C bus (wiring.i2c.bus). */
  bus?: string;
  /** thermistor: probe type the firmware has coefficients for. */
  probe?: 'ysi400' | 'ntc10k';
  /** thermistor: series resistor of the divider, ohm. */
  seriesOhm?: number;
  /** transducer: ADC reading at zero, as a fraction of full scale (0..1). */
  ratioAtZero?: number;
  /** transducer: ADC fraction of full scale per unit of the channel (mmHg, mL). */
  ratioPerUnit?: number;
  /** ads1115: 7-bit I2C address, 72..75 (0x48..0x4B). */
  address?: number;
  /** ads1115: input multiplexer setting (differential pair or single input). */
  mux?: 'AIN0-AIN1' | 'AIN0-AIN3' | 'AIN1-AIN3' | 'AIN2-AIN3' | 'AIN0' | 'AIN1' | 'AIN2' | 'AIN3';
  /** ads1115: full-scale range the firmware programs, V. */
  fsrVolts?: 6.144 | 4.096 | 2.048 | 1.024 | 0.512 | 0.256;
  /** ads1115: front-end output at zero, V. */
  voltsAtZero?: number;
  /** ads1115: front-end output per unit of the channel (mmHg, mL), V. */
  voltsPerUnit?: number;
}
