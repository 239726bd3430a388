// Helper for the benchmark: one real-interpreter replay with the given interpreter
// command (a valgrind wrapper), code in RAM.
//   tsx scripts/bench-espruino-run.ts <bin> <trace.csv> [upload.js]
import { replayInEspruino } from '../replay/espruinoEngine';
import { loadTrace } from '../replay/trace';

replayInEspruino(loadTrace(process.argv[3]), { bin: process.argv[2], upload: process.argv[4], runFrom: 'ram', keepEvents: false, timeoutMs: 1800000 }).then(
  (r) => {
    if (r.crashed) throw new Error('replay crashed');
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
