// What each command of the port does, for docs/commands.md. The words, argument counts and
// usages come from the firmware's own table (commandTable() in firmware/core/commands/table.ts);
// only the effect is written here, and a test holds the two lists to each other.

export const COMMAND_EFFECTS: Record<string, string> = {
  protocol:
    "in IDLE: load a profile (docs/profiles.md); the board boots with the first",
  zero:
    "pump stopped, no calibration run: take the present `p_art`, `p_ven` as 0 mmHg (refused beyond 50 mmHg: open the transducers to air)",
  prime:
    "IDLE -> PRIMING at the profile's prime flow",
  start:
    "IDLE or PRIMING -> PERFUSING, ramping to the flow setpoint; refused while an interlock is active",
  stop:
    "-> IDLE, the pump ramps down",
  flow:
    "setpoints, range-checked against the profile's hard limits; above its soft maximum only with `confirm` (`err flow range 450 above the soft maximum 400 mL/min for ilp-leg: send \"flow 450 confirm\"`); plain decimals only (`1e3`, `0x10` are syntax errors); `temp` is refused by an unheated profile",
  temp:
    "setpoints, range-checked against the profile's hard limits; above its soft maximum only with `confirm` (`err flow range 450 above the soft maximum 400 mL/min for ilp-leg: send \"flow 450 confirm\"`); plain decimals only (`1e3`, `0x10` are syntax errors); `temp` is refused by an unheated profile",
  next:
    "the procedure's next phase: after the warm-up's prompt, the drug was given; otherwise ends a phase early (see Procedures)",
  add:
    "perfusate or prime poured into the reservoir (1..2000 mL): the leak estimate counts it",
  infuse:
    "equine RLP, before the infusion: the volume and the time it is given over (the flow must be within the profile's range)",
  ack:
    "acknowledge latched alarms; FAULT -> IDLE once no interlock condition is present (refused, naming it, otherwise)",
  silence:
    "audio pause, 120 s",
  tubing:
    "IDLE, pump stopped: the tubing set in the head (its calibrated stroke volume is used)",
  calibrate:
    "IDLE: timed collection, the head turns that many revolutions (1..50, default 10, at 10 rev/min) -> CALIBRATING -> IDLE with `!calibration {\"revs\":...}`",
  resume:
    "after a reset mid-case (`CASE_RESTORED`, IDLE): back to the state the case was in (PRIMING or PERFUSING at its setpoints, the leak baseline kept), refused as `prime`/`start` are; a case that was not pumping only clears the alarm",
  collected:
    "after a calibration run: the volume collected; the stroke volume (mL / revs) must be within 25% of the tubing's nominal; stored in flash",
  span:
    "pump stopped, no calibration run, a reference pressure applied: gain correction (0.8..1.2), stored in flash",
  tare:
    "pump stopped, no calibration run: the reservoir now holds this volume (default 0)",
  log:
    "the fault log from flash, oldest first: one `!log` line per record, then `ok log <n>`",
  status:
    "`ok status state=... profile=... flow=... flow_set=... temp_set=... volume=... phase=... [phase_min=...] [tourniquet_min=...] <channel>=... alarms=...`",
};
