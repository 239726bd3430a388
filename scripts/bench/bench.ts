// npm run bench: speed and memory, measured, never asserted in tests (the machines are
// shared and noisy; ratios from one run are what to compare).
//   - replay of a 90-minute trace at 50 rows/s: wall time, times real time, ratio to
//     parsing the same trace alone;
//   - bundle bytes per board, as text and as stored (pretokenised), both against the
//     Pico's 32 KB budget;
//   - with ESPRUINO_BIN: variables after boot and over a long replay, machine instructions
//     per control tick (callgrind, ticks minus one without) and the estimated Pico CPU load.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listBoardNames, loadBoard } from '../board/board';
// @ts-expect-error plain JS module without types (loaded by rollup before any TypeScript)
import { adsChannel } from '../board/board-module.mjs';
import { replayInEspruino } from '../replay/espruinoEngine';
import { DIST_DIR, replay } from '../replay/replay';
import { loadTrace, parseTrace } from '../replay/trace';
import { storedBootCode } from '../build/upload';
import { budgetNote } from '../build/package-firmware';
import { HEALTHY_CMDS, ilpLegSession } from '../replay/synth-trace';

const TICK_HZ = 5;
const PICO_HZ = 84e6;

function bestOf<T>(runs: number, fn: () => T): { ms: number; value: T } {
  let best = Infinity;
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    value = fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms < best) best = ms;
  }
  return { ms: best, value: value as T };
}

function writeLongTrace(dir: string, durationS: number, rowHz: number): string {
  const file = path.join(dir, `session-${durationS}s-${rowHz}hz.csv`);
  const text = ilpLegSession({
    file, note: 'benchmark session', durationS, rowHz, seed: 7,
    cmds: HEALTHY_CMDS.concat([{ tS: durationS - 10, cmd: 'stop' }]),
  });
  fs.writeFileSync(file, text);
  return file;
}

function replaySpeed(dir: string): void {
  const durationS = 90 * 60;
  const file = writeLongTrace(dir, durationS, 50);
  const bytes = fs.statSync(file).size;
  const rows = fs.readFileSync(file, 'utf8').split('\n').length - 6;
  const split = bestOf(3, () => fs.readFileSync(file, 'utf8').split('\n').map((l) => l.split(',')).length);
  const parse = bestOf(3, () => loadTrace(file));
  const whole = bestOf(3, () => replay(loadTrace(file), { board: 'pico', keepEvents: false }));
  const events = replay(parse.value, { board: 'pico' }).events.length;
  console.log(`replay, 90-minute trace at 50 rows/s (${rows} rows, ${(bytes / 1e6).toFixed(1)} MB, ${events} events), best of 3:`);
  console.log(`  read + String.split alone  ${split.ms.toFixed(0)} ms`);
  console.log(`  parse + validate alone     ${parse.ms.toFixed(0)} ms`);
  console.log(`  replay (parse included)    ${whole.ms.toFixed(0)} ms = ${((durationS * 1000) / whole.ms).toFixed(0)}x real time` +
    ` (target > 5000x), ${(whole.ms / parse.ms).toFixed(2)}x the parse (target < 3x), ${(whole.ms / split.ms).toFixed(2)}x a bare split`);
}

function bundleSizes(): void {
  console.log('bundle bytes (text: dist/<board>/firmware.js; stored: .bootcde as upload.js writes it, pretokenised; the budget holds for both):');
  for (const board of listBoardNames()) {
    const textBytes = fs.statSync(path.join(DIST_DIR, board, 'firmware.js')).size;
    const storedBytes = storedBootCode(path.join(DIST_DIR, board, 'upload.js')).length;
    const vars = loadBoard(board).chip.variables;
    console.log(`  ${board.padEnd(6)} text ${textBytes} bytes, stored ${storedBytes} bytes${budgetNote(board, textBytes, storedBytes)}; board has ${vars} variables`);
  }
}

/** A trace that starts the pump and then holds every input steady for `seconds`. */
function steadyTrace(seconds: number): string {
  return `t_ms,cmd\n0,\n1000,start\n${1000 + seconds * 1000},status\n`;
}

