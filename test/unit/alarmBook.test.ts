// The alarm book on its own: what raising, clearing, latching, silencing and escalating
// alarms decide, the counts of engaged alarms that stop the pump or keep the heater off,
// the alarm shown and sounded first, SENSOR_FAULT's channel masks, and the fault log
// records with STORAGE_FAULT when the flash refuses one.
import {
  ALARM_COUNT, A_AIR_IN_LINE, A_CALIBRATION_DEFAULT, A_CLOCK_RC, A_ESTOP, A_HEATER_FAULT, A_LEAK, A_LEVEL_LOW, A_LID_OPEN,
  A_PHASE_PROMPT, A_PUMP_STALL, A_P_ART_HIGH, A_SENSOR_FAULT, A_SETTINGS_CORRUPT, A_STORAGE_FAULT, A_T_ART_HIGH,
  A_TOURNIQUET_TIME, A_T_WATER_HIGH, A_WATCHDOG_RESET,
} from '../../firmware/core/safety/alarms';
import { ESCALATION_MS, RANK_HIGH, RANK_LOW, RANK_MEDIUM, RANK_NONE, SILENCE_MS } from '../../firmware/core/safety/alarmSignals';
import { AlarmBook } from '../../firmware/core/safety/alarmBook';
import { CH_LEVEL, CH_P_ART, CH_P_CUFF, CH_T_ART, CH_T_WATER } from '../../firmware/core/channels';
import { rig } from './safetyFixture';

const on = (id: string, priority: string, extra = '') => `!alarm {"id":"${id}","priority":"${priority}","active":true${extra}}`;
const off = (id: string, priority: string, extra = '') => `!alarm {"id":"${id}","priority":"${priority}","active":false${extra}}`;

function setup(withLog = true) {
  const r = rig({ withLog });
  return { ...r, b: r.alarms };
}

function state(b: AlarmBook, alarm: number) {
  return { raised: b.raised[alarm], present: b.present[alarm], rank: b.rank[alarm] };
}

