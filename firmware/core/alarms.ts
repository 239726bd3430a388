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

export const ALARMS: AlarmDef[] = [
  { id: 'ESTOP', priority: PRIORITY_HIGH, latched: true, stopsPump: true, heaterOff: true },
  { id: 'AIR_IN_LINE', priority: PRIORITY_HIGH, latched: true, stopsPump: true, heaterOff: false },
  { id: 'LID_OPEN', priority: PRIORITY_MEDIUM, latched: true, stopsPump: true, heaterOff: false },
  { id: 'DRIVER_FAULT', priority: PRIORITY_HIGH, latched: true, stopsPump: true, heaterOff: false },
  { id: 'P_ART_HIGH', priority: PRIORITY_HIGH, latched: true, stopsPump: true, heaterOff: false },
  { id: 'LEVEL_LOW', priority: PRIORITY_HIGH, latched: true, stopsPump: true, heaterOff: false },
  { id: 'PUMP_STALL', priority: PRIORITY_HIGH, latched: true, stopsPump: true, heaterOff: false },
  { id: 'CUFF_LOW', priority: PRIORITY_HIGH, latched: true, stopsPump: true, heaterOff: false },
  { id: 'T_ART_HIGH', priority: PRIORITY_HIGH, latched: false, stopsPump: false, heaterOff: true },
  { id: 'T_TISSUE_HIGH', priority: PRIORITY_HIGH, latched: false, stopsPump: false, heaterOff: true },
  { id: 'T_WATER_HIGH', priority: PRIORITY_HIGH, latched: false, stopsPump: false, heaterOff: true },
  { id: 'SENSOR_FAULT', priority: PRIORITY_HIGH, latched: true, stopsPump: true, heaterOff: true },
  { id: 'LEAK', priority: PRIORITY_MEDIUM, latched: false, stopsPump: false, heaterOff: false },
  // Extension: the encoder measures a head speed far from the programmed one (runaway or slip).
  { id: 'PUMP_SPEED', priority: PRIORITY_HIGH, latched: true, stopsPump: true, heaterOff: false },
  // Extension: no stored calibration (a board fresh from flashing): nominal stroke volumes in use.
  { id: 'CALIBRATION_DEFAULT', priority: PRIORITY_LOW, latched: false, stopsPump: false, heaterOff: false },
  // Extension: stored settings failed their checks (CRC, version, range): defaults in use.
  { id: 'SETTINGS_CORRUPT', priority: PRIORITY_MEDIUM, latched: true, stopsPump: false, heaterOff: false },
  // Extension: the clock runs from the RC oscillator, not the 32 kHz crystal: volumes and timers +-10%.
  { id: 'CLOCK_RC', priority: PRIORITY_MEDIUM, latched: true, stopsPump: false, heaterOff: false },
  // Extension: the hardware watchdog reset the board (the firmware stopped): it comes up in FAULT.
  { id: 'WATCHDOG_RESET', priority: PRIORITY_HIGH, latched: true, stopsPump: true, heaterOff: true },
  // Extension: heater runaway guard (heaterGuard.ts): no rise while heating hard, or the perfusate left the band after reaching it.
  { id: 'HEATER_FAULT', priority: PRIORITY_HIGH, latched: true, stopsPump: false, heaterOff: true },
];

export const ALARM_COUNT = ALARMS.length;
