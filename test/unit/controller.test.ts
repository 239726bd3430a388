import fc from 'fast-check';
import { ALARMS, A_AIR_IN_LINE, A_ESTOP } from '../../firmware/core/safety/alarms';
import { CHANNEL_COUNT, CH_LEVEL, CH_P_ART, CH_P_CUFF, CH_P_SYS, CH_P_VEN, CH_T_ART, CH_T_DIST, CH_T_PROX, CH_T_WATER, IN_BUBBLE, IN_ESTOP, IN_LID } from '../../firmware/core/channels';
import { Controller } from '../../firmware/core/controller';
import { AIR_TEST_ASSERTED } from '../../firmware/core/safety/airTest';
import { bootController } from '../../firmware/core/boot';
import { command, commandTable } from '../../firmware/core/commands/table';
import { PLAUSIBILITY_EVERY_TICKS } from '../../firmware/core/safety/sensorHealth';
import { STATE_FAULT, STATE_IDLE, STATE_PERFUSING, STATE_PRIMING } from '../../firmware/core/states';
import { PROFILES, PROFILE_IDS } from '../../firmware/core/profiles';
import { DriveTrain, PumpGeometry, TUBING_NAMES, flowToStepHz } from '../../firmware/core/drive/pumpDrive';
import { SPAN_CHANNELS, SettingsIO } from '../../firmware/core/settings';
import { FRONT_END_LINEAR, FRONT_END_THERMISTOR, FrontEnd } from '../../firmware/core/sensing/frontEnds';
import { YSI400 } from '../../firmware/core/sensing/conversions';

const DRIVE: DriveTrain = { motorStepsPerRev: 200, microsteps: 16, gearRatio: 1, accelMlMinPerS: 200, encoderPulsesPerRev: 100 };
/** The 3/8 in tubing the controller starts with. */
const GEOMETRY: PumpGeometry = { strokeMlPerRev: 34, motorStepsPerRev: 200, microsteps: 16, gearRatio: 1, accelMlMinPerS: 200 };
/** Identity front end: the raw value is the reading (ratioAtZero 0, one unit per unit). */
const IDENTITY: FrontEnd = { kind: FRONT_END_LINEAR, seriesOhm: 0, sh: null, ratioAtZero: 0, ratioPerUnit: 1 };
/** YSI 400 in a divider with 1300 ohm: ratio 0.5 reads 38.01 degC. */
const THERMISTOR: FrontEnd = { kind: FRONT_END_THERMISTOR, seriesOhm: 1300, sh: YSI400, ratioAtZero: 0, ratioPerUnit: 1 };
/** Pressure channels: 1 mmHg per 0.001 of the supply. */
const PRESSURE: FrontEnd = { kind: FRONT_END_LINEAR, seriesOhm: 0, sh: null, ratioAtZero: 0, ratioPerUnit: 0.001 };
/** Reservoir level: 1 mL per 0.0005 of the supply. */
const LEVEL: FrontEnd = { kind: FRONT_END_LINEAR, seriesOhm: 0, sh: null, ratioAtZero: 0, ratioPerUnit: 0.0005 };

