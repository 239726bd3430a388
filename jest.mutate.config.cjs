// Jest for mutation testing (stryker.config.json): only the fast, pure unit tests of the
// safety core, with the transform and options of the main jest config in package.json.
// The replay and bundle tests need a build in dist/ and are left out.
const base = require('./package.json').jest;

module.exports = {
  ...base,
  roots: ['<rootDir>/test/unit'],
  testMatch: [
    '<rootDir>/test/unit/interlocks.test.ts',
    '<rootDir>/test/unit/heaterGuard.test.ts',
    '<rootDir>/test/unit/faultLog.test.ts',
    '<rootDir>/test/unit/alarmSignals.test.ts',
    '<rootDir>/test/unit/heaterControl.test.ts',
    '<rootDir>/test/unit/alarmBook.test.ts',
    '<rootDir>/test/unit/rotation.test.ts',
    '<rootDir>/test/unit/shutdown.test.ts',
    '<rootDir>/test/unit/sensorHealth.test.ts',
    '<rootDir>/test/unit/airTest.test.ts',
  ],
};
