// Per-module mutation scores for the safety case: reads Stryker's json report
// (reports/mutation/mutation.json, written by `npm run mutate`) and writes
// docs/mutation-scores.json. The score is Stryker's: killed and timed-out mutants over all
// valid ones (killed, timeout, survived, no coverage); errors and ignored mutants do not count.
import fs from 'node:fs';
import path from 'node:path';

const REPORT = 'reports/mutation/mutation.json';
const OUT = 'docs/mutation-scores.json';

interface Report {
  files: Record<string, { mutants: Array<{ status: string }> }>;
}

/** Killed+timeout and valid mutant counts of a list of mutants. */
function tally(mutants: Array<{ status: string }>): [number, number] {
  let detected = 0;
  let valid = 0;
  for (const m of mutants) {
    if (m.status === 'Killed' || m.status === 'Timeout') detected++;
    if (m.status === 'Killed' || m.status === 'Timeout' || m.status === 'Survived' || m.status === 'NoCoverage') valid++;
  }
  return [detected, valid];
}

const percent = (detected: number, valid: number) => (valid === 0 ? 100 : Math.round((detected / valid) * 1000) / 10);

const report = JSON.parse(fs.readFileSync(REPORT, 'utf8')) as Report;
const modules: Record<string, number> = {};
let detectedAll = 0;
let validAll = 0;
for (const file of Object.keys(report.files).sort()) {
  const name = path.isAbsolute(file) ? path.relative(process.cwd(), file) : file;
  const [detected, valid] = tally(report.files[file].mutants);
  modules[name.split(path.sep).join('/')] = percent(detected, valid);
  detectedAll += detected;
  validAll += valid;
}
// No timestamp: the file changes only when a score does.
const scores = { overall: percent(detectedAll, validAll), mutants: validAll, modules };
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(scores, null, 2) + '\n');
console.log(`${OUT}: overall ${scores.overall}%`);
