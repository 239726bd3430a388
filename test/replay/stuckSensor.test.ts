// A stuck sensor (the very same raw value for 60 s) stays faulted until it moves again:
// `ack` is refused while it is frozen, so P_ART_HIGH cannot be blinded and the heater
// cannot come back on a frozen water temperature.
import { of, pumpRunningAt, replayText } from '../helpers';

describe('p_art frozen at a constant raw value', () => {
  // pin:A4 presents an exact ratio (no converter noise): 0.25 reads 128 mmHg.
  const csv = 't_ms,pin:A4,cmd\n0,0.25,\n1000,0.25,start\n80000,0.25,ack\n81000,0.25,start\n100000,0.2503,\n101000,0.2503,ack\n102000,0.2503,start\n110000,0.2504,\n';
  const r = replayText(csv);
  const replies = of(r.events, 'reply').map((e) => e.text);

  it('raises SENSOR_FAULT stuck and stops the pump', () => {
    const fault = of(r.events, 'alarm').find((e) => e.id === 'SENSOR_FAULT' && e.active === true);
    expect(fault).toMatchObject({ channel: 'p_art', cause: 'stuck' });
    expect(fault!.t).toBeGreaterThan(60000);
    expect(fault!.t).toBeLessThan(63000);
    expect(pumpRunningAt(r.events, fault!.t + 10)).toBe(false);
  });

  it('refuses ack and start while the value stays frozen', () => {
    expect(replies[1]).toBe('err ack state SENSOR_FAULT still present');
    expect(replies[2]).toMatch(/^err start state /);
    expect(pumpRunningAt(r.events, 99000)).toBe(false);
  });

  it('accepts ack once the value moves, and pumps again', () => {
    expect(replies.slice(3)).toEqual(['ok ack', 'ok start 350']);
    expect(pumpRunningAt(r.events, 105000)).toBe(true);
  });
});

describe('t_water frozen', () => {
  // pin:A3 is t_water on the Pico (YSI 400 with 1300 ohm): 0.55 is about 34 degC.
  const csv = 't_ms,pin:A3,cmd\n0,0.55,\n500,0.55,temp 40\n1000,0.55,start\n80000,0.55,ack\n90000,0.55,\n';
  const r = replayText(csv);

  it('keeps the heater off through an ack while frozen', () => {
    const fault = of(r.events, 'alarm').find((e) => e.id === 'SENSOR_FAULT' && e.active === true && e.channel === 't_water');
    expect(fault!.cause).toBe('stuck');
    expect(of(r.events, 'reply').map((e) => e.text)).toEqual(['ok temp 40', 'ok start 350', 'err ack state SENSOR_FAULT still present']);
    expect(of(r.events, 'heater').filter((e) => e.t > fault!.t && (e.duty as number) > 0)).toEqual([]);
  });
});
