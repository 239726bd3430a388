// The `!telemetry` line, once a second: every channel the firmware measures (null for a
// faulted sensor), the mean line pressures, the highest alarm, the inputs, flow and volume.

import type { Controller } from './controller';
import { CHANNEL_COUNT, CHANNEL_DECIMALS, CHANNEL_NAMES, INPUT_COUNT, INPUT_NAMES } from './channels';
import { jsonFixed } from './text';

export function telemetryJson(c: Controller): string {
  // Parts joined once: appending to a long string makes the interpreter walk it each time.
  const parts = ['{"state":"', c.state, '"'];
  const sensing = c.sensing;
  const readings = sensing.readings;
  for (let i = 0; i < CHANNEL_COUNT; i++) parts.push(',"', CHANNEL_NAMES[i], '":', jsonFixed(readings[i], CHANNEL_DECIMALS[i]));
  parts.push(',"p_art_mean":', jsonFixed(sensing.pArtMeanMmHg, 1), ',"p_ven_mean":', jsonFixed(sensing.pVenMeanMmHg, 1),
    ',"alarm":', c.alarms.highestText());
  for (let i = 0; i < INPUT_COUNT; i++) parts.push(',"', INPUT_NAMES[i], '":', String(c.inputs[i]));
  parts.push(',"flow":', jsonFixed(c.pump.flowMlMin, 1), ',"volume":', jsonFixed(c.pump.volumeMl, 1), '}');
  return parts.join('');
}
