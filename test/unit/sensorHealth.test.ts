// Sensor health on its own: out of raw limits for SENSOR_FAULT_TICKS ticks; stuck after
// STUCK_CHECKS identical checks (and latched while it stays so); implausible after
// IMPLAUSIBLE_CHECKS jumps in a row; the optional transducers connecting after valid
// ticks and disconnecting on `ack` with their lead open. Each case reads what the module
// decided: the lines it emitted, the safe actions it asked for, the alarm book's masks.
import { A_SENSOR_FAULT } from '../../firmware/core/safety/alarms';
import {
  IMPLAUSIBLE_CHECKS, PLAUSIBILITY_EVERY_TICKS, SENSOR_FAULT_TICKS, STUCK_CHECKS,
} from '../../firmware/core/safety/sensorHealth';
import { CH_LEVEL, CH_P_ART, CH_P_SYS, CH_T_ART } from '../../firmware/core/channels';
import { healthOf, healthyRaw, rig } from './safetyFixture';

const bit = (ch: number) => 1 << ch;

function setup() {
  const r = rig();
  const health = healthOf(r);
  return { r, health };
}

describe('sensorHealth', () => {
  it('uses the documented constants', () => {
    expect([SENSOR_FAULT_TICKS, PLAUSIBILITY_EVERY_TICKS, STUCK_CHECKS, IMPLAUSIBLE_CHECKS]).toEqual([3, 5, 60, 2]);
  });

  it('turns each channel\'s plausible range into raw limits through its front end', () => {
    const { health } = setup();
    // p_art: ratio 0.1 at 0 mmHg, 0.001 per mmHg, plausible -50..750 mmHg.
    expect(health.rawLow[CH_P_ART]).toBeCloseTo(0.05, 12);
    expect(health.rawHigh[CH_P_ART]).toBeCloseTo(0.85, 12);
    // The optional channels start unmonitored, the others monitored.
    expect(health.connectedMask & bit(CH_P_SYS)).toBe(0);
    expect(health.connectedMask & bit(CH_P_ART)).toBe(bit(CH_P_ART));
  });

  describe('out of limits', () => {
    it('trips on the 3rd consecutive bad tick, naming channel, cause, raw and limit', () => {
      const { r, health } = setup();
      const raw = healthyRaw();
      raw[CH_P_ART] = 0.004; // an open lead: the low rail
      health.check(bit(CH_P_ART), raw, 200, false);
      health.check(bit(CH_P_ART), raw, 400, false);
      expect(r.lines).toEqual([]);
      expect(r.alarms.raised[A_SENSOR_FAULT]).toBe(0);
      health.check(bit(CH_P_ART), raw, 600, false);
      expect(r.lines).toEqual([
        '!alarm {"id":"SENSOR_FAULT","priority":"high","active":true,"channel":"p_art","cause":"open","value":0.0040,"limit":0.0500}',
      ]);
      expect(r.acts).toEqual([[A_SENSOR_FAULT, 600]]);
      expect(r.alarms.raised[A_SENSOR_FAULT]).toBe(1);
      expect(r.alarms.present[A_SENSOR_FAULT]).toBe(1);
      expect(r.alarms.sensorBadMask).toBe(bit(CH_P_ART));
      expect(r.alarms.sensorFaultMask).toBe(bit(CH_P_ART));
      expect(r.log.appended.map((f) => [f.timeMs, f.channel])).toEqual([[600, 'p_art']]);
      // A 4th bad tick raises nothing more.
      health.check(bit(CH_P_ART), raw, 800, false);
      expect(r.lines.length).toBe(1);
      expect(r.acts.length).toBe(1);
    });

    it('a short at the high rail is cause short and its limit is the high one', () => {
      const { r, health } = setup();
      const raw = healthyRaw();
      raw[CH_P_ART] = 0.995;
      for (let t = 200; t <= 600; t += 200) health.check(bit(CH_P_ART), raw, t, false);
      expect(r.lines).toEqual([
        '!alarm {"id":"SENSOR_FAULT","priority":"high","active":true,"channel":"p_art","cause":"short","value":0.9950,"limit":0.8500}',
      ]);
    });

    it('two bad ticks then a good one start the count afresh (a spike is no fault)', () => {
      const { r, health } = setup();
      const bad = healthyRaw();
      bad[CH_P_ART] = 0.004;
      const good = healthyRaw();
      health.check(bit(CH_P_ART), bad, 200, false);
      health.check(bit(CH_P_ART), bad, 400, false);
      health.check(0, good, 600, false);
      health.check(bit(CH_P_ART), bad, 800, false);
      health.check(bit(CH_P_ART), bad, 1000, false);
      expect(r.lines).toEqual([]);
      health.check(bit(CH_P_ART), bad, 1200, false);
      expect(r.lines.length).toBe(1);
    });

    it('back within limits the condition is gone but the alarm stays raised (latched)', () => {
      const { r, health } = setup();
      const bad = healthyRaw();
      bad[CH_P_ART] = 0.004;
      for (let t = 200; t <= 600; t += 200) health.check(bit(CH_P_ART), bad, t, false);
      health.check(0, healthyRaw(), 800, false);
      expect(r.alarms.sensorBadMask).toBe(0);
      expect(r.alarms.raised[A_SENSOR_FAULT]).toBe(1);
      expect(r.alarms.sensorFaultMask).toBe(bit(CH_P_ART));
    });

    it('judges a thermistor only on thermal ticks, when it was sampled', () => {
      const { r, health } = setup();
      const raw = healthyRaw();
      raw[CH_T_ART] = 0.997; // open thermistor: the high rail
      for (let t = 200; t <= 2000; t += 200) health.check(bit(CH_T_ART), raw, t, false);
      expect(r.lines).toEqual([]);
      for (let t = 2200; t <= 2600; t += 200) health.check(bit(CH_T_ART), raw, t, true);
      expect(r.lines).toEqual([
        '!alarm {"id":"SENSOR_FAULT","priority":"high","active":true,"channel":"t_art","cause":"open","value":0.9970,"limit":' +
          health.rawHigh[CH_T_ART].toFixed(4) + '}',
      ]);
    });

    it('the power-on check faults a channel out of limits at once, and skips one not sampled yet', () => {
      const { r, health } = setup();
      const raw = healthyRaw();
      raw[CH_P_ART] = 0.004;
      raw[CH_LEVEL] = NaN;
      health.bootCheck(raw, 0);
      expect(r.lines).toEqual([
        '!alarm {"id":"SENSOR_FAULT","priority":"high","active":true,"channel":"p_art","cause":"open","value":0.0040,"limit":0.0500}',
      ]);
      expect(r.alarms.sensorBadMask).toBe(bit(CH_P_ART));
    });

    it('the power-on check leaves a healthy board alone', () => {
      const { r, health } = setup();
      health.bootCheck(healthyRaw(), 0);
      expect(r.lines).toEqual([]);
      expect(r.acts).toEqual([]);
    });
  });

  /** Raw ratios for plausibility check n: every channel wobbling by a code's worth, except `fixed`. */
  function wobbling(n: number, fixed: Record<number, number>): Float64Array {
    const raw = healthyRaw();
    for (let i = 0; i < raw.length; i++) if (raw[i] === raw[i]) raw[i] += (n % 2) * 0.0002;
    for (const k of Object.keys(fixed)) raw[Number(k)] = fixed[Number(k)];
    return raw;
  }

  describe('stuck', () => {
    it('trips on the 61st identical check and stays faulted until the value moves', () => {
      const { r, health } = setup();
      for (let n = 1; n <= STUCK_CHECKS; n++) health.checkPlausible(wobbling(n, { [CH_P_ART]: 0.3 }), n * 1000);
      expect(r.lines).toEqual([]);
      health.checkPlausible(wobbling(STUCK_CHECKS + 1, { [CH_P_ART]: 0.3 }), (STUCK_CHECKS + 1) * 1000);
      expect(r.lines).toEqual([
        '!alarm {"id":"SENSOR_FAULT","priority":"high","active":true,"channel":"p_art","cause":"stuck","value":0.3000}',
      ]);
      expect(r.acts).toEqual([[A_SENSOR_FAULT, 61000]]);
      expect(r.alarms.sensorStuckMask).toBe(bit(CH_P_ART));
      expect(r.alarms.present[A_SENSOR_FAULT]).toBe(1);
      // Still identical: still stuck, nothing raised again.
      for (let n = 62; n <= 70; n++) health.checkPlausible(wobbling(n, { [CH_P_ART]: 0.3 }), n * 1000);
      expect(r.lines.length).toBe(1);
      expect(r.alarms.sensorStuckMask).toBe(bit(CH_P_ART));
      // One code's move: live again.
      health.checkPlausible(wobbling(71, { [CH_P_ART]: 0.3002 }), 71000);
      expect(r.alarms.sensorStuckMask).toBe(0);
      expect(r.alarms.raised[A_SENSOR_FAULT]).toBe(1);
    });

    it('a value that moves once within the 60 checks starts the count afresh', () => {
      const { r, health } = setup();
      for (let n = 1; n <= 40; n++) health.checkPlausible(wobbling(n, { [CH_P_ART]: 0.3 }), n * 1000);
      health.checkPlausible(wobbling(41, { [CH_P_ART]: 0.3002 }), 41000);
      for (let n = 42; n <= 100; n++) health.checkPlausible(wobbling(n, { [CH_P_ART]: 0.3002 }), n * 1000);
      expect(r.lines).toEqual([]);
      health.checkPlausible(wobbling(101, { [CH_P_ART]: 0.3002 }), 101000);
      expect(r.lines.length).toBe(1);
    });

    it('a channel out of its limits is left to the limit check, not called stuck', () => {
      const { r, health } = setup();
      for (let n = 1; n <= 100; n++) health.checkPlausible(wobbling(n, { [CH_P_ART]: 0.004 }), n * 1000);
      expect(r.lines).toEqual([]);
    });
  });

  describe('implausible', () => {
    // Level: 100 mL/s at 2^-13 ratio per mL, so over the 2 s between check n-2 and n it may
    // move 200/8192 = 0.0244 of the ratio.
    const base = 0.25;
    it('a jump that stays is seen on two checks in a row and trips', () => {
      const { r, health } = setup();
      const at = (n: number, level: number) => health.checkPlausible(wobbling(n, { [CH_LEVEL]: level }), n * 1000);
      for (let n = 1; n <= 5; n++) at(n, base + (n % 2) * 0.0002);
      at(6, base + 0.05);
      expect(r.lines).toEqual([]);
      at(7, base + 0.05);
      expect(r.lines).toEqual([
        '!alarm {"id":"SENSOR_FAULT","priority":"high","active":true,"channel":"level","cause":"implausible","value":0.3000}',
      ]);
      expect(r.acts).toEqual([[A_SENSOR_FAULT, 7000]]);
      // Latched only: no present condition, no bad or stuck bit.
      expect(r.alarms.present[A_SENSOR_FAULT]).toBe(0);
      expect(r.alarms.sensorBadMask | r.alarms.sensorStuckMask).toBe(0);
    });

    it('a fall that stays trips as a rise does (the reservoir drained by a loose sensor, not by the pump)', () => {
      const { r, health } = setup();
      const at = (n: number, level: number) => health.checkPlausible(wobbling(n, { [CH_LEVEL]: level }), n * 1000);
      for (let n = 1; n <= 5; n++) at(n, base + (n % 2) * 0.0002);
      at(6, base - 0.05);
      expect(r.lines).toEqual([]);
      at(7, base - 0.05);
      expect(r.lines.map((l) => JSON.parse(l.slice(7)).cause)).toEqual(['implausible']);
    });

    it('a one-sample spike is not', () => {
      const { r, health } = setup();
      const at = (n: number, level: number) => health.checkPlausible(wobbling(n, { [CH_LEVEL]: level }), n * 1000);
      for (let n = 1; n <= 5; n++) at(n, base);
      at(6, base + 0.05);
      at(7, base);
      at(8, base);
      expect(r.lines).toEqual([]);
    });

    it('a move just inside the rate limit is not', () => {
      const { r, health } = setup();
      const at = (n: number, level: number) => health.checkPlausible(wobbling(n, { [CH_LEVEL]: level }), n * 1000);
      // 0.0120 per second: 0.0240 over two seconds, under the 0.0244 allowed.
      for (let n = 1; n <= 30; n++) at(n, base + n * 0.012);
      expect(r.lines).toEqual([]);
      // 0.0125 per second is over.
      const fast = setup();
      for (let n = 1; n <= 6; n++) fast.health.checkPlausible(wobbling(n, { [CH_LEVEL]: base + n * 0.0125 }), n * 1000);
      expect(fast.r.lines.map((l) => JSON.parse(l.slice(7)).cause)).toEqual(['implausible']);
    });

    it('a line pressure has no rate limit: it may change as fast as it does', () => {
      const { r, health } = setup();
      for (let n = 1; n <= 10; n++) health.checkPlausible(wobbling(n, { [CH_P_ART]: n % 2 ? 0.2 : 0.6 }), n * 1000);
      expect(r.lines).toEqual([]);
    });
  });

  describe('optional transducers', () => {
    it('a silent converter or an open input is not plugged in: no fault, no reading', () => {
      const { r, health } = setup();
      const raw = healthyRaw();
      for (let t = 200; t <= 2000; t += 200) health.check(0, raw, t, false);
      raw[CH_P_SYS] = 0.004;
      for (let t = 2200; t <= 4000; t += 200) health.check(0, raw, t, false);
      expect(r.lines).toEqual([]);
      expect(r.sensing.readings[CH_P_SYS]).toBeNaN();
      expect(health.connectedMask & bit(CH_P_SYS)).toBe(0);
    });

    it('connects after 3 valid ticks, then a lead off is a SENSOR_FAULT', () => {
      const { r, health } = setup();
      const raw = healthyRaw();
      raw[CH_P_SYS] = 0.18;
      health.check(0, raw, 200, false);
      health.check(0, raw, 400, false);
      expect(r.lines).toEqual([]);
      expect(r.sensing.readings[CH_P_SYS]).toBeNaN();
      health.check(0, raw, 600, false);
      expect(r.lines).toEqual(['!sensor {"channel":"p_sys","connected":true}']);
      expect(health.connectedMask & bit(CH_P_SYS)).toBe(bit(CH_P_SYS));
      raw[CH_P_SYS] = 0.004;
      for (let t = 800; t <= 1200; t += 200) health.check(bit(CH_P_SYS), raw, t, false);
      expect(r.take().slice(1)).toEqual([
        '!alarm {"id":"SENSOR_FAULT","priority":"high","active":true,"channel":"p_sys","cause":"open","value":0.0040,"limit":0.0800}',
      ]);
    });

    it('a valid tick broken by a silent one starts the connection count afresh', () => {
      const { r, health } = setup();
      const raw = healthyRaw();
      raw[CH_P_SYS] = 0.18;
      health.check(0, raw, 200, false);
      health.check(0, raw, 400, false);
      raw[CH_P_SYS] = NaN;
      health.check(0, raw, 600, false);
      raw[CH_P_SYS] = 0.18;
      health.check(0, raw, 800, false);
      health.check(0, raw, 1000, false);
      expect(r.lines).toEqual([]);
      health.check(0, raw, 1200, false);
      expect(r.lines).toEqual(['!sensor {"channel":"p_sys","connected":true}']);
    });

    it('a short before it connects is a connected sensor gone wrong', () => {
      const { r, health } = setup();
      const raw = healthyRaw();
      raw[CH_P_SYS] = 0.995;
      for (let t = 200; t <= 600; t += 200) health.check(0, raw, t, false);
      expect(r.lines).toEqual([
        '!alarm {"id":"SENSOR_FAULT","priority":"high","active":true,"channel":"p_sys","cause":"short","value":0.9950,"limit":' +
          health.rawHigh[CH_P_SYS].toFixed(4) + '}',
      ]);
    });

    it('disconnectOptional: ack with the lead open unplugs it; with the lead shorted it stays', () => {
      const { r, health } = setup();
      const raw = healthyRaw();
      raw[CH_P_SYS] = 0.18;
      for (let t = 200; t <= 600; t += 200) health.check(0, raw, t, false);
      raw[CH_P_SYS] = 0.995;
      for (let t = 800; t <= 1200; t += 200) health.check(bit(CH_P_SYS), raw, t, false);
      r.take();
      health.disconnectOptional();
      expect(r.take()).toEqual([]);
      expect(health.connectedMask & bit(CH_P_SYS)).toBe(bit(CH_P_SYS));
      raw[CH_P_SYS] = 0.004;
      health.check(bit(CH_P_SYS), raw, 1400, false);
      health.disconnectOptional();
      expect(r.take()).toEqual(['!sensor {"channel":"p_sys","connected":false}']);
      expect(health.connectedMask & bit(CH_P_SYS)).toBe(0);
      expect(r.alarms.sensorBadMask).toBe(0);
      expect(r.sensing.readings[CH_P_SYS]).toBeNaN();
      // A required channel is never unplugged by ack.
      const req = setup();
      const bad = healthyRaw();
      bad[CH_P_ART] = 0.004;
      for (let t = 200; t <= 600; t += 200) req.health.check(bit(CH_P_ART), bad, t, false);
      req.health.disconnectOptional();
      expect(req.health.connectedMask & bit(CH_P_ART)).toBe(bit(CH_P_ART));
      expect(req.r.alarms.sensorBadMask).toBe(bit(CH_P_ART));
    });
  });
});
