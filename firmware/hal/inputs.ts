// Safety inputs (emergency stop, air detector, lid, driver fault) through setWatch, so a
// hazard acts from the pin-change interrupt's queue without waiting for a control tick;
// the tick also polls their levels, so a missed edge cannot hide a hazard.

import { ENCODER_PIN, InputWiring, inputWiring } from 'board-config';

export type InputHandler = (input: number, active: boolean) => void;

function activeLevel(wiring: InputWiring): number {
  return wiring.activeHigh ? 1 : 0;
}

function makeWatcher(input: number, wiring: InputWiring, handler: InputHandler): (e: { state: boolean }) => void {
  const level = activeLevel(wiring);
  return (e) => handler(input, (e.state ? 1 : 0) === level);
}

export function watchInputs(handler: InputHandler): void {
  const inputs = inputWiring();
  for (let i = 0; i < inputs.length; i++) {
    const wiring = inputs[i];
    // The pin's own pull matches the board's resistor: a broken wire reads as the hazard
    // even where that resistor is missing.
    pinMode(wiring.pin, wiring.pullUp ? 'input_pullup' : 'input_pulldown');
    setWatch(makeWatcher(i, wiring, handler), wiring.pin, { edge: 'both', repeat: true, debounce: wiring.debounceMs });
  }
}

const inputPins: Pin[] = [];
let activeLowMask = 0;
function collectInputPins(): void {
  const inputs = inputWiring();
  for (let i = 0; i < inputs.length; i++) {
    inputPins.push(inputs[i].pin);
    if (!inputs[i].activeHigh) activeLowMask |= 1 << (inputs.length - 1 - i);
  }
}
collectInputPins();

/**
 * Every safety input in one native call: digitalRead of a pin list returns a mask, last
 * pin in bit 0 (core/channels inputBit). A set bit means the hazard is present.
 */
export function readActiveInputs(): number {
  return digitalRead(inputPins) ^ activeLowMask;
}

/** Pump-head encoder: one callback per rising edge; the callback only counts. */
export function watchEncoder(onPulse: () => void): void {
  pinMode(ENCODER_PIN, 'input');
  setWatch(onPulse, ENCODER_PIN, { edge: 'rising', repeat: true });
}
