// FAULT is the safe state (interface contract section 4): the pump stopped and the heater
// off, at once, whichever latched alarm brought it (not only those whose own action turns
// the heater off), and the heater stays off until `ack`.
import { hazardAlarms, of, pumpStoppedAt, replayText } from '../helpers';

/** Perfusing from 1 s with the heater working toward 40 degC (perfusate at 37); `column` goes to 1 at hazardMs. */
function hazardTrace(column: string, hazardMs: number): string {
  return `t_ms,${column},cmd\n0,0,\n500,0,temp 40\n1000,0,start\n${hazardMs},1,\n${hazardMs + 5000},1,\n`;
}

describe.each([
  ['bubble', 'AIR_IN_LINE', 50],
  ['drv_fault', 'DRIVER_FAULT', 200],
  ['lid', 'LID_OPEN', 200],
])('%s -> %s', (column, alarm, boundMs) => {
  // Hazards at several phases of the 200 ms tick.
  it.each([20003, 20077, 20151])('stops the pump and turns the heater off together, within the bound (hazard at %i ms)', (hazardMs) => {
    const r = replayText(hazardTrace(column, hazardMs));
    const raised = hazardAlarms(r.events).find((e) => e.id === alarm && e.active === true);
    expect(raised).toBeDefined();
    const faultAt = of(r.events, 'state').find((e) => e.to === 'FAULT')!.t;
    const heaterBefore = of(r.events, 'heater').filter((e) => e.t < hazardMs).pop();
    expect(heaterBefore!.duty).toBeGreaterThan(0);
    const heaterOff = of(r.events, 'heater').find((e) => e.t >= hazardMs && e.duty === 0);
    expect(heaterOff!.t).toBe(faultAt);
    expect(pumpStoppedAt(r.events, hazardMs)).toBe(faultAt);
    expect(faultAt - hazardMs).toBeLessThanOrEqual(boundMs);
    expect(of(r.events, 'heater').filter((e) => e.t > faultAt && (e.duty as number) > 0)).toEqual([]);
  });
});
