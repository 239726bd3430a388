// ESLint for the project. The firmware blocks are the source-side half of the dialect gate:
// they reject, in TypeScript, what the Espruino interpreter cannot run (docs/dialect.md),
// before a build gets as far as scripts/build/dialect-check.ts, which checks the built bundle.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ERROR_CLASSES = 'Error|TypeError|RangeError|SyntaxError|ReferenceError|EvalError|URIError|InternalError|AggregateError';

/** Espruino lexer keywords: a class method named by one of them is a SyntaxError on the device. */
const ESPRUINO_KEYWORDS =
  'if|else|do|while|for|break|continue|function|return|var|let|const|this|throw|try|catch|finally|' +
  'true|false|null|undefined|new|in|instanceof|switch|case|default|delete|typeof|void|debugger|class|' +
  'extends|super|static|of';

/** Built-ins whose `X.prototype.member` reads are undefined on the device (measured). */
const PROTOTYPE_BUILTINS =
  'Array|Function|String|Number|Boolean|Date|RegExp|Error|TypeError|SyntaxError|ReferenceError|Promise|' +
  'ArrayBuffer|DataView|Uint8Array|Uint8ClampedArray|Int8Array|Uint16Array|Int16Array|Uint32Array|' +
  'Int32Array|Float32Array|Float64Array';

const syntax = (selector, message) => ({ selector, message: `Espruino: ${message}` });

// Selectors keep to value-level code: TypeScript signatures and .d.ts files may use rest
// parameters and the like freely, since they emit nothing.
const DIALECT_SYNTAX = [
  syntax('AssignmentPattern', 'default values (parameters, destructuring) are a SyntaxError; test for undefined instead.'),
  syntax(':function > RestElement, ObjectPattern > RestElement, ArrayPattern > RestElement', 'rest elements are a SyntaxError; use arguments or slice.'),
  syntax('SpreadElement', 'spread (...) is a SyntaxError; use concat, apply or Object.assign.'),
  syntax('ObjectPattern, ArrayPattern', 'destructuring is a SyntaxError; read the properties one by one.'),
  syntax('Property[computed=true], MethodDefinition[computed=true], PropertyDefinition[computed=true]', 'computed keys are a SyntaxError; assign obj[key] = value.'),
  syntax('ChainExpression', 'optional chaining ?. is a SyntaxError; test for null explicitly.'),
  syntax("BinaryExpression[operator='**'], AssignmentExpression[operator='**=']", '** is a SyntaxError; use Math.pow.'),
  syntax(':function[generator=true]', 'generators are not supported.'),
  syntax(':function[async=true], AwaitExpression', 'async/await is not supported; use promises.'),
  syntax('TaggedTemplateExpression', 'tagged templates are a SyntaxError.'),
  syntax('LabeledStatement', 'labels (labelled break/continue) are not supported.'),
  syntax('PrivateIdentifier', '#private members are not supported; use TypeScript `private`.'),
  syntax('Literal[regex]', 'regular expressions fail silently (lookahead, (?:), \\b, {n,m}, lazy, m flag); parse by hand.'),
  syntax("NewExpression[callee.name='RegExp'], CallExpression[callee.name='RegExp']", 'regular expressions fail silently; parse by hand.'),
  syntax('Literal[bigint]', 'BigInt is not supported.'),
  syntax(`:matches(ClassDeclaration, ClassExpression)[superClass.name=/^(${ERROR_CLASSES})$/]`, "extending Error fails (\"Calling 'super' outside of class\"); wrap an Error in a plain class."),
  syntax(':matches(ClassDeclaration, ClassExpression) > .superClass:not(Identifier)', "'extends' must name a class directly (no member access or call)."),
  syntax("AssignmentExpression[operator=/^(&&|\\|\\||\\?\\?)=$/]", 'logical assignment (&&= ||= ??=) is a SyntaxError.'),
  syntax("Property[kind='get'], Property[kind='set']", 'object-literal get/set: use Object.defineProperty or a class.'),
  syntax('TSEnumDeclaration', 'enums are not allowed in firmware; use a const object of numbers.'),
  syntax('StaticBlock', 'class static blocks are a SyntaxError.'),
  syntax('MetaProperty', 'new.target / import.meta are a SyntaxError.'),
  syntax("MethodDefinition[computed=false][key.type='Literal']", 'class methods must be named by a plain identifier.'),
  syntax(`MethodDefinition[computed=false][key.name=/^(${ESPRUINO_KEYWORDS})$/]`, 'this method name is a keyword in Espruino (SyntaxError); rename it.'),
  syntax(`MemberExpression[object.type='MemberExpression'][object.property.name='prototype'][object.object.name=/^(${PROTOTYPE_BUILTINS})$/]`, 'X.prototype.method is undefined on the device; call the method on an instance, e.g. [].slice.call(x).'),
  syntax("MemberExpression[object.type='MemberExpression'][object.property.name='prototype'][object.object.name='Object'][property.name!='hasOwnProperty']", 'Object.prototype members other than hasOwnProperty misbehave on the device.'),
  syntax("CallExpression[callee.object.name='JSON'][callee.property.name='stringify'][arguments.length>=3]", "JSON.stringify's indent formats differently from Node; format text explicitly."),
];

