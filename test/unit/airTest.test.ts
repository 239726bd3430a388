// The air detector's self-test on its own (firmware/core/safety/airTest.ts): started only
// with the pump at rest in IDLE and liquid in the line, advanced by the detector's answers
// in order (air while the test input is driven, liquid once released), failed with
// AIR_DETECTOR_FAULT when an answer does not come within AIR_TEST_TIMEOUT_MS, and a refusal
// for `prime`/`start` until it has passed.
import type { Controller } from '../../firmware/core/controller';
import {
  AIR_TEST_ASSERTED,
  AIR_TEST_FAILED,
  AIR_TEST_PASSED,
  AIR_TEST_PENDING,
  AIR_TEST_RELEASED,
  AIR_TEST_TIMEOUT_MS,
  airTestAnswer,
  airTestRefusal,
  airTestStart,
  airTestStep,
} from '../../firmware/core/safety/airTest';
import { A_AIR_DETECTOR_FAULT } from '../../firmware/core/safety/alarms';
import { IN_BUBBLE } from '../../firmware/core/channels';
import { STATE_IDLE, STATE_PERFUSING } from '../../firmware/core/states';

/** The few controller fields the self-test reads and writes. */
function fakeController(opts: { state?: string; pumping?: boolean; air?: boolean } = {}) {
  const raised: Array<[number, number]> = [];
  const inputs = [0, opts.air ? 1 : 0, 0, 0];
  const c = {
    state: opts.state ?? STATE_IDLE,
    isPumping: () => opts.pumping ?? false,
    inputs,
    airTest: AIR_TEST_PENDING,
    airTestSinceMs: 0,
    alarms: { raise: (id: number, atMs: number) => raised.push([id, atMs]) },
  };
  return { c: c as unknown as Controller, raw: c, raised };
}

describe('air detector self-test', () => {
  it('starts only in IDLE, at rest, with liquid in the line', () => {
    const idle = fakeController();
    airTestStart(idle.c, 40);
    expect(idle.raw.airTest).toBe(AIR_TEST_ASSERTED);
    expect(idle.raw.airTestSinceMs).toBe(40);

    for (const opts of [{ state: STATE_PERFUSING }, { pumping: true }, { air: true }]) {
      const f = fakeController(opts);
      f.raw.airTest = AIR_TEST_FAILED;
      airTestStart(f.c, 40);
      expect(f.raw.airTest).toBe(AIR_TEST_PENDING);
    }
    expect(IN_BUBBLE).toBe(1);
  });

  it('passes on air while driven, then liquid once released', () => {
    const f = fakeController();
    airTestStart(f.c, 0);
    airTestAnswer(f.c, false, 2); // liquid while driven: not the answer
    expect(f.raw.airTest).toBe(AIR_TEST_ASSERTED);
    expect(f.raw.airTestSinceMs).toBe(0);
    airTestAnswer(f.c, true, 4);
    expect(f.raw.airTest).toBe(AIR_TEST_RELEASED);
    expect(f.raw.airTestSinceMs).toBe(4);
    airTestAnswer(f.c, true, 5); // air again once released: not the answer
    expect(f.raw.airTest).toBe(AIR_TEST_RELEASED);
    airTestAnswer(f.c, false, 7);
    expect(f.raw.airTest).toBe(AIR_TEST_PASSED);
    airTestStep(f.c, 10_000);
    expect(f.raw.airTest).toBe(AIR_TEST_PASSED);
    expect(f.raised).toEqual([]);
  });

  it('fails a detector that never reports air, at the timeout and not before', () => {
    const f = fakeController();
    airTestStart(f.c, 100);
    airTestStep(f.c, 100 + AIR_TEST_TIMEOUT_MS - 1);
    expect(f.raw.airTest).toBe(AIR_TEST_ASSERTED);
    expect(f.raised).toEqual([]);
    airTestStep(f.c, 100 + AIR_TEST_TIMEOUT_MS);
    expect(f.raw.airTest).toBe(AIR_TEST_FAILED);
    expect(f.raised).toEqual([[A_AIR_DETECTOR_FAULT, 100 + AIR_TEST_TIMEOUT_MS]]);
    airTestStep(f.c, 100 + 10 * AIR_TEST_TIMEOUT_MS);
    expect(f.raised.length).toBe(1);
  });

  it('fails a detector stuck on air after release', () => {
    const f = fakeController();
    airTestStart(f.c, 0);
    airTestAnswer(f.c, true, 3);
    airTestStep(f.c, 3 + AIR_TEST_TIMEOUT_MS - 1);
    expect(f.raw.airTest).toBe(AIR_TEST_RELEASED);
    airTestStep(f.c, 3 + AIR_TEST_TIMEOUT_MS);
    expect(f.raw.airTest).toBe(AIR_TEST_FAILED);
    expect(f.raised).toEqual([[A_AIR_DETECTOR_FAULT, 3 + AIR_TEST_TIMEOUT_MS]]);
  });

  it('counts the wait from the first tick when started from a state change', () => {
    const f = fakeController();
    airTestStart(f.c, -1);
    expect(f.raw.airTestSinceMs).toBe(-1);
    airTestStep(f.c, 5_000);
    expect(f.raw.airTestSinceMs).toBe(5_000);
    expect(f.raw.airTest).toBe(AIR_TEST_ASSERTED);
    airTestStep(f.c, 5_000 + AIR_TEST_TIMEOUT_MS);
    expect(f.raw.airTest).toBe(AIR_TEST_FAILED);
  });

  it('a pending test starts from the tick once the line reads liquid', () => {
    const f = fakeController({ air: true });
    airTestStep(f.c, 10);
    expect(f.raw.airTest).toBe(AIR_TEST_PENDING);
    f.raw.inputs[IN_BUBBLE] = 0;
    airTestStep(f.c, 210);
    expect(f.raw.airTest).toBe(AIR_TEST_ASSERTED);
    expect(f.raw.airTestSinceMs).toBe(210);
    expect(f.raised).toEqual([]);
  });

  it('refuses to pump until passed, with a reason for each phase', () => {
    expect(airTestRefusal(AIR_TEST_PASSED)).toBe('');
    expect(airTestRefusal(AIR_TEST_FAILED)).toMatch(/self-test failed.*ack/);
    for (const p of [AIR_TEST_PENDING, AIR_TEST_ASSERTED, AIR_TEST_RELEASED]) expect(airTestRefusal(p)).toMatch(/running/);
  });
});
