// Espruino's firmware versions, as process.env.VERSION gives them: "2v29" is a release,
// "2v25.396" a build 396 commits after the 2v25 release (and so before 2v26).

/**
 * The oldest Espruino that runs the stored firmware: it is pretokenised with raw integers
 * (0xD3-0xD5), which the lexer reads from 2v25.396 on; raw strings date from 2v20.48.
 */
export const MIN_ESPRUINO_VERSION = '2v25.396';

/** [major, minor, build] of a version string, or null if it is not one. */
export function parseEspruinoVersion(version: string): [number, number, number] | null {
  const m = /^(\d+)v(\d+)(?:\.(\d+))?/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3])] : null;
}

/** Whether `version` is `min` or later; false if it cannot be read. */
export function versionAtLeast(version: string, min: string): boolean {
  const v = parseEspruinoVersion(version);
  const m = parseEspruinoVersion(min);
  if (!v || !m) return false;
  for (let k = 0; k < 3; k++) if (v[k] !== m[k]) return v[k] > m[k];
  return true;
}