function make(settingsIO?: SettingsIO) {
  const lines: string[] = [];
  const frontEnds: FrontEnd[] = new Array(CHANNEL_COUNT).fill(IDENTITY);
  frontEnds[CH_P_ART] = PRESSURE;
  frontEnds[CH_P_VEN] = PRESSURE;
  frontEnds[CH_P_CUFF] = PRESSURE;
  frontEnds[CH_LEVEL] = LEVEL;
  for (const ch of [CH_T_ART, CH_T_PROX, CH_T_DIST, CH_T_WATER]) frontEnds[ch] = THERMISTOR;
  const c = new Controller(DRIVE, frontEnds, (l) => lines.push(l), settingsIO);
  const raw = new Float64Array(CHANNEL_COUNT).fill(0.5);
  raw[CH_P_ART] = 0.02;
  raw[CH_P_VEN] = 0.02;
  raw[CH_P_CUFF] = 0.3; // tourniquet at 300 mmHg
  raw[CH_LEVEL] = 0.35; // 700 mL in the reservoir
  raw[CH_P_SYS] = NaN; // no anaesthesia monitor connected: no pressure servo
  // A turning head: encoder pulses follow the programmed flow, unless `stalled`.
  const encoder = { pulses: 0, fraction: 0, lastMs: 0, stalled: false };
  // A healthy air detector: it answers the self-test at once (air, then liquid), which the
  // controller asks for whenever it enters IDLE and on the tick while it waits.
  const answerAirTest = () => {
    if (c.airTest !== AIR_TEST_ASSERTED) return;
    c.setInput(IN_BUBBLE, true, encoder.lastMs);
    c.setInput(IN_BUBBLE, false, encoder.lastMs);
  };
  const setState = c.setState.bind(c);
  c.setState = (to: string) => {
    setState(to);
    answerAirTest();
  };
  bootController(c, 0, true, false, raw, 0);
  raw[CH_T_ART] = 0.5;
  // A live converter never returns the same code for long: wobble every raw value by a
  // fraction of a code, back and forth, so the stuck-signal check sees live sensors.
  let wobble = 1e-6;
  const tick = (t: number) => {
    for (let i = 0; i < raw.length; i++) raw[i] += wobble;
    wobble = -wobble;
    if (c.pump.enabled && !encoder.stalled) {
      encoder.fraction += ((c.pump.flowMlMin * (t - encoder.lastMs)) / 60000 / c.pump.strokeMlPerRev) * DRIVE.encoderPulsesPerRev;
      const whole = Math.floor(encoder.fraction);
      encoder.pulses += whole;
      encoder.fraction -= whole;
    }
    encoder.lastMs = t;
    c.tick(t, raw, encoder.pulses);
    answerAirTest();
  };
  tick(0);
  return { c, lines, raw, tick, encoder };
}

/** Everything a rejected command must leave alone. */
function snapshot(c: Controller) {
  return JSON.stringify({
    state: c.state, profile: c.profile.id, flowSet: c.flowSetMlMin, tempSet: c.tempSetC, flow: c.pump.flowMlMin,
    enabled: c.pump.enabled, heater: c.heater.duty, raised: Array.from(c.alarms.raised), zeroArt: c.sensing.zeroArtMmHg, zeroVen: c.sensing.zeroVenMmHg,
  });
}