describe('AlarmBook', () => {
  it('starts with nothing engaged', () => {
    const { b } = setup();
    expect(Array.from(b.raised)).toEqual(new Array(ALARM_COUNT).fill(0));
    expect([b.pumpStopCount, b.heaterOffCount, b.highest, b.highestRank]).toEqual([0, 0, -1, RANK_NONE]);
    expect(b.highestText()).toBe('null');
    expect(b.soundRank(0)).toBe(RANK_NONE);
    expect(b.firstPumpStop()).toBe(-1);
    expect(b.firstLatchedPresent()).toBe(-1);
    expect(b.escalationDue(1e12)).toBe(false);
    expect(b.storageFailed).toBe(false);
  });

  describe('raise', () => {
    it('reports the alarm once, takes its safe action at once and records it', () => {
      const { b, take, acts, log } = setup();
      b.raise(A_ESTOP, 1000);
      expect(take()).toEqual([on('ESTOP', 'high')]);
      expect(acts).toEqual([[A_ESTOP, 1000]]);
      expect(state(b, A_ESTOP)).toEqual({ raised: 1, present: 1, rank: RANK_HIGH });
      expect([b.pumpStopCount, b.heaterOffCount, b.highest, b.highestRank]).toEqual([1, 1, A_ESTOP, RANK_HIGH]);
      expect(log.appended).toEqual([{ timeMs: 1000, id: 'ESTOP', channel: '', raw: NaN, value: NaN, limit: NaN }]);
      // Raised again while raised: no second line, action or record.
      b.raise(A_ESTOP, 2000);
      expect(take()).toEqual([]);
      expect(acts.length).toBe(1);
      expect(log.appended.length).toBe(1);
    });

    it('counts pump stops and heater-offs by the alarm table', () => {
      const { b } = setup();
      b.raise(A_T_ART_HIGH, 0);
      expect([b.pumpStopCount, b.heaterOffCount]).toEqual([0, 1]);
      b.raise(A_AIR_IN_LINE, 0);
      expect([b.pumpStopCount, b.heaterOffCount]).toEqual([1, 1]);
      b.raise(A_LEAK, 0);
      expect([b.pumpStopCount, b.heaterOffCount]).toEqual([1, 1]);
      b.raise(A_P_ART_HIGH, 0);
      b.raise(A_T_WATER_HIGH, 0);
      expect([b.pumpStopCount, b.heaterOffCount]).toEqual([2, 2]);
    });

    it('an alarm raised again after its condition went (latched, not cleared) is present again, without a new line', () => {
      const { b, take } = setup();
      b.raise(A_AIR_IN_LINE, 0);
      b.gone(A_AIR_IN_LINE);
      expect(state(b, A_AIR_IN_LINE)).toEqual({ raised: 1, present: 0, rank: RANK_HIGH });
      expect(b.firstLatchedPresent()).toBe(-1);
      take();
      b.raise(A_AIR_IN_LINE, 500);
      expect(state(b, A_AIR_IN_LINE)).toEqual({ raised: 1, present: 1, rank: RANK_HIGH });
      expect(b.firstLatchedPresent()).toBe(A_AIR_IN_LINE);
      expect(b.pumpStopCount).toBe(1);
      expect(take()).toEqual([]);
    });

    it('raiseOnce: an event, raised but not present, so ack clears it at once', () => {
      const { b, take, acts } = setup();
      b.raiseOnce(A_SETTINGS_CORRUPT, 10);
      expect(take()).toEqual([on('SETTINGS_CORRUPT', 'medium')]);
      expect(acts).toEqual([[A_SETTINGS_CORRUPT, 10]]);
      expect(state(b, A_SETTINGS_CORRUPT)).toEqual({ raised: 1, present: 0, rank: RANK_MEDIUM });
      expect(b.firstLatchedPresent()).toBe(-1);
      b.raiseOnce(A_WATCHDOG_RESET, 10);
      // Engaged while raised though no longer present.
      expect([b.pumpStopCount, b.heaterOffCount]).toEqual([1, 1]);
      b.clearLatched();
      expect(take()).toEqual([on('WATCHDOG_RESET', 'high'), off('SETTINGS_CORRUPT', 'medium'), off('WATCHDOG_RESET', 'high')]);
      expect([b.pumpStopCount, b.heaterOffCount, b.highest]).toEqual([0, 0, -1]);
    });
  });

  describe('record', () => {
    it('records high and medium alarms, not low ones nor STORAGE_FAULT', () => {
      const { b, log } = setup();
      b.raise(A_LEAK, 1);
      b.raise(A_CALIBRATION_DEFAULT, 2);
      b.raise(A_PHASE_PROMPT, 3);
      b.raise(A_STORAGE_FAULT, 4);
      b.raise(A_HEATER_FAULT, 5);
      expect(log.appended.map((f) => [f.id, f.timeMs])).toEqual([['LEAK', 1], ['HEATER_FAULT', 5]]);
      expect(b.storageFailed).toBe(false);
    });

    it('keeps what showed the hazard: channel, raw, value, limit', () => {
      const { b, log } = setup();
      b.record(A_P_ART_HIGH, 7, CH_P_ART, 0.5, 301.25, 300);
      b.record(A_LEAK, 8, -1, 0.1, 2, 3);
      expect(log.appended).toEqual([
        { timeMs: 7, id: 'P_ART_HIGH', channel: 'p_art', raw: 0.5, value: 301.25, limit: 300 },
        { timeMs: 8, id: 'LEAK', channel: '', raw: 0.1, value: 2, limit: 3 },
      ]);
    });

    it('without a fault log, alarms still work', () => {
      const { b, take } = setup(false);
      b.raise(A_ESTOP, 0);
      expect(take()).toEqual([on('ESTOP', 'high')]);
      expect(b.storageFailed).toBe(false);
    });
  });

  describe('STORAGE_FAULT', () => {
    it('follows the alarm whose record the flash refused, once', () => {
      const { b, take, acts, log } = setup();
      log.failing = true;
      b.raise(A_ESTOP, 100);
      expect(take()).toEqual([on('ESTOP', 'high'), on('STORAGE_FAULT', 'medium')]);
      expect(acts).toEqual([[A_ESTOP, 100], [A_STORAGE_FAULT, 100]]);
      expect(b.storageFailed).toBe(false);
      // An event: raised, not present, ack clears it.
      expect(state(b, A_STORAGE_FAULT)).toEqual({ raised: 1, present: 0, rank: RANK_MEDIUM });
      // Another refused record: no second STORAGE_FAULT while it is raised.
      b.raise(A_LEAK, 200);
      expect(take()).toEqual([on('LEAK', 'medium')]);
      expect(log.appended.length).toBe(2);
      expect(b.storageFailed).toBe(false);
    });

    it('a refused record outside raise (a limit trip recorded before) is reported by reportStorage', () => {
      const { b, take, log } = setup();
      log.failing = true;
      b.record(A_P_ART_HIGH, 5, CH_P_ART, 0.5, 400, 300);
      expect(b.storageFailed).toBe(true);
      expect(take()).toEqual([]);
      b.reportStorage(6);
      expect(b.storageFailed).toBe(false);
      expect(take()).toEqual([on('STORAGE_FAULT', 'medium')]);
      b.reportStorage(7);
      expect(take()).toEqual([]);
    });

    it('a record written does not raise it', () => {
      const { b, log } = setup();
      b.record(A_ESTOP, 1, -1, NaN, NaN, NaN);
      expect(log.appended.length).toBe(1);
      expect(b.storageFailed).toBe(false);
    });
  });

  describe('gone and clear', () => {
    it('a non-latched alarm clears when its condition goes', () => {
      const { b, take } = setup();
      b.raise(A_T_ART_HIGH, 0);
      take();
      b.gone(A_T_ART_HIGH);
      expect(take()).toEqual([off('T_ART_HIGH', 'high')]);
      expect(state(b, A_T_ART_HIGH)).toEqual({ raised: 0, present: 0, rank: RANK_NONE });
      expect([b.heaterOffCount, b.highest, b.highestRank]).toEqual([0, -1, RANK_NONE]);
      // Gone again: nothing.
      b.gone(A_T_ART_HIGH);
      expect(take()).toEqual([]);
    });

    it('an event alarm (raised once, never present) is not cleared by gone, only by clear', () => {
      const { b, take } = setup();
      b.raiseOnce(A_PHASE_PROMPT, 0);
      take();
      b.gone(A_PHASE_PROMPT);
      expect(take()).toEqual([]);
      expect(state(b, A_PHASE_PROMPT)).toEqual({ raised: 1, present: 0, rank: RANK_LOW });
      b.clear(A_PHASE_PROMPT);
      expect(take()).toEqual([off('PHASE_PROMPT', 'low')]);
    });

    it('a latched alarm stays raised (and engaged) until cleared', () => {
      const { b, take } = setup();
      b.raise(A_LEVEL_LOW, 0);
      take();
      b.gone(A_LEVEL_LOW);
      expect(take()).toEqual([]);
      expect(state(b, A_LEVEL_LOW)).toEqual({ raised: 1, present: 0, rank: RANK_HIGH });
      expect(b.pumpStopCount).toBe(1);
      expect(b.firstPumpStop()).toBe(A_LEVEL_LOW);
      b.clear(A_LEVEL_LOW);
      expect(take()).toEqual([off('LEVEL_LOW', 'high')]);
      expect(b.pumpStopCount).toBe(0);
      expect(b.firstPumpStop()).toBe(-1);
      // Clearing what is not raised says nothing.
      b.clear(A_LEVEL_LOW);
      expect(take()).toEqual([]);
    });

    it('a condition present without the alarm raised still engages it', () => {
      const { b } = setup();
      b.raise(A_ESTOP, 0);
      b.clear(A_ESTOP); // cleared by hand while the button is still pressed
      expect(state(b, A_ESTOP)).toEqual({ raised: 0, present: 1, rank: RANK_NONE });
      expect([b.pumpStopCount, b.heaterOffCount]).toEqual([1, 1]);
      expect(b.firstPumpStop()).toBe(A_ESTOP);
      expect(b.firstLatchedPresent()).toBe(-1);
      expect(b.highest).toBe(-1);
      b.gone(A_ESTOP);
      expect([b.pumpStopCount, b.heaterOffCount]).toEqual([0, 0]);
    });

    it('clearLatched clears every latched alarm and leaves the others', () => {
      const { b, take } = setup();
      b.raise(A_LID_OPEN, 0);
      b.raise(A_TOURNIQUET_TIME, 0);
      b.raise(A_T_WATER_HIGH, 0);
      b.raise(A_CLOCK_RC, 0);
      take();
      b.clearLatched();
      expect(take()).toEqual([off('LID_OPEN', 'medium'), off('CLOCK_RC', 'medium')]);
      expect([b.raised[A_LID_OPEN], b.raised[A_TOURNIQUET_TIME], b.raised[A_T_WATER_HIGH], b.raised[A_CLOCK_RC]]).toEqual([0, 1, 1, 0]);
    });
  });

  describe('first pump stop and first latched present', () => {
    it('find the first in table order', () => {
      const { b } = setup();
      b.raise(A_LEAK, 0);
      b.raise(A_T_ART_HIGH, 0);
      expect(b.firstPumpStop()).toBe(-1);
      expect(b.firstLatchedPresent()).toBe(-1); // neither latches
      b.raise(A_PUMP_STALL, 0);
      b.raise(A_LEVEL_LOW, 0);
      expect(b.firstPumpStop()).toBe(A_LEVEL_LOW);
      expect(b.firstLatchedPresent()).toBe(A_LEVEL_LOW);
      b.gone(A_LEVEL_LOW);
      expect(b.firstPumpStop()).toBe(A_LEVEL_LOW); // still raised
      expect(b.firstLatchedPresent()).toBe(A_PUMP_STALL);
    });
  });

  describe('highest alarm', () => {
    it('names AIR_IN_LINE when it is the first alarm ever shown', () => {
      const { b } = setup();
      b.raise(A_AIR_IN_LINE, 0);
      expect(b.highestText()).toBe('"AIR_IN_LINE"');
    });

    it('is the highest rank, then the first in table order', () => {
      const { b } = setup();
      b.raise(A_CALIBRATION_DEFAULT, 0);
      expect([b.highest, b.highestRank, b.highestText()]).toEqual([A_CALIBRATION_DEFAULT, RANK_LOW, '"CALIBRATION_DEFAULT"']);
      b.raise(A_LEAK, 0);
      expect([b.highest, b.highestRank, b.highestText()]).toEqual([A_LEAK, RANK_MEDIUM, '"LEAK"']);
      b.raise(A_T_ART_HIGH, 0);
      b.raise(A_AIR_IN_LINE, 0);
      expect([b.highest, b.highestRank, b.highestText()]).toEqual([A_AIR_IN_LINE, RANK_HIGH, '"AIR_IN_LINE"']);
      b.raise(A_ESTOP, 0);
      expect(b.highestText()).toBe('"ESTOP"');
      expect(b.highestText()).toBe('"ESTOP"');
      b.clear(A_ESTOP);
      b.clear(A_AIR_IN_LINE);
      expect(b.highestText()).toBe('"T_ART_HIGH"');
      b.gone(A_T_ART_HIGH);
      b.gone(A_LEAK);
      b.clear(A_CALIBRATION_DEFAULT);
      expect([b.highest, b.highestRank, b.highestText()]).toEqual([-1, RANK_NONE, 'null']);
    });
  });

  describe('silence', () => {
    it('pauses the sound for SILENCE_MS, for the alarms sounding then', () => {
      const { b } = setup();
      b.raise(A_LEAK, 0);
      expect(b.soundRank(0)).toBe(RANK_MEDIUM);
      b.silence(1000);
      expect([b.silenceUntilMs, b.silenceRank]).toEqual([1000 + SILENCE_MS, RANK_MEDIUM]);
      expect(b.soundRank(1000)).toBe(RANK_NONE);
      expect(b.soundRank(1000 + SILENCE_MS - 1)).toBe(RANK_NONE);
      expect(b.soundRank(1000 + SILENCE_MS)).toBe(RANK_MEDIUM);
    });

    it('another alarm of the same rank stays silent; a more urgent one ends the pause', () => {
      const { b } = setup();
      b.raise(A_LEAK, 0);
      b.silence(1000);
      b.raise(A_TOURNIQUET_TIME, 2000);
      expect(b.soundRank(2000)).toBe(RANK_NONE);
      b.raise(A_CALIBRATION_DEFAULT, 2000);
      expect(b.soundRank(2000)).toBe(RANK_NONE);
      b.raise(A_T_ART_HIGH, 3000);
      expect(b.silenceUntilMs).toBe(0);
      expect(b.soundRank(3000)).toBe(RANK_HIGH);
    });

    it('a silence with nothing sounding is ended by any alarm', () => {
      const { b } = setup();
      b.silence(0);
      expect(b.silenceRank).toBe(RANK_NONE);
      b.raise(A_CALIBRATION_DEFAULT, 10);
      expect(b.soundRank(10)).toBe(RANK_LOW);
    });
  });

  describe('escalation', () => {
    it('a medium alarm nobody answered sounds as high after ESCALATION_MS', () => {
      const { b, take } = setup();
      b.raise(A_LEAK, 1000);
      take();
      expect(b.escalationDue(1000 + ESCALATION_MS - 1)).toBe(false);
      expect(b.escalationDue(1000 + ESCALATION_MS)).toBe(true);
      b.escalate(1000 + ESCALATION_MS);
      expect(take()).toEqual(['!escalation {"id":"LEAK","priority":"high"}']);
      expect(b.rank[A_LEAK]).toBe(RANK_HIGH);
      expect([b.highest, b.highestRank, b.soundRank(1000 + ESCALATION_MS)]).toEqual([A_LEAK, RANK_HIGH, RANK_HIGH]);
      expect(b.escalationDue(1e12)).toBe(false);
      // Once only.
      b.escalate(1e9);
      expect(take()).toEqual([]);
    });

    it('escalates each alarm on its own time; the next one stays due', () => {
      const { b, take } = setup();
      b.raise(A_LEAK, 0);
      b.raise(A_TOURNIQUET_TIME, 60000);
      expect(b.escalationDue(ESCALATION_MS - 1)).toBe(false);
      b.escalate(ESCALATION_MS);
      take();
      expect([b.rank[A_LEAK], b.rank[A_TOURNIQUET_TIME]]).toEqual([RANK_HIGH, RANK_MEDIUM]);
      expect(b.escalationDue(60000 + ESCALATION_MS - 1)).toBe(false);
      expect(b.escalationDue(60000 + ESCALATION_MS)).toBe(true);
      b.escalate(60000 + ESCALATION_MS);
      expect(take()).toEqual(['!escalation {"id":"TOURNIQUET_TIME","priority":"high"}']);
    });

    it('an escalation called early escalates nothing and keeps the earliest due time', () => {
      const { b, take } = setup();
      b.raise(A_TOURNIQUET_TIME, 30000);
      b.raise(A_LEAK, 20000);
      b.escalate(100000);
      expect(take().filter((l) => l.startsWith('!escalation'))).toEqual([]);
      expect(b.escalationDue(20000 + ESCALATION_MS - 1)).toBe(false);
      expect(b.escalationDue(20000 + ESCALATION_MS)).toBe(true);
    });

    it('the earliest due time is kept when a later medium alarm is raised', () => {
      const { b } = setup();
      b.raise(A_LEAK, 0);
      b.raise(A_TOURNIQUET_TIME, 50000);
      expect(b.escalationDue(ESCALATION_MS)).toBe(true);
    });

    it('high and low alarms never escalate', () => {
      const { b, take } = setup();
      b.raise(A_T_ART_HIGH, 0);
      b.raise(A_CALIBRATION_DEFAULT, 0);
      expect(b.escalationDue(1e12)).toBe(false);
      take();
      b.escalate(1e9);
      expect(take()).toEqual([]);
      expect([b.rank[A_T_ART_HIGH], b.rank[A_CALIBRATION_DEFAULT]]).toEqual([RANK_HIGH, RANK_LOW]);
    });

    it('ack or silence answers the alarms raised up to then, not those raised after', () => {
      const { b, take } = setup();
      b.raise(A_LEAK, 1000);
      b.operatorSaw(1000); // the very moment counts as seen
      expect(b.escalationDue(1e12)).toBe(false);
      b.escalate(1e9);
      expect(b.rank[A_LEAK]).toBe(RANK_MEDIUM);
      b.raise(A_TOURNIQUET_TIME, 1001);
      expect(b.escalationDue(1001 + ESCALATION_MS)).toBe(true);
      take();
      b.escalate(1001 + ESCALATION_MS);
      expect(take()).toEqual(['!escalation {"id":"TOURNIQUET_TIME","priority":"high"}']);
      expect(b.rank[A_LEAK]).toBe(RANK_MEDIUM);
      b.silence(5000);
      expect(b.escalationDue(1e12)).toBe(false);
    });

    it('a cleared alarm does not escalate', () => {
      const { b, take } = setup();
      b.raise(A_LEAK, 0);
      b.gone(A_LEAK);
      take();
      b.escalate(ESCALATION_MS);
      expect(take()).toEqual([]);
    });
  });

  describe('limit trips (InterlockSink)', () => {
    it('names the channel, the reading, the raw ratio and the limit, and records them', () => {
      const { b, take, acts, log } = setup();
      b.trip(A_P_ART_HIGH, CH_P_ART, 4000, 0.41236, 312.46, 300, NaN);
      expect(take()).toEqual([on('P_ART_HIGH', 'high', ',"channel":"p_art","value":312.5,"raw":0.4124,"limit":300')]);
      expect(acts).toEqual([[A_P_ART_HIGH, 4000]]);
      expect(log.appended).toEqual([{ timeMs: 4000, id: 'P_ART_HIGH', channel: 'p_art', raw: 0.41236, value: 312.46, limit: 300 }]);
      // Tripped again while raised: nothing new.
      b.trip(A_P_ART_HIGH, CH_P_ART, 4200, 0.5, 400, 300, NaN);
      expect(take()).toEqual([]);
      expect(log.appended.length).toBe(1);
    });

    it('prints readings at the channel\'s decimals, a missing one as null', () => {
      const { b, take } = setup();
      b.trip(A_T_WATER_HIGH, CH_T_WATER, 0, 0.3, 42.125, 42, NaN);
      b.trip(A_CLOCK_RC, CH_P_CUFF, 0, NaN, NaN, 1, NaN);
      expect(take()).toEqual([
        on('T_WATER_HIGH', 'high', ',"channel":"t_water","value":42.13,"raw":0.3000,"limit":42'),
        on('CLOCK_RC', 'medium', ',"channel":"p_cuff","value":null,"raw":null,"limit":1'),
      ]);
    });

    it('a drop row (LEAK) gives the estimate since perfusion began', () => {
      const { b, take } = setup();
      b.trip(A_LEAK, CH_LEVEL, 0, 0.2, 640, 650, 800);
      expect(take()).toEqual([on('LEAK', 'medium', ',"channel":"level","value":640,"raw":0.2000,"limit":650,"leak_ml":160,"leak_pct":20.0')]);
    });
  });

  describe('SENSOR_FAULT masks', () => {
    it('act by the channels covered: raised, out of limits and stuck', () => {
      const { b } = setup();
      b.sensorFaultMask = 1 << CH_P_ART;
      expect(b.actions(A_SENSOR_FAULT)).toBe(5);
      b.sensorFaultMask = 0;
      b.sensorBadMask = 1 << CH_T_ART;
      expect(b.actions(A_SENSOR_FAULT)).toBe(2);
      b.sensorBadMask = 0;
      b.sensorStuckMask = 1 << CH_LEVEL;
      expect(b.actions(A_SENSOR_FAULT)).toBe(5);
      b.sensorFaultMask = 1 << CH_T_WATER;
      expect(b.actions(A_SENSOR_FAULT)).toBe(7);
      expect(b.actions(A_ESTOP)).toBe(7);
      expect(b.actions(A_LEAK)).toBe(0);
    });

    it('count a temperature channel\'s fault as heater-off only', () => {
      const { b } = setup();
      b.sensorFaultMask = 1 << CH_T_ART;
      b.sensorBadMask = 1 << CH_T_ART;
      b.raise(A_SENSOR_FAULT, 0);
      expect([b.pumpStopCount, b.heaterOffCount]).toEqual([0, 1]);
      expect(b.firstPumpStop()).toBe(-1);
      b.sensorFaultMask |= 1 << CH_P_CUFF;
      b.recount();
      expect([b.pumpStopCount, b.heaterOffCount]).toEqual([1, 1]);
      expect(b.firstPumpStop()).toBe(A_SENSOR_FAULT);
    });

    it('present while a channel is out of limits or stuck', () => {
      const { b } = setup();
      b.sensorFaultMask = 1 << CH_P_ART;
      b.markRaised(A_SENSOR_FAULT, 0);
      b.sensorBadMask = 1 << CH_P_ART;
      b.sensorPresentChanged();
      expect(b.present[A_SENSOR_FAULT]).toBe(1);
      expect(b.firstLatchedPresent()).toBe(A_SENSOR_FAULT);
      b.sensorBadMask = 0;
      b.sensorStuckMask = 1 << CH_LEVEL;
      b.sensorPresentChanged();
      expect(b.present[A_SENSOR_FAULT]).toBe(1);
      expect(b.pumpStopCount).toBe(1);
      b.sensorStuckMask = 0;
      b.sensorPresentChanged();
      expect(b.present[A_SENSOR_FAULT]).toBe(0);
      expect(b.firstLatchedPresent()).toBe(-1);
      expect(b.pumpStopCount).toBe(1); // still raised for p_art
    });

    it('clear reports every channel it covered and forgets them', () => {
      const { b, take } = setup();
      b.sensorFaultMask = (1 << CH_P_ART) | (1 << CH_T_WATER) | (1 << CH_LEVEL);
      b.markRaised(A_SENSOR_FAULT, 0);
      b.recount();
      expect([b.pumpStopCount, b.heaterOffCount]).toEqual([1, 1]);
      b.clear(A_SENSOR_FAULT);
      expect(take()).toEqual([
        off('SENSOR_FAULT', 'high', ',"channel":"p_art"'),
        off('SENSOR_FAULT', 'high', ',"channel":"t_water"'),
        off('SENSOR_FAULT', 'high', ',"channel":"level"'),
      ]);
      expect(b.sensorFaultMask).toBe(0);
      expect(state(b, A_SENSOR_FAULT)).toEqual({ raised: 0, present: 0, rank: RANK_NONE });
      expect([b.pumpStopCount, b.heaterOffCount]).toEqual([0, 0]);
    });
  });

  describe('markRaised', () => {
    it('sets the sound rank and the escalation of a medium alarm, without a line or action', () => {
      const { b, take, acts } = setup();
      b.markRaised(A_LEAK, 500);
      expect(state(b, A_LEAK)).toEqual({ raised: 1, present: 0, rank: RANK_MEDIUM });
      expect(take()).toEqual([]);
      expect(acts).toEqual([]);
      expect(b.escalationDue(500 + ESCALATION_MS - 1)).toBe(false);
      expect(b.escalationDue(500 + ESCALATION_MS)).toBe(true);
    });
  });
});