const UNSUPPORTED_GLOBALS = [
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Symbol', 'Proxy', 'Reflect',
  'BigInt', 'BigInt64Array', 'BigUint64Array', 'Intl', 'SharedArrayBuffer', 'Atomics', 'structuredClone',
  'queueMicrotask', 'TextEncoder', 'TextDecoder', 'RangeError', 'EvalError', 'URIError', 'AggregateError',
].map((name) => ({ name, message: `Espruino: ${name} does not exist on the device.` }));

/** The core is pure logic: clock and I/O are injected, so none of the board's globals. */
const HARDWARE_GLOBALS = [
  'analogRead', 'analogWrite', 'digitalRead', 'digitalWrite', 'digitalPulse', 'pinMode', 'setWatch',
  'clearWatch', 'setInterval', 'setTimeout', 'clearInterval', 'clearTimeout', 'changeInterval', 'getTime',
  'E', 'Serial1', 'Serial2', 'USB', 'I2C1', 'I2C2', 'SPI1', 'peek32', 'poke32', 'require', 'process',
  'console', 'print',
].map((name) => ({ name, message: `firmware/core is pure logic: inject ${name} from firmware/hal instead.` }));

const missing = (object, names) =>
  names.map((property) => ({ object, property, message: `Espruino: ${object}.${property} does not exist on the device.` }));
const missingMethod = (names, why = 'does not exist on the device') =>
  names.map((property) => ({ property, message: `Espruino: .${property} ${why}.` }));

