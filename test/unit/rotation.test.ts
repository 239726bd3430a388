// The pump head's rotation checks on their own: PUMP_STALL when no encoder pulse came while
// STALL_MISSING_PULSES were due and at least STALL_MIN_MS passed; PUMP_SPEED when, over a
// window of SPEED_WINDOW_MS with at least 20 pulses expected, the count is off by more than
// SPEED_TOLERANCE. The pump here: 4 mL per revolution, the encoder's pulses per revolution
// chosen so that a tick's expected pulses are whole numbers.
import { A_PUMP_SPEED, A_PUMP_STALL } from '../../firmware/core/safety/alarms';
import { SPEED_TOLERANCE, SPEED_WINDOW_MS } from '../../firmware/core/safety/rotation';
import { STALL_MIN_MS, STALL_MISSING_PULSES } from '../../firmware/core/drive/pumpDrive';
import { Rig, rig, rotationOf } from './safetyFixture';

/** A rotation check fed tick by tick, the encoder's running count kept here. */
function setup(encoderPulsesPerRev: number) {
  const r = rig({ encoderPulsesPerRev });
  const rot = rotationOf(r);
  let count = 0;
  let lastMs = 0;
  // Not driven at 0: the checks start from here.
  rot.check(0, 0, 0);
  const tick = (nowMs: number, pulses: number) => {
    count += pulses;
    rot.check(nowMs, nowMs - lastMs, count);
    lastMs = nowMs;
  };
  /** Ticks every stepMs over (fromMs, toMs], pulses from `pulsesAt`; the first time each alarm was raised. */
  const run = (fromMs: number, toMs: number, stepMs: number, pulsesAt: (ms: number) => number) => {
    const first: Record<number, number> = {};
    for (let ms = fromMs + stepMs; ms <= toMs; ms += stepMs) {
      tick(ms, pulsesAt(ms));
      for (const a of [A_PUMP_STALL, A_PUMP_SPEED]) if (r.alarms.raised[a] && first[a] === undefined) first[a] = ms;
    }
    return first;
  };
  return { r, rot, tick, run };
}

function drive(r: Rig, flowMlMin: number) {
  r.pump.enabled = true;
  r.pump.flowMlMin = flowMlMin;
}

