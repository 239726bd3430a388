// The board's sensor wiring as the controller takes it: each channel's front end, the
// on-chip ADC's pins and the external converter's records. Boot only, in the boot module
// (firmware/modules/boot.ts): the objects are garbage once the firmware has taken them
// into its flat arrays.

import { AnalogChannelWiring, ExternalChannelWiring, analogChannels, externalChannels } from 'board-config';
import { CHANNEL_COUNT, channelIndex } from '../core/channels';
import { probeCoefficients } from '../core/sensing/conversions';
import { FRONT_END_LINEAR, FRONT_END_NONE, FRONT_END_THERMISTOR, FrontEnd } from '../core/sensing/frontEnds';

export interface BoardWiring {
  /** By channel index (core/channels.ts); FRONT_END_NONE where nothing is wired. */
  frontEnds: FrontEnd[];
  /** The on-chip ADC's pins, and the channel index each reads. */
  pins: Pin[];
  indexes: number[];
  external: ExternalChannelWiring[];
}

function frontEndOf(wiring: AnalogChannelWiring | null): FrontEnd {
  if (!wiring) return { kind: FRONT_END_NONE, seriesOhm: 0, sh: null, ratioAtZero: 0, ratioPerUnit: 1 };
  if (wiring.probe) {
    return { kind: FRONT_END_THERMISTOR, seriesOhm: wiring.seriesOhm as number, sh: probeCoefficients(wiring.probe as string), ratioAtZero: 0, ratioPerUnit: 1 };
  }
  return {
    kind: FRONT_END_LINEAR, seriesOhm: 0, sh: null,
    ratioAtZero: wiring.ratioAtZero as number, ratioPerUnit: wiring.ratioPerUnit as number,
  };
}

export function boardWiring(): BoardWiring {
  const frontEnds: FrontEnd[] = [];
  const pins: Pin[] = [];
  const indexes: number[] = [];
  for (let i = 0; i < CHANNEL_COUNT; i++) frontEnds.push(frontEndOf(null));
  const analog = analogChannels();
  for (let i = 0; i < analog.length; i++) {
    const wiring = analog[i];
    const index = channelIndex(wiring.name);
    frontEnds[index] = frontEndOf(wiring);
    pins.push(wiring.pin);
    indexes.push(index);
  }
  const external = externalChannels();
  for (let i = 0; i < external.length; i++) {
    const ext = external[i];
    frontEnds[channelIndex(ext.name)] = {
      kind: FRONT_END_LINEAR, seriesOhm: 0, sh: null, ratioAtZero: ext.ratioAtZero, ratioPerUnit: ext.ratioPerUnit,
    };
  }
  return { frontEnds, pins, indexes, external };
}
