// Persistence counted in whole milliseconds: two control ticks 200 ms apart measure 200 ms,
// so a hazard that persists one tick trips on the next (floating-point seconds used to make
// some tick pairs measure 199.99999999999 ms, and the interlock waited a tick more).
import { hazardAlarms, pumpStoppedAt, replayText } from '../helpers';

/** Priming at 300 mL/min; p_art steps from 200 to 320 mmHg (limit 300) at stepMs. */
function stepTrace(stepMs: number): string {
  return `t_ms,p_art,cmd\n0,200,\n1000,200,prime\n${stepMs},320,\n${stepMs + 3000},320,\n`;
}

describe('P_ART_HIGH on a step while priming, at every phase of the tick', () => {
  // Steps spread over several tick phases and over the first hour (where floating-point
  // error of getTime()*1000 shows on some tick pairs).
  // 32001: seen at the 32200 ms tick; 32400 ms - 32200 ms read 199.99999999999 ms.
  const steps = [10007, 20013, 32001, 33333, 60001, 64401, 120199, 128001, 256201, 600050, 1800123, 3599999];
  it.each(steps)('trips within 500 ms of a step at %i ms', (stepMs) => {
    const r = replayText(stepTrace(stepMs));
    const alarm = hazardAlarms(r.events).find((e) => e.id === 'P_ART_HIGH' && e.active === true);
    expect(alarm).toBeDefined();
    expect(alarm!.t - stepMs).toBeLessThanOrEqual(400);
    expect(pumpStoppedAt(r.events, stepMs) - stepMs).toBeLessThanOrEqual(400);
  });
});