function callgrindInstructions(bin: string, traceText: string, dir: string, name: string, upload?: string): number {
  const traceFile = path.join(dir, `${name}.csv`);
  fs.writeFileSync(traceFile, traceText);
  const wrapper = path.join(dir, `${name}-valgrind.sh`);
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec valgrind --tool=callgrind --callgrind-out-file=/dev/null "${bin}" "$@" 2>>"${path.join(dir, name)}.log"\n`);
  fs.chmodSync(wrapper, 0o755);
  const args = [path.join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(__dirname, 'bench-espruino-run.ts'), wrapper, traceFile];
  if (upload) args.push(upload);
  const r = spawnSync(process.execPath, args, {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`callgrind run failed: ${r.stderr}`);
  const log = fs.readFileSync(path.join(dir, `${name}.log`), 'utf8');
  const m = /Collected : (\d+)/.exec(log);
  if (!m) throw new Error(`no callgrind total in ${name}.log`);
  return Number(m[1]);
}

/**
 * A bundle that makes the calls into the board that the firmware's control tick makes,
 * and nothing else: the pin and I2C calls of one tick every tick, in the same 2 ms timer
 * chain for the ADS1115 channels; the pump driven at the same step rate so the simulated
 * encoder's edges (native interrupts on a board) reach a counting watch as they reach the
 * firmware's; a watch on every safety input with its debounce, as the firmware sets; the
 * heater dead-man timeout re-armed every tick; and one telemetry-sized line a second on
 * the command port. On a board all of these are native (timers, watches, the UART
 * buffer); in the simulated board they are JavaScript whose cost grows with the number
 * of timers and watches, so the probe holds as many as the firmware does.
 */
function pinProbeUpload(board: ReturnType<typeof loadBoard>, dir: string): string {
  const analog = Object.values(board.channels).filter((c) => c.pin).map((c) => c.pin);
  const inputs = ['estop', 'bubble', 'lid', 'drv_fault'].map((k) => board.wiring.inputs[k as 'estop'].pin);
  const st = board.wiring.stepper;
  // 350 mL/min on the default 3/8 in tubing (34 mL/rev), the firmware's rate in steadyTrace.
  const stepHz = (350 / 60 / 34) * st.motorStepsPerRev * st.microsteps * st.gearRatio;
  const ads = Object.entries(board.channels).filter(([, c]) => c.frontEnd === 'ads1115').map(([key, c]) => adsChannel(c, key));
  const i2c = board.wiring.i2c;
  const inputWatches = ['estop', 'bubble', 'lid', 'drv_fault'].map((k) => {
    const w = board.wiring.inputs[k as 'estop'];
    return `setWatch(function(e){},${w.pin},{edge:"both",repeat:true,debounce:${w.debounceMs}});`;
  }).join('');
  const telemetryLineChars = 300;
  const code = `var P=[${analog.join(',')}],I=[${inputs.join(',')}],R=new Float64Array(10),n=0,D=null,q=0,` +
    `L=new Array(${telemetryLineChars + 1}).join("x"),` +
    `A=[${ads.map((a: { address: number; config: number }) => `[${a.address},${a.config}]`).join(',')}];` +
    (i2c ? `${i2c.bus}.setup({scl:${i2c.scl},sda:${i2c.sda},bitrate:${i2c.bitrate}});` : '') +
    `digitalWrite(${st.enable},${st.enableActiveLow ? 0 : 1});analogWrite(${st.step},0.5,{freq:${stepHz}});` +
    `setWatch(function(){n++;},${board.wiring.inputs.encoder.pin},{edge:"rising",repeat:true});` + inputWatches +
    `function S(k){if(k>0){var a=A[k-1][0];${i2c?.bus}.writeTo(a,1);${i2c?.bus}.readFrom(a,2);${i2c?.bus}.writeTo(a,0);${i2c?.bus}.readFrom(a,2);}` +
    `if(k<A.length){${i2c?.bus}.writeTo(A[k][0],[1,A[k][1]>>8,A[k][1]&255]);setTimeout(function(){S(k+1);},2);return;}` +
    `for(var i=0;i<P.length;i++)R[i]=analogRead(P[i]);digitalRead(I);` +
    `if(D)clearTimeout(D);D=setTimeout(function(){},800);if(++q===${TICK_HZ}){q=0;${board.wiring.commandPort.serial}.write(L);}}` +
    `setInterval(function(){S(0);},${1000 / TICK_HZ});`;
  const file = path.join(dir, 'pin-probe-upload.js');
  fs.writeFileSync(file, `require("Storage").write(".bootcde",${JSON.stringify(code)},0,${code.length});\nload(".bootcde")\n`);
  return file;
}

async function interpreterFigures(bin: string, dir: string, quick: boolean): Promise<void> {
  console.log(`real interpreter (${bin}):`);
  const shimOnly = path.join(dir, 'shim-only-upload.js');
  fs.writeFileSync(shimOnly, 'require("Storage").write(".bootcde","0;",0,2);\nload(".bootcde")\n');
  const boot = parseTrace('boot.csv', steadyTrace(5));
  const base = await replayInEspruino(boot, { bin, runFrom: 'flash', upload: shimOnly });
  for (const board of listBoardNames()) {
    const r = await replayInEspruino(boot, { bin, board, runFrom: 'flash' });
    const used = r.memory.afterBoot - base.memory.afterBoot;
    const vars = loadBoard(board).chip.variables;
    console.log(`  ${board.padEnd(6)} variables after boot, code in flash: ${used} of ${vars} (${((used / vars) * 100).toFixed(1)}%; target <= 40% on the Pico)` +
      ` [${r.memory.afterBoot} measured - ${base.memory.afterBoot} for the simulated board itself]`);
  }
  if (quick) return;
  const longFile = writeLongTrace(dir, 90 * 60, 10);
  const t0 = Date.now();
  const long = await replayInEspruino(loadTrace(longFile), { bin, runFrom: 'ram' });
  console.log(`  long replay (90 min at 10 rows/s, code in RAM, ${((Date.now() - t0) / 1000).toFixed(0)} s): variables ${long.memory.afterBoot} after boot, ` +
    `${long.memory.warm} at 9 min, ${long.memory.atEnd} at the end: growth over the last 81 min ${long.memory.atEnd - long.memory.warm}; crashed: ${long.crashed}`);
  // Instructions per tick: a run with 100 more ticks minus one without, pumping, code in
  // RAM. The simulated pins are JavaScript in the shim but native code on a board, so a
  // probe bundle making only the tick's pin calls is measured the same way and subtracted.
  const extraTicks = 100;
  const perTick = (upload?: string, name = 'firmware') =>
    (callgrindInstructions(bin, steadyTrace(20 + extraTicks / TICK_HZ), dir, `${name}-plus`, upload) -
      callgrindInstructions(bin, steadyTrace(20), dir, `${name}-base`, upload)) / extraTicks;
  const firmware = perTick();
  const pinsOnly = perTick(pinProbeUpload(loadBoard('pico'), dir), 'pins');
  const own = firmware - pinsOnly;
  const pct = (instructions: number) => (((instructions * TICK_HZ) / PICO_HZ) * 100).toFixed(1);
  console.log(`  instructions per control tick (callgrind, ${extraTicks} extra ticks while pumping, code in RAM):`);
  console.log(`    whole tick with the simulated pins         ${Math.round(firmware)}  (${pct(firmware)}% of a Pico at ${TICK_HZ} Hz: upper bound)`);
  console.log(`    the tick's pin and I2C calls (JS shim)     ${Math.round(pinsOnly)}  (native code on a board)`);
  console.log(`    firmware's own work                        ${Math.round(own)}  => estimated Pico CPU load ${pct(own)}% (one instruction = one 84 MHz cycle; target < 25%)`);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-bench-'));
  try {
    console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`);
    // --quick: sizes and variables only, for a maintainer checking a change's cost;
    // the figures docs/benchmarks.md quotes come from a full run.
    const quick = process.argv.includes('--quick');
    // --tick: only the instructions of the whole control tick, for tuning it.
    if (process.argv.includes('--tick') && process.env.ESPRUINO_BIN) {
      const bin = process.env.ESPRUINO_BIN;
      const extra = 100;
      const whole = (callgrindInstructions(bin, steadyTrace(20 + extra / TICK_HZ), dir, 'tick-plus') - callgrindInstructions(bin, steadyTrace(20), dir, 'tick-base')) / extra;
      console.log(`whole tick with the simulated pins ${Math.round(whole)} instructions (subtract the pin probe of a full run for the firmware's own)`);
      return;
    }
    if (!quick) replaySpeed(dir);
    bundleSizes();
    const bin = process.env.ESPRUINO_BIN;
    if (bin) await interpreterFigures(bin, dir, quick);
    else console.log('real interpreter: skipped (set ESPRUINO_BIN to an Espruino interpreter built for Linux)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${(e as Error).stack ?? String(e)}`);
  process.exitCode = 1;
});
