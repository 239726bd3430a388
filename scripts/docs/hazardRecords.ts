// The safety case, one entry per alarm of the firmware's table (firmware/core/safety/alarms.ts):
// the hazard it guards against, the cause that shows it, the bound it acts within, the
// module whose logic decides it, and the two tests that prove it (a trace or case that
// trips it within its bound, and a near-miss that must not). docs/hazards.md is generated
// from these, the alarm table (priority, latching, action) and the interlock table
// (signal, comparison, persistence); a unit test fails when an alarm has no entry here or
// a named test no longer exists.

/** A test by file and title, the title exactly as written in the file (templates included). */
export interface TestRef {
  file: string;
  title: string;
}

export interface HazardRecord {
  id: string;
  hazard: string;
  cause: string;
  /** How fast it must act, from the first sample showing the hazard. */
  bound: string;
  /** The firmware module whose decisions raise it (its mutation score is shown). */
  module: string;
  trip: TestRef;
  nearMiss: TestRef;
}

const LIMIT_ROWS = 'test/replay/limitInterlocks.test.ts';
const LIMIT_TRIP = { file: LIMIT_ROWS, title: 'trips within its bound and takes its action' };
const LIMIT_NEAR = { file: LIMIT_ROWS, title: 'stays silent just inside the limit, with noise' };
const INPUT_ROWS = 'test/replay/inputInterlocks.test.ts';
const INPUT_TRIP = { file: INPUT_ROWS, title: 'raises a ${priority} alarm and stops the pump within ${BOUND_MS} ms' };
const HEALTHY_90 = { file: 'test/replay/interlocks.test.ts', title: 'raises no high or medium alarm, with every interlock armed and all channels wired (both boards)' };