describe('rotation', () => {
  it('uses the documented constants', () => {
    expect([SPEED_WINDOW_MS, SPEED_TOLERANCE, STALL_MISSING_PULSES, STALL_MIN_MS]).toEqual([2000, 0.2, 3, 500]);
  });

  it('a head turning as programmed raises nothing', () => {
    const { r, run } = setup(4);
    drive(r, 300); // 1 pulse per 200 ms tick
    expect(run(0, 60000, 200, () => 1)).toEqual({});
    expect(Array.from(r.alarms.raised).every((x) => x === 0)).toBe(true);
    expect(r.lines).toEqual([]);
  });

  describe('PUMP_STALL', () => {
    it('trips once STALL_MIN_MS passed, though the missing pulses were due earlier', () => {
      const { r, run } = setup(4);
      drive(r, 600); // 1 pulse per 100 ms tick: 3 due by 300 ms, but only 500 ms is long enough
      expect(run(0, 1000, 100, () => 0)[A_PUMP_STALL]).toBe(500);
      expect(r.lines).toEqual(['!alarm {"id":"PUMP_STALL","priority":"high","active":true}']);
      expect(r.acts).toEqual([[A_PUMP_STALL, 500]]);
      expect(r.alarms.present[A_PUMP_STALL]).toBe(1);
    });

    it('trips on the tick the third missing pulse is due', () => {
      const { r, run } = setup(4);
      drive(r, 100); // 1 pulse per 600 ms tick: 3 due at 1800 ms
      expect(run(0, 3000, 600, () => 0)[A_PUMP_STALL]).toBe(1800);
    });

    it('counts from the last pulse', () => {
      const { r, run } = setup(4);
      drive(r, 600);
      // A pulse at 300 ms, then none: 3 due at 600, 500 ms since the pulse at 800.
      expect(run(0, 1200, 100, (ms) => (ms === 300 ? 1 : 0))[A_PUMP_STALL]).toBe(800);
    });

    it('a head that pulses less often than due but within the time never stalls', () => {
      const { r, run } = setup(4);
      drive(r, 600);
      // 3 pulses every 300 ms: on average as programmed, never 500 ms without a pulse.
      expect(run(0, 20000, 100, (ms) => (ms % 300 === 0 ? 3 : 0))).toEqual({});
    });

    it('a stopped pump clears the condition (ack possible); blocked again, it trips again', () => {
      const { r, run, tick } = setup(4);
      drive(r, 600);
      expect(run(0, 600, 100, () => 0)[A_PUMP_STALL]).toBe(500);
      r.pump.enabled = false;
      tick(700, 0);
      expect(r.alarms.present[A_PUMP_STALL]).toBe(0);
      expect(r.alarms.raised[A_PUMP_STALL]).toBe(1); // latched until ack
      // Restarted with the head still blocked: present again 500 ms after the restart.
      r.pump.enabled = true;
      run(700, 1100, 100, () => 0);
      expect(r.alarms.present[A_PUMP_STALL]).toBe(0);
      tick(1200, 0);
      expect(r.alarms.present[A_PUMP_STALL]).toBe(1);
      expect(r.lines.length).toBe(1);
    });

    it('a pump enabled at zero flow is not driven: the condition clears', () => {
      const { r, run, tick } = setup(4);
      drive(r, 600);
      run(0, 500, 100, () => 0);
      expect(r.alarms.present[A_PUMP_STALL]).toBe(1);
      r.pump.flowMlMin = 0;
      tick(600, 0);
      expect(r.alarms.present[A_PUMP_STALL]).toBe(0);
      // And nothing is judged at zero flow, however long.
      run(600, 10000, 100, () => 0);
      expect(r.alarms.present[A_PUMP_STALL]).toBe(0);
      expect(r.alarms.raised[A_PUMP_SPEED]).toBe(0);
    });

    it('a disabled pump is not driven, whatever its flow', () => {
      const { r, run } = setup(4);
      r.pump.enabled = false;
      r.pump.flowMlMin = 600;
      expect(run(0, 10000, 100, () => 0)).toEqual({});
    });
  });

  describe('PUMP_SPEED', () => {
    it.each([
      [12, 'exactly 1.2 times as many: in tolerance'],
      [8, 'exactly 0.8 times as many: in tolerance'],
    ])('%i pulses a tick where 10 are due: %s', (pulses) => {
      const { r, run } = setup(40);
      drive(r, 300); // 10 pulses per 200 ms tick
      expect(run(0, 20000, 200, () => pulses)).toEqual({});
    });

    it.each([[13], [7], [30], [1]])('%i pulses a tick where 10 are due: PUMP_SPEED when the first window ends', (pulses) => {
      const { r, run } = setup(40);
      drive(r, 300);
      expect(run(0, 4000, 200, () => pulses)).toEqual({ [A_PUMP_SPEED]: 2000 });
      expect(r.lines).toEqual(['!alarm {"id":"PUMP_SPEED","priority":"high","active":true}']);
      expect(r.acts).toEqual([[A_PUMP_SPEED, 2000]]);
    });

    it('a stopped pump clears the condition (ack possible), the alarm stays latched', () => {
      const { r, run, tick } = setup(40);
      drive(r, 300);
      run(0, 2000, 200, () => 13);
      expect(r.alarms.present[A_PUMP_SPEED]).toBe(1);
      r.pump.enabled = false;
      tick(2200, 0);
      expect(r.alarms.present[A_PUMP_SPEED]).toBe(0);
      expect(r.alarms.raised[A_PUMP_SPEED]).toBe(1);
    });

    it('each window is judged on its own', () => {
      const { r, run } = setup(40);
      drive(r, 300);
      // In tolerance up to 2000 ms; then 13 a tick: judged on the second window, at 4000.
      expect(run(0, 5000, 200, (ms) => (ms <= 2000 ? 10 : 13))).toEqual({ [A_PUMP_SPEED]: 4000 });
    });

    it('judges a window with exactly 20 pulses expected', () => {
      const { r, run } = setup(8);
      drive(r, 300); // 2 pulses a tick: 20 in the first window
      expect(run(0, 3000, 200, () => 5)).toEqual({ [A_PUMP_SPEED]: 2000 });
    });

    it('with fewer than 20 pulses expected, keeps counting until there are', () => {
      const { r, run } = setup(4);
      drive(r, 300); // 1 pulse a tick: 20 expected at 4000 ms
      expect(run(0, 6000, 200, () => 3)).toEqual({ [A_PUMP_SPEED]: 4000 });
    });

    it('a stop restarts the window, and pulses while stopped do not count', () => {
      const { r, run, tick } = setup(40);
      drive(r, 300);
      run(0, 1600, 200, () => 13); // a runaway window cut short
      r.pump.enabled = false;
      tick(1800, 50); // the head coasting while stopped
      r.pump.enabled = true;
      expect(run(1800, 8000, 200, () => 10)).toEqual({});
    });

    it('follows a ramp: the pulses due are integrated from the flow of each tick', () => {
      const { r, tick } = setup(40);
      r.pump.enabled = true;
      let fraction = 0;
      for (let ms = 200; ms <= 20000; ms += 200) {
        r.pump.flowMlMin = Math.min(600, ms / 10); // 0 -> 600 mL/min over 6 s
        // A real head: pulses as the flow programmed for this tick turns it.
        fraction += ((r.pump.flowMlMin * 200) / 60000 / 4) * 40;
        const whole = Math.floor(fraction);
        fraction -= whole;
        tick(ms, whole);
      }
      expect(Array.from(r.alarms.raised).every((x) => x === 0)).toBe(true);
    });

    it('a runaway during a ramp is seen', () => {
      const { r, tick } = setup(40);
      r.pump.enabled = true;
      let raisedAt = -1;
      for (let ms = 200; ms <= 10000; ms += 200) {
        r.pump.flowMlMin = Math.min(600, ms / 10);
        const due = ((r.pump.flowMlMin * 200) / 60000 / 4) * 40;
        tick(ms, Math.round(due * 1.5));
        if (raisedAt < 0 && r.alarms.raised[A_PUMP_SPEED]) raisedAt = ms;
      }
      expect(raisedAt).toBe(2000);
    });
  });
});
