// The firmware's on-demand modules: code kept in its own Storage file and evaluated only
// when needed (firmware/hal/modules.ts), so it holds no variables between uses. One list
// for the bundler (rollup.config.js), the packaging step (package-firmware.ts) and the
// firmware itself (the `build-info` module gives it each module's Storage name).
// Plain JS because rollup loads it before any TypeScript is compiled.

/** entry: the module's source; bundle: its file in dist/<board>/; storage: its Storage file; constant: its name in build-info. */
export const FIRMWARE_MODULES = [
  { entry: 'firmware/modules/commands.ts', bundle: 'commands.js', storage: 'pump.cmd', constant: 'COMMAND_MODULE' },
  { entry: 'firmware/modules/boot.ts', bundle: 'boot.js', storage: 'pump.boot', constant: 'BOOT_MODULE' },
];