const UNSUPPORTED_PROPERTIES = [
  ...missing('Array', ['from', 'of']),
  ...missing('Object', ['freeze', 'isFrozen', 'seal', 'isSealed', 'preventExtensions', 'isExtensible', 'is', 'getOwnPropertySymbols', 'groupBy']),
  ...missing('Number', ['isInteger', 'isFinite', 'isNaN', 'isSafeInteger', 'parseFloat', 'parseInt', 'EPSILON', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER']),
  ...missing('Math', ['trunc', 'hypot', 'log10', 'log2', 'cbrt', 'fround', 'clz32', 'imul', 'expm1', 'log1p', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh']),
  ...missing('String', ['raw', 'fromCodePoint']),
  ...missing('Promise', ['race', 'allSettled', 'any']),
  ...missingMethod(['toPrecision'], 'is not supported; use toFixed'),
  ...missingMethod(['lastIndexOf'], 'does not exist on arrays on the device (strings only); loop instead'),
  ...missingMethod([
    'reduceRight', 'flat', 'flatMap', 'findLast', 'findLastIndex', 'copyWithin', 'at', 'toSorted', 'toReversed',
    'toSpliced', 'codePointAt', 'normalize', 'trimStart', 'trimEnd', 'matchAll', 'localeCompare', 'finally',
  ]),
];

// ---- rules that selectors cannot express -------------------------------------------------

/** for (let/const ...) loops whose binding a function created in the loop uses. */
const noLoopClosure = {
  meta: {
    type: 'problem',
    docs: { description: 'Espruino shares one let/const loop binding across iterations: closures see the last value.' },
    messages: {
      closure: "Espruino: this function uses '{{name}}' from the enclosing for ({{kind}} ...) loop; on the device every iteration shares one binding, so it sees the last value. Copy it into a function parameter.",
    },
    schema: [],
  },
  create(context) {
    const check = (loop, declaration) => {
      if (!declaration || declaration.type !== 'VariableDeclaration' || declaration.kind === 'var') return;
      const reported = new Set();
      for (const variable of context.sourceCode.getDeclaredVariables(declaration)) {
        for (const reference of variable.references) {
          const fn = outermostFunctionInside(reference.from, loop);
          if (fn && !reported.has(fn)) {
            reported.add(fn);
            context.report({ node: fn, messageId: 'closure', data: { name: variable.name, kind: declaration.kind } });
          }
        }
      }
    };
    return {
      ForStatement: (node) => check(node, node.init),
      ForInStatement: (node) => check(node, node.left),
      ForOfStatement: (node) => check(node, node.left),
    };
  },
};

/** The outermost function scope between `scope` and `loop`, or null if the use is not inside one. */
function outermostFunctionInside(scope, loop) {
  let found = null;
  for (let s = scope; s && s.block !== loop; s = s.upper) {
    const [start, end] = s.block.range;
    if (start < loop.range[0] || end > loop.range[1]) break;
    if (s.type === 'function') found = s.block;
  }
  return found;
}

/** Names that are keywords in Espruino's lexer but ordinary identifiers in JavaScript. */
const noReservedName = {
  meta: {
    type: 'problem',
    docs: { description: 'of, static, let and undefined are keywords in Espruino.' },
    messages: { reserved: "Espruino: '{{name}}' is a keyword on the device and cannot name a variable." },
    schema: [],
  },
  create(context) {
    const RESERVED = new Set(['of', 'static', 'let', 'undefined']);
    return {
      'Program:exit'() {
        const scopeManager = context.sourceCode.scopeManager;
        for (const scope of scopeManager.scopes) {
          for (const variable of scope.variables) {
            if (!RESERVED.has(variable.name)) continue;
            for (const id of variable.identifiers) context.report({ node: id, messageId: 'reserved', data: { name: variable.name } });
          }
        }
        for (const reference of scopeManager.globalScope?.through ?? []) {
          const id = reference.identifier;
          if (id.name !== 'undefined' && RESERVED.has(id.name)) context.report({ node: id, messageId: 'reserved', data: { name: id.name } });
        }
      },
    };
  },
};

/** `Sub.m` where m is a static of a superclass declared in the same file: statics are not inherited. */
const noInheritedStatic = {
  meta: {
    type: 'problem',
    docs: { description: 'Espruino does not inherit static members.' },
    messages: { inherited: 'Espruino: {{sub}}.{{name}} is a static of {{owner}}; statics are not inherited on the device. Use {{owner}}.{{name}}.' },
    schema: [],
  },
  create(context) {
    const classes = new Map();
    const uses = [];
    const staticNames = (body) =>
      new Set(body.body.filter((m) => m.static && !m.computed && m.key && m.key.type === 'Identifier').map((m) => m.key.name));
    return {
      ClassDeclaration(node) {
        if (!node.id) return;
        const superName = node.superClass && node.superClass.type === 'Identifier' ? node.superClass.name : null;
        classes.set(node.id.name, { superName, statics: staticNames(node.body) });
      },
      "MemberExpression[computed=false][object.type='Identifier'][property.type='Identifier']"(node) {
        uses.push(node);
      },
      'Program:exit'() {
        for (const node of uses) {
          const own = classes.get(node.object.name);
          const name = node.property.name;
          if (!own || own.statics.has(name)) continue;
          const seen = new Set([node.object.name]);
          for (let owner = own.superName; owner && classes.has(owner) && !seen.has(owner); owner = classes.get(owner).superName) {
            seen.add(owner);
            if (classes.get(owner).statics.has(name)) {
              context.report({ node, messageId: 'inherited', data: { sub: node.object.name, name, owner } });
              break;
            }
          }
        }
      },
    };
  },
};

const espruino = {
  meta: { name: 'espruino-dialect' },
  rules: { 'no-loop-closure': noLoopClosure, 'no-reserved-name': noReservedName, 'no-inherited-static': noInheritedStatic },
};

const unusedVars = ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }];

export default defineConfig([
  { ignores: ['node_modules/**', 'dist/**', 'reports/**', 'coverage/**', '.stryker-tmp/**'] },

  {
    name: 'project/typescript',
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': unusedVars,
    },
  },

  {
    name: 'project/firmware-dialect',
    files: ['firmware/**/*.ts'],
    ignores: ['**/*.d.ts'],
    plugins: { espruino },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    },
    rules: {
      'no-restricted-syntax': ['error', ...DIALECT_SYNTAX],
      'no-restricted-globals': ['error', ...UNSUPPORTED_GLOBALS],
      'no-restricted-properties': ['error', ...UNSUPPORTED_PROPERTIES],
      // Espruino hoists nothing: declare before use.
      'no-use-before-define': 'off',
      '@typescript-eslint/no-use-before-define': ['error', {
        functions: true, classes: true, variables: true, enums: true, typedefs: false, ignoreTypeReferences: true,
      }],
      'prefer-const': 'error',
      'espruino/no-loop-closure': 'error',
      'espruino/no-reserved-name': 'error',
      'espruino/no-inherited-static': 'error',
    },
  },

  {
    name: 'project/firmware-core-purity',
    files: ['firmware/core/**/*.ts'],
    ignores: ['**/*.d.ts'],
    rules: {
      // Repeats the dialect list: a later block's options replace an earlier block's.
      'no-restricted-globals': ['error', ...UNSUPPORTED_GLOBALS, ...HARDWARE_GLOBALS],
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/hal', '**/hal/**'], message: 'firmware/core must not depend on firmware/hal: inject what it needs.' }],
      }],
    },
  },

  {
    name: 'project/node-tools',
    files: ['scripts/**/*.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },

  {
    name: 'project/node-tools-js',
    files: ['scripts/**/*.{js,mjs,cjs}', 'test/**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: { 'no-unused-vars': unusedVars },
  },

  {
    // Runs inside the Espruino interpreter as `.boot0`: a script whose top-level names are
    // the globals it provides to the firmware and the host's REPL calls.
    name: 'project/espruino-board-shim',
    files: ['scripts/sim/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { $CFG: 'readonly', print: 'readonly', echo: 'readonly', process: 'readonly', E: 'readonly', global: 'readonly' },
    },
    rules: { 'no-unused-vars': 'off', 'no-redeclare': 'off', 'no-global-assign': 'off' },
  },
]);
