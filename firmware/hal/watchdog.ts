// The STM32's independent watchdog (IWDG), kicked by hand at the end of every complete,
// healthy control cycle: a firmware stuck in a loop, or whose tick stopped, is reset by
// the hardware within WATCHDOG_TIMEOUT_S, and its outputs fall to their hardware defaults
// (driver enable pulled to disabled, heater relay off). At the next boot the reset flags
// in RCC_CSR tell a watchdog reset from a power-up, so the firmware comes up in FAULT.

/** Five missed control ticks. */
export const WATCHDOG_TIMEOUT_S = 1;

/** RCC clock control & status register: the reset flags, cleared by writing RMVF. */
const RCC_CSR = 0x40023874;
const RMVF = 1 << 24;
const IWDGRSTF = 1 << 29;
const WWDGRSTF = 1 << 30;

/** The last reset's flags (RCC_CSR); clears them so the next boot reads its own. */
export function takeResetFlags(): number {
  const csr = peek32(RCC_CSR);
  poke32(RCC_CSR, csr | RMVF);
  return csr;
}

/** Whether the flags say a watchdog reset the board. */
export function watchdogCausedReset(csr: number): boolean {
  return (csr & (IWDGRSTF | WWDGRSTF)) !== 0;
}

export function startWatchdog(): void {
  E.enableWatchdog(WATCHDOG_TIMEOUT_S, false);
}

export function kickWatchdog(): void {
  E.kickWatchdog();
}
