// What an engaged alarm makes the outputs do: the shutdown decisions, in one pure function
// of the alarm table (alarms.ts) and, for SENSOR_FAULT, of the channels it covers. The
// alarm book counts these actions; the controller applies them.

import { A_SENSOR_FAULT, ALARM_FLAGS, F_HEATER_OFF, F_LATCHED, F_STOPS_PUMP } from './alarms';
import { HEATER_SENSOR_CHANNELS, PUMP_SENSOR_CHANNELS } from '../channels';

/** The pump stops (STEP low, driver disabled). */
export const ACT_STOP_PUMP = 1;
/** The heater goes off. */
export const ACT_HEATER_OFF = 2;
/** The pump stop latches: the state machine goes to FAULT until `ack`. */
export const ACT_FAULT = 4;

/**
 * The actions of `alarm` while it is engaged. SENSOR_FAULT acts by channel
 * (`sensorChannels`, bit 1 << channel): a pressure or level fault stops the pump, a
 * temperature fault turns the heater off.
 */
export function actionsOf(alarm: number, sensorChannels: number): number {
  const flags = ALARM_FLAGS[alarm];
  let stops = (flags & F_STOPS_PUMP) !== 0;
  let heaterOff = (flags & F_HEATER_OFF) !== 0;
  if (alarm === A_SENSOR_FAULT) {
    stops = (sensorChannels & PUMP_SENSOR_CHANNELS) !== 0;
    heaterOff = (sensorChannels & HEATER_SENSOR_CHANNELS) !== 0;
  }
  return (stops ? ACT_STOP_PUMP | (flags & F_LATCHED ? ACT_FAULT : 0) : 0) | (heaterOff ? ACT_HEATER_OFF : 0);
}
