// One Babel configuration for the device bundle (rollup) and for jest, so the tests run
// the same transforms that ship. Only the transforms the Espruino interpreter needs are
// applied to firmware/: classes, arrow functions and template literals stay native
// (see the dialect notes in README.md).
const firmwareDialect = [
  // TypeScript first (plugins run before presets): a field declared without a value is a
  // type, not code, as in TypeScript itself; no `this.x = undefined` on the device.
  ['@babel/plugin-transform-typescript', { allowDeclareFields: false }],
  ['@babel/plugin-transform-class-properties', { loose: true }],
  ['@babel/plugin-transform-parameters', { loose: true }],
  ['@babel/plugin-transform-destructuring', { loose: true, useBuiltIns: false }],
  ['@babel/plugin-transform-spread', { loose: true }],
  ['@babel/plugin-transform-object-rest-spread', { loose: true, useBuiltIns: true }],
  '@babel/plugin-transform-computed-properties',
  '@babel/plugin-transform-exponentiation-operator',
  ['@babel/plugin-transform-optional-chaining', { loose: true }],
  ['@babel/plugin-transform-for-of', { assumeArray: true }],
  '@babel/plugin-transform-block-scoping',
  // Last: fewer bytes, same program (see the file).
  require('./scripts/build/babel-this-alias.cjs'),
];

module.exports = function babelConfig(api) {
  const isTest = api.env('test');
  return {
    presets: [['@babel/preset-typescript', { allowDeclareFields: true }]],
    overrides: [{ test: /[\\/]firmware[\\/]/, plugins: firmwareDialect }],
    plugins: isTest ? ['@babel/plugin-transform-modules-commonjs'] : [],
  };
};
