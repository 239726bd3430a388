// Milliseconds since boot from the interpreter's clock.

/**
 * Whole milliseconds: getTime() counts seconds as a float, and seconds * 1000 is not
 * exact (two ticks 200 ms apart can measure 199.99999999999 ms).
 */
export function nowMs(): number {
  return Math.round(getTime() * 1000);
}

/** STM32F4 RCC backup-domain control register: which oscillator the RTC runs from. */
const RCC_BDCR = 0x40023870;
const LSERDY = 1 << 1;
const RTCSEL_MASK = 3 << 8;
const RTCSEL_LSE = 1 << 8;

/**
 * Whether getTime() runs from the 32.768 kHz crystal. Without it the RTC runs from the
 * internal RC oscillator (about +-10%), and every duration the firmware measures (flow x
 * time = volume, phase timers) would be off by as much.
 */
export function clockFromCrystal(): boolean {
  const bdcr = peek32(RCC_BDCR);
  return (bdcr & LSERDY) !== 0 && (bdcr & RTCSEL_MASK) === RTCSEL_LSE;
}