describe('Controller commands', () => {
  it('accepts the healthy sequence of the interface contract', () => {
    const { c } = make();
    expect(command(c, 'protocol ilp-leg', 100)).toBe('ok protocol ilp-leg');
    expect(command(c, 'zero', 200)).toBe('ok zero p_art=20.0 p_ven=20.0');
    expect(command(c, 'prime', 300)).toBe('ok prime 300');
    expect(c.state).toBe(STATE_PRIMING);
    expect(command(c, 'start', 400)).toBe('ok start 350');
    expect(c.state).toBe(STATE_PERFUSING);
    expect(command(c, 'flow 350', 500)).toBe('ok flow 350');
    expect(command(c, 'temp 40', 600)).toBe('ok temp 40');
    expect(command(c, 'stop', 700)).toBe('ok stop');
    expect(c.state).toBe(STATE_IDLE);
  });

  it('is case-insensitive in command words and profile ids', () => {
    const { c } = make();
    expect(command(c, 'PROTOCOL ILP-Arm', 0)).toBe('ok protocol ilp-arm');
    expect(command(c, 'Flow 120', 0)).toBe('ok flow 120');
  });

  it.each([
    ['bogus', 'err bogus unknown unknown command'],
    ['flow', 'err flow syntax usage: flow <mL/min> [confirm]'],
    ['flow abc', 'err flow syntax not a number: abc'],
    ['flow 1e3', 'err flow syntax not a number: 1e3'],
    ['flow 350 400', 'err flow syntax usage: flow <mL/min> [confirm]'],
    ['flow 601', 'err flow range 601 outside 100..600 mL/min for ilp-leg'],
    ['flow 99.9', 'err flow range 99.9 outside 100..600 mL/min for ilp-leg'],
    ['temp 41.5', 'err temp range 41.5 outside 35..41 degC for ilp-leg'],
    ['temp -1', 'err temp range -1 outside 35..41 degC for ilp-leg'],
    ['protocol', 'err protocol syntax usage: protocol <ilp-leg|ilp-arm|ili|rlp-equine>'],
    ['protocol ilp-toe', 'err protocol range unknown profile, expected ilp-leg|ilp-arm|ili|rlp-equine'],
    ['start now', 'err start syntax usage: start'],
    ['status x', 'err status syntax usage: status'],
    ['fl\u00f6w 3', 'err - syntax non-printable characters in line'],
    ['\u0001\u0002', 'err - syntax non-printable characters in line'],
    ['   ', 'err - syntax empty command'],
  ])('rejects %j and changes nothing', (line, reply) => {
    const { c } = make();
    const before = snapshot(c);
    expect(command(c, line, 1000)).toBe(reply);
    expect(snapshot(c)).toBe(before);
  });

  describe('the command table', () => {
    const entries = commandTable().split(';').map((e) => {
      const m = /^([a-z]+) (\d) (\d)(?: (.+))?$/.exec(e);
      if (!m) throw new Error(`malformed command entry ${JSON.stringify(e)}`);
      return { word: m[1], min: Number(m[2]), max: Number(m[3]), usage: m[4] ?? '' };
    });

    it('names every command once, with argument counts that make sense', () => {
      const words = entries.map((e) => e.word);
      expect(new Set(words).size).toBe(words.length);
      for (const e of entries) expect(e.min).toBeLessThanOrEqual(e.max);
      for (const w of ['protocol', 'zero', 'prime', 'start', 'stop', 'flow', 'temp', 'ack', 'silence', 'status']) expect(words).toContain(w);
    });

    it('dispatches every word it names, and answers too few or too many arguments with its usage', () => {
      for (const e of entries) {
        const tooMany = [e.word, ...new Array(e.max + 1).fill('1')].join(' ');
        const { c } = make();
        expect(command(c, tooMany, 1000)).toBe(`err ${e.word} syntax usage: ${[e.word, e.usage].filter(Boolean).join(' ')}`);
        // With its fewest arguments, whatever the reply, it is not "unknown".
        const fewest = [e.word, ...new Array(e.min).fill('1')].join(' ');
        expect(command(make().c, fewest, 1000)).not.toMatch(new RegExp(`^err ${e.word} unknown `));
        if (e.min > 0) expect(command(make().c, e.word, 1000)).toMatch(new RegExp(`^err ${e.word} syntax usage: `));
      }
    });

    it('lists the same choices as the firmware accepts', () => {
      const usage = (w: string) => entries.find((e) => e.word === w)?.usage;
      expect(usage('protocol')).toBe(`<${PROFILE_IDS.join('|')}>`);
      expect(usage('tubing')).toBe(`<${TUBING_NAMES.join('|')}>`);
      expect(usage('span')).toBe(`<${SPAN_CHANNELS.join('|')}> <mmHg>`);
    });

    it('takes confirm, and only confirm, as the second word of flow and temp', () => {
      expect(command(make().c, 'temp 39 CONFIRM', 1000)).toBe('ok temp 39');
      expect(command(make().c, 'temp 39 please', 1000)).toBe('err temp syntax usage: temp <degC> [confirm]');
      expect(command(make().c, 'add 5 confirm', 1000)).toBe('err add syntax usage: add <mL>');
    });
  });

  it('refuses commands in the wrong state without changing anything', () => {
    const { c } = make();
    command(c, 'start', 0);
    let before = snapshot(c);
    expect(command(c, 'protocol ili', 10)).toBe('err protocol state only in IDLE, now PERFUSING');
    expect(command(c, 'prime', 10)).toBe('err prime state not allowed in PERFUSING');
    expect(command(c, 'start', 10)).toBe('err start state not allowed in PERFUSING');
    expect(command(c, 'zero', 10)).toBe('err zero state stop the pump first');
    expect(snapshot(c)).toBe(before);
    c.setInput(IN_ESTOP, true, 20);
    before = snapshot(c);
    expect(command(c, 'stop', 30)).toBe('err stop state pump already stopped in FAULT; ack to leave');
    expect(command(c, 'ack', 30)).toBe('err ack state ESTOP still present');
    expect(snapshot(c)).toBe(before);
  });

  it('refuses the corrections during a calibration run, even before the head turns', () => {
    const { c } = make();
    expect(command(c, 'calibrate 5', 0)).toMatch(/^ok calibrate /);
    expect(c.pump.flowMlMin).toBe(0);
    const before = snapshot(c);
    expect(command(c, 'zero', 10)).toBe('err zero state stop the pump first');
    expect(command(c, 'tare', 10)).toBe('err tare state stop the pump first');
    expect(command(c, 'span p_art 100', 10)).toBe('err span state stop the pump first');
    expect(snapshot(c)).toBe(before);
  });

  describe('refuses every correction it cannot make, and changes nothing', () => {
    /** A board whose flash takes no writes: nothing stored reads back (defaults in use). */
    const readOnlyFlash = (): SettingsIO => ({ read: () => undefined, write: () => false, crc32: () => 0 });
    const corrections = (c: Controller) => JSON.stringify({ s: snapshot(c), settings: c.settings, level: c.sensing.levelOffsetMl, stroke: c.pump.strokeMlPerRev });

    it.each([
      ['span p_art abc', 'err span syntax not a number: abc'],
      ['span p_limb 100', 'err span range unknown channel p_limb, expected p_art|p_ven|p_cuff'],
      ['span p_art 40', 'err span range 40 outside 50..500 mmHg'],
      // p_art reads 20 mmHg: a 100 mmHg reference would need a gain of 5.
      ['span p_art 100', 'err span range p_art reads 20.0 mmHg: gain 5.000 outside 0.8..1.2; check the reference and transducer'],
      ['tare abc', 'err tare syntax not a number: abc'],
      // The reservoir reads 700 mL: calling it 5000 would be an offset of -4300.
      ['tare 5000', 'err tare range offset beyond 1000 mL; check the level sensor'],
      ['calibrate x', 'err calibrate syntax not a number: x'],
      ['calibrate 0', 'err calibrate range 0 outside 1..50 revolutions'],
      ['calibrate 51', 'err calibrate range 51 outside 1..50 revolutions'],
      ['collected 30', 'err collected state no finished calibration run'],
    ])('%s -> %s', (line, reply) => {
      const { c } = make();
      const before = corrections(c);
      expect(command(c, line, 1000)).toBe(reply);
      expect(corrections(c)).toBe(before);
    });

    it('without a reading: a faulted transducer is neither zeroed, spanned nor tared', () => {
      const { c, raw, tick } = make();
      raw[CH_P_ART] = NaN;
      raw[CH_LEVEL] = NaN;
      tick(200);
      const before = corrections(c);
      expect(command(c, 'zero', 300)).toBe('err zero state pressure sensor fault');
      expect(command(c, 'span p_art 100', 300)).toBe('err span state p_art sensor fault');
      expect(command(c, 'tare', 300)).toBe('err tare state level sensor fault');
      expect(corrections(c)).toBe(before);
    });

    it('a span the flash will not keep is not applied either', () => {
      const { c, raw, tick } = make(readOnlyFlash());
      raw[CH_P_ART] = 0.1; // 100 mmHg
      tick(200);
      const before = corrections(c);
      const rawAtBefore = c.sensing.rawAt(CH_P_ART, 100);
      expect(command(c, 'span p_art 110', 300)).toBe('err span state could not write settings to flash');
      expect(corrections(c)).toBe(before);
      expect(c.sensing.rawAt(CH_P_ART, 100)).toBe(rawAtBefore);
    });

    it('a stroke volume the flash will not keep is not used either', () => {
      const { c, tick } = make(readOnlyFlash());
      expect(command(c, 'calibrate 1', 0)).toBe('ok calibrate 3/8 1 revs; collect the outflow');
      for (let t = 200; t <= 20000 && c.state !== STATE_IDLE; t += 200) tick(t);
      expect(c.state).toBe(STATE_IDLE);
      const before = corrections(c);
      expect(command(c, 'collected 30', 21000)).toBe('err collected state could not write settings to flash');
      expect(corrections(c)).toBe(before);
    });

    it('the lid open or an interlock condition present: no calibration run, no start', () => {
      const lid = make().c;
      lid.setInput(IN_LID, true, 0);
      expect(command(lid, 'calibrate', 10)).toBe('err calibrate state pump-head lid open');
      // Defence in depth: every pump-stopping alarm latches FAULT when raised, so IDLE with
      // one present is not reached through the inputs; the start check holds regardless.
      const { c } = make();
      c.alarms.present[A_AIR_IN_LINE] = 1;
      const before = snapshot(c);
      expect(command(c, 'start', 10)).toBe('err start state interlock active: AIR_IN_LINE');
      expect(command(c, 'prime', 10)).toBe('err prime state interlock active: AIR_IN_LINE');
      expect(command(c, 'calibrate', 10)).toBe('err calibrate state interlock active: AIR_IN_LINE');
      expect(snapshot(c)).toBe(before);
    });
  });

  it('checks ranges against the loaded profile', () => {
    const { c } = make();
    expect(command(c, 'flow 60', 0)).toMatch(/^err flow range/);
    expect(command(c, 'protocol ili', 0)).toBe('ok protocol ili');
    expect(command(c, 'flow 60', 0)).toBe('ok flow 60');
    expect(command(c, 'flow 151', 0)).toBe('err flow range 151 outside 20..150 mL/min for ili');
  });

  it('refuses to zero a transducer reading far from zero', () => {
    const { c, raw, tick } = make();
    raw[CH_P_ART] = 0.08;
    tick(100);
    expect(command(c, 'zero', 150)).toBe('err zero range offset beyond 50 mmHg; open the transducers to air');
    expect(c.sensing.zeroArtMmHg).toBe(0);
  });

  it('answers status with state, flow, readings and alarms', () => {
    const { c } = make();
    c.setInput(IN_BUBBLE, true, 10);
    expect(command(c, 'status', 20)).toMatch(/^ok status state=FAULT profile=ilp-leg flow=0\.0 .* t_art=38\.01 .* alarms=AIR_IN_LINE alarm=AIR_IN_LINE$/);
  });
});

