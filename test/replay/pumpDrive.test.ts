// The pump drive through the bundle: the step frequency each tubing's stroke volume
// implies, observed on the STEP pin, and the volume of a timed run.
import { cmdTrace, of, replayText } from '../helpers';

const STEPS_PER_REV = 200 * 16 * 1; // motor steps x microsteps x gear, boards/pico.json

describe.each([
  ['1/4', 15],
  ['3/8', 34],
  ['1/2', 60],
])('%s in tubing (%d mL/rev)', (tubing, strokeMl) => {
  it('flow 350 gives the step frequency the stroke volume implies', () => {
    const r = replayText(cmdTrace([[0, ''], [100, `tubing ${tubing}`], [200, 'flow 350'], [300, 'start'], [5000, 'status']]));
    expect(of(r.events, 'reply').map((e) => e.text)[0]).toBe(`ok tubing ${tubing} ${strokeMl.toFixed(2)} mL/rev`);
    const hz = of(r.events, 'pump').pop()!.hz as number;
    const expected = (350 / 60 / strokeMl) * STEPS_PER_REV;
    // The timer makes whole counts of its prescaled 42 MHz clock: at most one count short
    // (events print hz to 0.001).
    const prescale = Math.floor(Math.floor(42e6 / expected) / 65536) + 1;
    expect(hz).toBeLessThanOrEqual(expected + 0.0005);
    expect(expected - hz).toBeLessThan((expected * expected * prescale) / 42e6 + 0.0005);
    expect(String(of(r.events, 'reply').pop()!.text)).toContain(`tubing=${tubing} stroke=${strokeMl.toFixed(2)}`);
  });
});

it('ramps with limited acceleration: no step of more than 40 mL/min per 200 ms tick (200 mL/min/s)', () => {
  const r = replayText(cmdTrace([[0, ''], [100, 'start'], [4000, 'flow 100'], [8000, 'stop'], [12000, '']]));
  const flows = of(r.events, 'pump').filter((e) => e.t > 0).map((e) => ((e.hz as number) * 60 * 34) / STEPS_PER_REV);
  for (let i = 1; i < flows.length; i++) expect(Math.abs(flows[i] - flows[i - 1])).toBeLessThanOrEqual(40 + 0.01);
  expect(Math.max(...flows)).toBeCloseTo(350, 0);
});

it('reports the volume of a timed run within 1% of flow x time', () => {
  // 10 minutes at 350 mL/min after a 1.75 s ramp up; stopped before the end.
  const r = replayText(cmdTrace([[0, ''], [1000, 'start'], [601000, 'stop'], [610000, '']]));
  const expected = 350 * 10;
  expect(Math.abs(r.summary.volume - expected) / expected).toBeLessThan(0.01);
});
