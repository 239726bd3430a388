// The alarm catalogue of the interface contract (section 6): id, priority, latching and
// the safe action each alarm takes. Detection lives with the signal that shows the hazard;
// what an alarm does lives here, in one table.

export const PRIORITY_HIGH = 'high';
export const PRIORITY_MEDIUM = 'medium';
export const PRIORITY_LOW = 'low';

export interface AlarmDef {
  id: string;
  priority: string;
  latched: boolean;
  /** Stop the pump (hz 0, driver disabled) while the alarm is active. */
  stopsPump: boolean;
  /** Force the heater off while the alarm is active. */
  heaterOff: boolean;
}

export const A_ESTOP = 0;
export const A_AIR_IN_LINE = 1;
export const A_LID_OPEN = 2;
export const A_DRIVER_FAULT = 3;
export const A_P_ART_HIGH = 4;
export const A_LEVEL_LOW = 5;
export const A_PUMP_STALL = 6;
export const A_CUFF_LOW = 7;
export const A_T_ART_HIGH = 8;
export const A_T_TISSUE_HIGH = 9;
export const A_T_WATER_HIGH = 10;
export const A_SENSOR_FAULT = 11;
export const A_LEAK = 12;
export const A_PUMP_SPEED = 13;
export const A_CALIBRATION_DEFAULT = 14;
export const A_SETTINGS_CORRUPT = 15;
export const A_CLOCK_RC = 16;
export const A_WATCHDOG_RESET = 17;
export const A_HEATER_FAULT = 18;
export const A_TOURNIQUET_TIME = 19;
export const A_PHASE_PROMPT = 20;
export const A_PRESSURE_GAP = 21;
export const A_STORAGE_FAULT = 22;
export const A_FIRMWARE_FAULT = 23;
export const A_AIR_DETECTOR_FAULT = 24;
export const A_CASE_RESTORED = 25;

/**
 * The table, flat: the ids, and per alarm its priority rank (bits 0-1: 3 high, 2 medium,
 * 1 low) and its flags. Flat arrays cost the interpreter a few variables, where objects
 * would cost several per alarm for as long as the firmware runs.
 */
/**
 * An alarm's id. The ids live in one string literal inside this function, in the code in
 * flash: a list kept in memory would cost one or two variables per id for as long as the
 * firmware runs, and an id is needed only when an alarm line is printed.
 */
export function alarmId(alarm: number): string {
  return 'ESTOP AIR_IN_LINE LID_OPEN DRIVER_FAULT P_ART_HIGH LEVEL_LOW PUMP_STALL CUFF_LOW T_ART_HIGH T_TISSUE_HIGH T_WATER_HIGH SENSOR_FAULT LEAK PUMP_SPEED CALIBRATION_DEFAULT SETTINGS_CORRUPT CLOCK_RC WATCHDOG_RESET HEATER_FAULT TOURNIQUET_TIME PHASE_PROMPT PRESSURE_GAP STORAGE_FAULT FIRMWARE_FAULT AIR_DETECTOR_FAULT CASE_RESTORED'.split(' ')[alarm];
}

/** The ids in table order, for the host's tests and tools. */
export const ALARM_IDS: string[] = /*#__PURE__*/ 'ESTOP AIR_IN_LINE LID_OPEN DRIVER_FAULT P_ART_HIGH LEVEL_LOW PUMP_STALL CUFF_LOW T_ART_HIGH T_TISSUE_HIGH T_WATER_HIGH SENSOR_FAULT LEAK PUMP_SPEED CALIBRATION_DEFAULT SETTINGS_CORRUPT CLOCK_RC WATCHDOG_RESET HEATER_FAULT TOURNIQUET_TIME PHASE_PROMPT PRESSURE_GAP STORAGE_FAULT FIRMWARE_FAULT AIR_DETECTOR_FAULT CASE_RESTORED'.split(' ');

export const P_LOW = 1;
export const P_MEDIUM = 2;
export const P_HIGH = 3;
/** Mask of the priority rank in a flags byte. */
export const F_PRIORITY = 3;
export const F_LATCHED = 4;
/** Stop the pump (hz 0, driver disabled) while the alarm is active. */
export const F_STOPS_PUMP = 8;
/** Force the heater off while the alarm is active. */
export const F_HEATER_OFF = 16;