export const HAZARDS: HazardRecord[] = [
  {
    id: 'ESTOP', hazard: 'any: the team must be able to stop the circuit at once', cause: 'emergency stop pressed',
    bound: '50 ms', module: 'firmware/core/safety/alarmBook.ts',
    trip: { file: 'test/replay/interlocks.test.ts', title: 'stops the pump and turns the heater off within 50 ms' },
    nearMiss: { file: INPUT_ROWS, title: 'ESTOP: a 6 ms contact bounce, shorter than the 10 ms debounce, between control ticks' },
  },
  {
    id: 'AIR_IN_LINE', hazard: 'air embolism into the limb', cause: 'bubble detector sees air in the arterial line',
    bound: '50 ms', module: 'firmware/core/safety/alarmBook.ts',
    trip: { file: 'test/replay/interlocks.test.ts', title: 'raises a high alarm and stops the pump within 50 ms of the bubble' },
    nearMiss: { file: INPUT_ROWS, title: 'AIR_IN_LINE: a 1 ms flicker of the detector, shorter than its 2 ms debounce' },
  },
  {
    id: 'LID_OPEN', hazard: 'fingers or tubing caught in the turning roller head', cause: 'pump head lid opened while pumping',
    bound: '200 ms', module: 'firmware/core/safety/alarmBook.ts',
    trip: INPUT_TRIP,
    nearMiss: { file: INPUT_ROWS, title: 'LID_OPEN: the lid opened while the pump stands still (loading tubing)' },
  },
  {
    id: 'DRIVER_FAULT', hazard: 'flow lost or uncontrolled: the motor driver failed', cause: 'driver fault output asserted',
    bound: '200 ms', module: 'firmware/core/safety/alarmBook.ts',
    trip: INPUT_TRIP,
    nearMiss: { file: INPUT_ROWS, title: 'DRIVER_FAULT: a 3 ms glitch, shorter than the 5 ms debounce, between control ticks' },
  },
  {
    id: 'P_ART_HIGH', hazard: 'line or cannula rupture, vessel injury', cause: 'arterial line occluded or kinked: outlet pressure over the limit',
    bound: '500 ms', module: 'firmware/core/safety/interlocks.ts', trip: LIMIT_TRIP, nearMiss: LIMIT_NEAR,
  },
  {
    id: 'LEVEL_LOW', hazard: 'air pumped into the limb once the reservoir runs dry', cause: 'reservoir level under the limit',
    bound: '500 ms', module: 'firmware/core/safety/interlocks.ts', trip: LIMIT_TRIP, nearMiss: LIMIT_NEAR,
  },
  {
    id: 'PUMP_STALL', hazard: 'no flow to the limb (ischaemia), unnoticed', cause: 'encoder pulses stop while the head is driven',
    bound: '2 s', module: 'firmware/core/safety/rotation.ts',
    trip: INPUT_TRIP,
    nearMiss: { file: INPUT_ROWS, title: 'PUMP_STALL: the head blocked while the pump is stopped, and every ramp of a session' },
  },
  {
    id: 'CUFF_LOW', hazard: 'drug leaking into the body (systemic toxicity): the limb no longer isolated', cause: 'tourniquet cuff pressure under the limit while perfusing',
    bound: '1 s', module: 'firmware/core/safety/interlocks.ts', trip: LIMIT_TRIP, nearMiss: LIMIT_NEAR,
  },
  {
    id: 'T_ART_HIGH', hazard: 'thermal injury of the limb', cause: 'perfusate over its ceiling',
    bound: '2 s', module: 'firmware/core/safety/interlocks.ts', trip: LIMIT_TRIP, nearMiss: LIMIT_NEAR,
  },
  {
    id: 'T_TISSUE_HIGH', hazard: 'thermal injury, high regional toxicity', cause: 'proximal or distal tissue over its ceiling',
    bound: '2 s', module: 'firmware/core/safety/interlocks.ts', trip: LIMIT_TRIP, nearMiss: LIMIT_NEAR,
  },
  {
    id: 'T_WATER_HIGH', hazard: 'overheated perfusate from the exchanger', cause: 'exchanger water over its ceiling',
    bound: '2 s', module: 'firmware/core/safety/interlocks.ts', trip: LIMIT_TRIP, nearMiss: LIMIT_NEAR,
  },
  {
    id: 'SENSOR_FAULT', hazard: 'an interlock blind: it judges a reading that is not real', cause: 'a sensor open, shorted, out of range, stuck or changing implausibly',
    bound: '2 s', module: 'firmware/core/safety/sensorHealth.ts',
    trip: { file: 'test/replay/sensorFault.test.ts', title: '%s: SENSOR_FAULT names the channel within 2 s and acts' },
    nearMiss: { file: 'test/replay/sensorFault.test.ts', title: 'a spike shorter than three control ticks is filtered out' },
  },
  {
    id: 'LEAK', hazard: 'drug leaking into the body (systemic toxicity)', cause: 'reservoir fallen by more than the limit since perfusion began, additions counted',
    bound: '60 s', module: 'firmware/core/safety/interlocks.ts',
    trip: { file: LIMIT_ROWS, title: 'reservoir falling more than 10% since perfusion began: medium alarm within 60 s, the pump goes on' },
    nearMiss: { file: LIMIT_ROWS, title: 'a fall of 8% and a dip to 17% for 10 s are no leak' },
  },
  {
    id: 'PUMP_SPEED', hazard: 'flow far from the setpoint: a runaway or slipping head', cause: 'encoder pulses over 2 s more than 20% from the programmed ones',
    bound: '2 s window', module: 'firmware/core/safety/rotation.ts',
    trip: { file: 'test/unit/rotation.test.ts', title: '%i pulses a tick where 10 are due: PUMP_SPEED when the first window ends' },
    nearMiss: { file: 'test/unit/rotation.test.ts', title: '%i pulses a tick where 10 are due: %s' },
  },
  {
    id: 'CALIBRATION_DEFAULT', hazard: 'delivered volume off by the tubing\'s tolerance', cause: 'no stored calibration: nominal stroke volumes in use',
    bound: 'at boot', module: 'firmware/core/settings.ts',
    trip: { file: 'test/replay/alarmSystem.test.ts', title: 'power-on: the safe state\'s tone for 300 ms proves the sounder, then a fresh board\'s low alarm sounds twice, once' },
    nearMiss: { file: 'test/replay/calibration.test.ts', title: 'a calibrated board starts on its stored tubing and stroke, with no reminder' },
  },
  {
    id: 'SETTINGS_CORRUPT', hazard: 'a wrong calibration or span applied', cause: 'stored settings fail their CRC, version or range checks',
    bound: 'at boot', module: 'firmware/core/settings.ts',
    trip: { file: 'test/replay/calibration.test.ts', title: 'corrupt settings fall back to the defaults with a medium alarm, and never crash' },
    nearMiss: { file: 'test/replay/calibration.test.ts', title: 'a calibrated board starts on its stored tubing and stroke, with no reminder' },
  },
  {
    id: 'CLOCK_RC', hazard: 'volumes and phase timers off by up to 10%', cause: 'the RTC runs from the RC oscillator, not the 32 kHz crystal',
    bound: 'at boot', module: 'firmware/core/boot.ts',
    trip: { file: 'test/replay/failsafe.test.ts', title: 'raises CLOCK_RC at boot on a board whose RTC does not run from the 32 kHz crystal, and still pumps' },
    nearMiss: HEALTHY_90,
  },
  {
    id: 'WATCHDOG_RESET', hazard: 'the pump resuming unattended after the firmware stopped', cause: 'the hardware watchdog reset the board',
    bound: '1 s (watchdog timeout)', module: 'firmware/core/boot.ts',
    trip: { file: 'test/replay/watchdogAndLog.test.ts', title: 'resets the board within 1 s of the last healthy cycle; it boots into FAULT and never pumps before ack and start' },
    nearMiss: HEALTHY_90,
  },
  {
    id: 'CASE_RESTORED', hazard: 'a reset mid-case: the pump resuming on another profile\'s flow, or the tourniquet time under-reported', cause: 'power loss, brown-out, watchdog or the reset button while a case is open',
    bound: 'at boot (the case as recorded at most 60 s before the reset)', module: 'firmware/core/procedure/caseRecord.ts',
    trip: { file: 'test/replay/caseRestore.test.ts', title: 'a power loss mid-perfusion comes up IDLE, not pumping, the case restored, CASE_RESTORED; resume perfuses at the case\'s flow' },
    nearMiss: { file: 'test/replay/caseRestore.test.ts', title: 'near miss: a reset between cases keeps profile and setpoints, raises nothing' },
  },
  {
    id: 'HEATER_FAULT', hazard: 'overheating or failed warming: heater stuck on, lost, or a dry exchanger', cause: 'no rise while heating hard for 5 min, or the perfusate leaving its band after reaching it for 60 s',
    bound: '60 s', module: 'firmware/core/safety/heaterGuard.ts',
    trip: { file: 'test/replay/heaterProtection.test.ts', title: 'the perfusate climbing 1.5 degC over the target after reaching it (heater stuck on) trips HEATER_FAULT in 60 s' },
    nearMiss: { file: 'test/replay/heaterProtection.test.ts', title: 'a setpoint change of 1.5 degC after reaching the target never trips it' },
  },
  {
    id: 'TOURNIQUET_TIME', hazard: 'ischaemic injury under a tourniquet left on too long', cause: 'cuff inflated longer than the profile allows',
    bound: '1 s after the limit', module: 'firmware/core/procedure/tourniquet.ts',
    trip: { file: 'test/replay/procedure.test.ts', title: 'sounds TOURNIQUET_TIME (medium) 120 min after the cuff was inflated, gone once it is released' },
    nearMiss: { file: 'test/replay/procedure.test.ts', title: 'a cuff deflated and inflated again starts the time afresh; status shows it' },
  },
  {
    id: 'PHASE_PROMPT', hazard: 'a procedure step missed or late (drug given cold, tourniquet left on)', cause: 'the procedure waits for the team to act',
    bound: '1 s', module: 'firmware/core/procedure/procedure.ts',
    trip: { file: 'test/replay/procedure.test.ts', title: 'prompts for the drug once both tissue probes read 38 degC' },
    nearMiss: { file: 'test/replay/procedure.test.ts', title: 'does not while one probe is still under it, for 10 minutes' },
  },
  {
    id: 'PRESSURE_GAP', hazard: 'drug driven into the body: limb pressure not below systemic', cause: 'even the lowest flow leaves the limb above its ceiling for 30 s',
    bound: '30 s', module: 'firmware/core/procedure/servo.ts',
    trip: { file: 'test/plant/pressureServo.test.ts', title: 'p_sys falls to 30 mmHg: the flow goes down to the profile\'s lowest, then PRESSURE_GAP (medium)' },
    nearMiss: { file: 'test/plant/pressureServo.test.ts', title: 'reduces the flow rather than stopping, and follows p_sys without oscillating' },
  },
  {
    id: 'STORAGE_FAULT', hazard: 'the reasons of faults lost: no record for the investigation', cause: 'the fault log cannot be written (flash full or failing)',
    bound: 'at the failed write', module: 'firmware/core/safety/faultLog.ts',
    trip: { file: 'test/unit/storageFault.test.ts', title: 'raises STORAGE_FAULT once when the fault log cannot be written, and keeps the alarm that failed to log' },
    nearMiss: { file: 'test/unit/storageFault.test.ts', title: 'a flash that takes the record raises no STORAGE_FAULT' },
  },
  {
    id: 'FIRMWARE_FAULT', hazard: 'running without the code that checks or commands it', cause: 'a firmware module missing from Storage at power-up',
    bound: 'at boot', module: 'firmware/core/boot.ts',
    trip: { file: 'test/replay/bootModule.test.ts', title: 'missing at power-up: FAULT with FIRMWARE_FAULT, nothing pumps or heats, ack cannot clear it' },
    nearMiss: { file: 'test/replay/bootModule.test.ts', title: 'present: the self-test passes and the pump starts on command' },
  },
  {
    id: 'AIR_DETECTOR_FAULT', hazard: 'air embolism: pumping with an air detector that cannot see air', cause: 'the detector does not report air when its test input is driven, or keeps reporting it when released',
    bound: 'before prime and start (answers within 150 ms of a tick)', module: 'firmware/core/safety/airTest.ts',
    trip: { file: 'test/replay/airDetectorTest.test.ts', title: 'a detector stuck at "liquid" fails the self-test: AIR_DETECTOR_FAULT, prime refused' },
    nearMiss: { file: 'test/replay/airDetectorTest.test.ts', title: 'a healthy detector passes at power-on: prime is accepted, no alarm' },
  },
];