describe('Controller interlocks', () => {
  it('stops the pump at once on air, latches, and needs ack then start', () => {
    const { c, lines, tick } = make();
    command(c, 'start', 0);
    for (let t = 100; t <= 3000; t += 100) tick(t);
    expect(c.pump.flowMlMin).toBe(350);
    c.setInput(IN_BUBBLE, true, 3050);
    expect(c.pump.flowMlMin).toBe(0);
    expect(c.pump.enabled).toBe(false);
    expect(c.state).toBe(STATE_FAULT);
    expect(lines).toContain('!alarm {"id":"AIR_IN_LINE","priority":"high","active":true}');
    c.setInput(IN_BUBBLE, false, 3100);
    for (let t = 3100; t <= 5000; t += 100) tick(t);
    expect(c.pump.flowMlMin).toBe(0);
    expect(command(c, 'start', 5000)).toBe('err start state not allowed in FAULT');
    expect(command(c, 'ack', 5100)).toBe('ok ack');
    expect(c.state).toBe(STATE_IDLE);
    tick(5200);
    expect(c.pump.flowMlMin).toBe(0);
    expect(command(c, 'start', 5300)).toBe('ok start 350');
    tick(5400);
    expect(c.pump.flowMlMin).toBeGreaterThan(0);
  });

  it('turns the heater off on ESTOP', () => {
    const { c, tick } = make();
    command(c, 'start', 0);
    // The heater duty is computed on thermal ticks (every other one): make() ran the first.
    tick(100);
    expect(c.heater.duty).toBe(0);
    tick(200);
    expect(c.heater.duty).toBeGreaterThan(0);
    c.setInput(IN_ESTOP, true, 250);
    expect(c.heater.duty).toBe(0);
    expect(c.pump.enabled).toBe(false);
  });

  it('allows the lid open while stopped but not while pumping', () => {
    const { c, tick } = make();
    c.setInput(IN_LID, true, 0);
    expect(c.state).toBe(STATE_IDLE);
    expect(command(c, 'start', 5)).toBe('err start state pump-head lid open');
    expect(command(c, 'prime', 5)).toBe('err prime state pump-head lid open');
    c.setInput(IN_LID, false, 8);
    expect(command(c, 'start', 10)).toBe('ok start 350');
    tick(100);
    c.setInput(IN_LID, true, 150);
    expect(c.state).toBe(STATE_FAULT);
    expect(c.pump.flowMlMin).toBe(0);
  });

  it('trips LID_OPEN when the pump is still ramping down with the lid opened', () => {
    const { c, tick } = make();
    command(c, 'start', 0);
    for (let t = 100; t <= 3000; t += 100) tick(t);
    command(c, 'stop', 3000);
    tick(3100);
    expect(c.pump.flowMlMin).toBeGreaterThan(0);
    c.setInput(IN_LID, true, 3150);
    expect(c.state).toBe(STATE_FAULT);
    expect(c.pump.flowMlMin).toBe(0);
  });

  it('ramps flow with limited acceleration and integrates the volume it programs', () => {
    const { c, tick } = make();
    command(c, 'start', 0);
    tick(100);
    expect(c.pump.flowMlMin).toBeCloseTo(20, 6);
    for (let t = 200; t <= 60000; t += 100) tick(t);
    expect(c.pump.flowMlMin).toBe(350);
    // Ramp 0 -> 350 at 200 mL/min/s in 1.75 s, then 350 mL/min: about 343 mL in the first minute.
    expect(c.pump.volumeMl).toBeGreaterThan(340);
    expect(c.pump.volumeMl).toBeLessThan(350);
    expect(flowToStepHz(350, GEOMETRY)).toBeCloseTo((350 / 60 / 34) * 3200, 9);
  });

  it('never leaves the pump running while a pump-stopping alarm is raised (property)', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('cmd' as const), text: fc.constantFrom('start', 'prime', 'stop', 'ack', 'flow 400', 'protocol ilp-arm', 'zero', 'silence') }),
      fc.record({ kind: fc.constant('input' as const), input: fc.constantFrom(IN_ESTOP, IN_BUBBLE, IN_LID), active: fc.boolean() }),
      fc.record({ kind: fc.constant('tick' as const), dt: fc.integer({ min: 1, max: 500 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { c, tick } = make();
        let t = 0;
        for (const s of steps) {
          if (s.kind === 'cmd') command(c, s.text, t);
          else if (s.kind === 'input') c.setInput(s.input, s.active, t);
          else {
            t += s.dt;
            tick(t);
          }
          for (let a = 0; a < ALARMS.length; a++) {
            if (c.alarms.raised[a] && ALARMS[a].stopsPump) {
              expect(c.pump.enabled).toBe(false);
              expect(c.pump.flowMlMin).toBe(0);
            }
          }
          if (c.alarms.raised[A_ESTOP]) expect(c.heater.duty).toBe(0);
          if (c.alarms.raised[A_AIR_IN_LINE] || c.alarms.raised[A_ESTOP]) expect(c.state).toBe(STATE_FAULT);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('Controller pump rotation', () => {
  it('raises PUMP_STALL when the head stops turning while driven, and stops the pump', () => {
    const { c, tick, encoder, lines } = make();
    command(c, 'start', 0);
    for (let t = 100; t <= 3000; t += 100) tick(t);
    expect(c.pump.flowMlMin).toBe(350);
    encoder.stalled = true;
    let tripped = -1;
    for (let t = 3100; t <= 6000 && tripped < 0; t += 100) {
      tick(t);
      if (c.alarms.raised[6]) tripped = t;
    }
    // 350 mL/min on 34 mL/rev at 100 pulses/rev: 17 pulses/s, three are due within 200 ms,
    // so the 500 ms floor since the last pulse (at 3000) decides.
    expect(tripped).toBe(3500);
    expect(lines).toContain('!alarm {"id":"PUMP_STALL","priority":"high","active":true}');
    expect(c.pump.enabled).toBe(false);
    expect(c.state).toBe(STATE_FAULT);
  });

  it('does not raise PUMP_STALL when starting, ramping or stopped', () => {
    const { c, tick, lines } = make();
    for (let t = 100; t <= 2000; t += 100) tick(t);
    command(c, 'start', 2000);
    for (let t = 2100; t <= 20000; t += 100) tick(t);
    command(c, 'flow 100', 20000);
    for (let t = 20100; t <= 40000; t += 100) tick(t);
    command(c, 'stop', 40000);
    for (let t = 40100; t <= 50000; t += 100) tick(t);
    // The warm tissue prompts for the drug (a low alarm); no other alarm.
    expect(lines.filter((l) => l.startsWith('!alarm') && !l.includes('PHASE_PROMPT'))).toEqual([]);
  });

  it('raises PUMP_SPEED when the head turns 30% fast (runaway) but not at 10%', () => {
    for (const [gain, expected] of [[1.3, true], [1.1, false], [0.75, true]] as const) {
      const { c, tick, encoder } = make();
      command(c, 'start', 0);
      for (let t = 100; t <= 3000; t += 100) tick(t);
      // From here the head turns at `gain` times the programmed speed.
      encoder.stalled = true;
      let fraction = 0;
      for (let t = 3100; t <= 9000; t += 100) {
        fraction += ((c.pump.flowMlMin * 100) / 60000 / c.pump.strokeMlPerRev) * DRIVE.encoderPulsesPerRev * gain;
        encoder.pulses += Math.floor(fraction);
        fraction -= Math.floor(fraction);
        tick(t);
      }
      expect([gain, c.alarms.raised[13] === 1]).toEqual([gain, expected]);
    }
  });

  it('selects a tubing set only when idle and stopped, and scales the step rate with it', () => {
    const { c } = make();
    expect(command(c, 'tubing 1/4', 0)).toBe('ok tubing 1/4 15.00 mL/rev');
    expect(c.pump.stepHzPerMlMin).toBeCloseTo(3200 / 15 / 60, 12);
    expect(command(c, 'tubing 5/8', 0)).toBe('err tubing range unknown tubing 5/8, expected 1/4|3/8|1/2');
    expect(command(c, 'tubing', 0)).toBe('err tubing syntax usage: tubing <1/4|3/8|1/2>');
    command(c, 'start', 0);
    expect(command(c, 'tubing 1/2', 10)).toBe('err tubing state only in IDLE with the pump stopped');
    expect(c.pump.strokeMlPerRev).toBe(15);
  });
});

describe('Controller stuck sensors', () => {
  it('raises SENSOR_FAULT (stuck) when a raw value does not move at all for 60 checks (once a second), not before', () => {
    const { c, lines } = make();
    const raw = new Float64Array(CHANNEL_COUNT).fill(0.5);
    raw[CH_P_ART] = 0.02;
    raw[CH_P_VEN] = 0.02;
    // Checked on every PLAUSIBILITY_EVERY_TICKS-th tick (make() ran the first tick): the
    // first check, at the 5th tick, takes the reference; the 60th after it, at the 305th
    // tick (k = 304 here), finds the value stuck.
    expect(PLAUSIBILITY_EVERY_TICKS * 200).toBe(1000);
    for (let k = 1; k <= 303; k++) c.tick(k * 200, raw, 0);
    expect(lines.filter((l) => l.includes('"stuck"'))).toEqual([]);
    c.tick(304 * 200, raw, 0);
    c.tick(306 * 200, raw, 0);
    const stuck = lines.filter((l) => l.includes('"cause":"stuck"'));
    expect(stuck.length).toBe(10); // every channel of the fixture has a front end, none moved
    expect(stuck[0]).toMatch(/^!alarm \{"id":"SENSOR_FAULT","priority":"high","active":true,"channel":"p_art","cause":"stuck","value":0\.0200\}$/);
  });
});

describe('profiles', () => {
  it('keep every default inside its own range', () => {
    for (const p of PROFILES) {
      expect(p.flowDefaultMlMin).toBeGreaterThanOrEqual(p.flowMinMlMin);
      expect(p.flowDefaultMlMin).toBeLessThanOrEqual(p.flowMaxMlMin);
      expect(p.tempDefaultC).toBeGreaterThanOrEqual(p.tempMinC);
      expect(p.tempDefaultC).toBeLessThanOrEqual(p.tempMaxC);
      expect(p.tempMaxC).toBeLessThan(p.tArtHighC);
    }
  });
});

describe('profiles', () => {
  it('the id list the firmware prints is the table\'s, in order', () => {
    expect(PROFILE_IDS).toEqual(PROFILES.map((p) => p.id));
  });
});