export const ALARM_FLAGS = new Uint8Array([
  /* ESTOP */ P_HIGH | F_LATCHED | F_STOPS_PUMP | F_HEATER_OFF,
  /* AIR_IN_LINE */ P_HIGH | F_LATCHED | F_STOPS_PUMP,
  /* LID_OPEN */ P_MEDIUM | F_LATCHED | F_STOPS_PUMP,
  /* DRIVER_FAULT */ P_HIGH | F_LATCHED | F_STOPS_PUMP,
  /* P_ART_HIGH */ P_HIGH | F_LATCHED | F_STOPS_PUMP,
  /* LEVEL_LOW */ P_HIGH | F_LATCHED | F_STOPS_PUMP,
  /* PUMP_STALL */ P_HIGH | F_LATCHED | F_STOPS_PUMP,
  /* CUFF_LOW */ P_HIGH | F_LATCHED | F_STOPS_PUMP,
  /* T_ART_HIGH */ P_HIGH | F_HEATER_OFF,
  /* T_TISSUE_HIGH */ P_HIGH | F_HEATER_OFF,
  /* T_WATER_HIGH */ P_HIGH | F_HEATER_OFF,
  // Acts by channel: a pressure or level fault stops the pump, a temperature fault the heater.
  /* SENSOR_FAULT */ P_HIGH | F_LATCHED | F_STOPS_PUMP | F_HEATER_OFF,
  /* LEAK */ P_MEDIUM,
  // Extension: the encoder measures a head speed far from the programmed one (runaway or slip).
  /* PUMP_SPEED */ P_HIGH | F_LATCHED | F_STOPS_PUMP,
  // Extension: no stored calibration (a board fresh from flashing): nominal stroke volumes in use.
  /* CALIBRATION_DEFAULT */ P_LOW,
  // Extension: stored settings failed their checks (CRC, version, range): defaults in use.
  /* SETTINGS_CORRUPT */ P_MEDIUM | F_LATCHED,
  // Extension: the clock runs from the RC oscillator, not the 32 kHz crystal: volumes and timers +-10%.
  /* CLOCK_RC */ P_MEDIUM | F_LATCHED,
  // Extension: the hardware watchdog reset the board (the firmware stopped): it comes up in FAULT.
  /* WATCHDOG_RESET */ P_HIGH | F_LATCHED | F_STOPS_PUMP | F_HEATER_OFF,
  // Extension: the heater guard (heaterGuard.ts): no rise while heating hard, or the perfusate left the band after reaching it.
  /* HEATER_FAULT */ P_HIGH | F_LATCHED | F_HEATER_OFF,
  /* TOURNIQUET_TIME: the tourniquet on longer than the profile allows; gone when released */ P_MEDIUM,
  /* PHASE_PROMPT: the procedure asks the operator to act (give the drug, release the tourniquet) */ P_LOW,
  /* PRESSURE_GAP: the pressure servo cannot keep the limb below systemic pressure at the profile's lowest flow */ P_MEDIUM,
  // Extension: the flash refused a write the firmware needed (the fault log): full or failing.
  /* STORAGE_FAULT */ P_MEDIUM | F_LATCHED,
  // Extension: the firmware is not whole (its command module missing or from another build):
  // nothing may pump until it is flashed again, so the condition stays and ack cannot clear it.
  /* FIRMWARE_FAULT */ P_HIGH | F_LATCHED | F_STOPS_PUMP | F_HEATER_OFF,
  // Extension: the air detector failed its self-test (safety/airTest.ts); prime and start are refused until it passes.
  /* AIR_DETECTOR_FAULT */ P_MEDIUM | F_LATCHED,
  // Extension: the board reset mid-case (procedure/caseRecord.ts): the case is restored with the pump
  // stopped, a limb under tourniquet without flow; `resume` (or `ack`) clears it.
  /* CASE_RESTORED */ P_HIGH | F_LATCHED,
]);

export const ALARM_COUNT = ALARM_FLAGS.length;

export const PRIORITY_NAMES = ['', PRIORITY_LOW, PRIORITY_MEDIUM, PRIORITY_HIGH];

export function alarmPriority(alarm: number): string {
  return PRIORITY_NAMES[ALARM_FLAGS[alarm] & F_PRIORITY];
}

/** The table as records, for the host's tests and tools (the firmware reads the flat arrays). */
export function alarmDefs(): AlarmDef[] {
  const defs: AlarmDef[] = [];
  for (let i = 0; i < ALARM_COUNT; i++) {
    const f = ALARM_FLAGS[i];
    defs.push({
      id: ALARM_IDS[i], priority: alarmPriority(i), latched: (f & F_LATCHED) !== 0,
      stopsPump: (f & F_STOPS_PUMP) !== 0, heaterOff: (f & F_HEATER_OFF) !== 0,
    });
  }
  return defs;
}

export const ALARMS: AlarmDef[] = /*#__PURE__*/ alarmDefs();
