// Milliseconds since boot from the interpreter's clock.

export function nowMs(): number {
  return getTime() * 1000;
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
