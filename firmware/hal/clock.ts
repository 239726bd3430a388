// Milliseconds since boot from the interpreter's clock.

export function nowMs(): number {
  return getTime() * 1000;
}
