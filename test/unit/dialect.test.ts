import { checkDialect, type DialectProblem } from '../../scripts/build/dialect';

/** Every sample starts on line 2, so a wrong line number cannot pass by accident. */
const PREFIX = 'var first = 1;\n';

function problemsIn(sample: string): DialectProblem[] {
  return checkDialect(PREFIX + sample);
}

function summary(problems: readonly DialectProblem[]): string[] {
  return problems.map((p) => `${p.line}:${p.column} ${p.construct}`);
}

describe('checkDialect: one sample per construct', () => {
  // [construct, sample (starts on line 2), column of the first problem]
  const cases: Array<[string, string, number]> = [
    ['default-parameter', 'function f(a, b = 1) { return a + b; }', 15],
    ['rest-parameter', 'function f(a, ...rest) { return rest; }', 15],
    ['spread', 'var c = [0].concat([...a]);', 21],
    ['destructuring', 'var { x, y } = point;', 5],
    ['computed-key', 'var o = { [key]: 1 };', 11],
    ['optional-chaining', 'var v = o?.x;', 9],
    ['exponent-operator', 'var v = 2 ** 3;', 9],
    ['generator', 'function* ids() { yield 1; }', 1],
    ['async-await', 'async function load() { return 1; }', 1],
    ['tagged-template', 'var s = tag`x`;', 9],
    ['labelled-statement', 'outer: for (;;) { break outer; }', 1],
    ['logical-assignment', 'x ||= 1;', 1],
    ['bigint', 'var n = 10n;', 9],
    ['private-field', 'class C { #n = 1; }', 11],
    ['regexp', 'var ok = /a+b/.test(s);', 10],
    ['to-precision', 'var s = x.toPrecision(3);', 11],
    ['unsupported-global', 'var m = new Map();', 13],
    ['unsupported-builtin', 'var a = Array.from(s);', 15],
    ['prototype-read', 'var slice = Array.prototype.slice;', 13],
    ['extends-error', 'class Fault extends Error {}', 21],
    ['inherited-static', 'class A { static make() { return 1; } }\nclass B extends A {}\nB.make();', 1],
    ['reserved-name', 'var of = 1;', 5],
    ['loop-closure', 'for (let i = 0; i < 3; i++) { setTimeout(function () { print(i); }, 10); }', 42],
    ['json-indent', 'print(JSON.stringify(o, null, 2));', 7],
    ['object-accessor', 'var o = { get v() { return 1; } };', 11],
    ['use-before-declaration', 'main();\nfunction main() {}', 1],
    ['extends-expression', 'class B extends ns.Base {}', 17],
    ['class-member-name', 'class C { delete() {} }', 11],
    ['class-field-no-initializer', 'class C { n; }', 11],
    ['class-field-shared-value', 'class C { items = []; }', 19],
    ['static-block', 'class C { static { print(1); } }', 11],
    ['meta-property', 'function F() { return new.target; }', 23],
    ['class-expression-name', 'var X = class Y { m() { return Y; } };', 32],
    ['code-point-escape', 'var s = "\\u{41}";', 9],
  ];

  test.each(cases)('%s', (construct, sample, column) => {
    const problems = problemsIn(sample);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.construct)).toEqual(problems.map(() => construct));
    expect(problems[0]).toMatchObject({ line: sample.startsWith('class A {') ? 4 : 2, column, construct });
    expect(problems[0]!.message.length).toBeGreaterThan(10);
  });

  test('a syntax error is one parse problem at its position', () => {
    const problems = problemsIn('var = 3;');
    expect(problems).toEqual([expect.objectContaining({ construct: 'parse', line: 2, column: 5 })]);
  });

  test('more members of the families', () => {
    const lines = [
      'var r = new RegExp("a");',
      'var n = Number.isInteger(x) && Number.EPSILON && Math.trunc(x) && Math.hypot(1, 2);',
      'Object.freeze(o); arr.reduceRight(f); arr.flat(); arr.lastIndexOf(1); arr.keys();',
      'var s = Symbol("s"); var p = new Proxy(o, {}); Reflect.get(o, "a"); new WeakMap();',
      'function g(undefined) { return of; }',
      'Function.prototype.apply.call(f, null, []);',
    ];
    // [line index, text the problem starts at, construct]
    const expected: Array<[number, string, string]> = [
      [0, 'RegExp', 'regexp'],
      [1, 'isInteger', 'unsupported-builtin'],
      [1, 'EPSILON', 'unsupported-builtin'],
      [1, 'trunc', 'unsupported-builtin'],
      [1, 'hypot', 'unsupported-builtin'],
      [2, 'freeze', 'unsupported-builtin'],
      [2, 'reduceRight', 'unsupported-builtin'],
      [2, 'flat', 'unsupported-builtin'],
      [2, 'lastIndexOf', 'unsupported-builtin'],
      [2, 'keys', 'unsupported-builtin'],
      [3, 'Symbol', 'unsupported-global'],
      [3, 'Proxy', 'unsupported-global'],
      [3, 'Reflect', 'unsupported-global'],
      [3, 'WeakMap', 'unsupported-global'],
      [4, 'undefined', 'reserved-name'],
      [4, 'of;', 'reserved-name'],
      [5, 'Function', 'prototype-read'],
    ];
    const where = expected.map(([index, text, construct]) => `${index + 2}:${lines[index]!.indexOf(text) + 1} ${construct}`);
    expect(summary(problemsIn(lines.join('\n')))).toEqual(where);
  });

  test('what is measured to work is not flagged', () => {
    const code = [
      'var own = Object.prototype.hasOwnProperty.call(o, "k");',
      'var last = "abcb".lastIndexOf("b");',
      'var keys = Object.keys(o).concat(Object.values(o));',
      'if (typeof Symbol !== "undefined") print(1);',
      'Array.prototype.myHelper = function () { return 1; };',
      'function Thing() {} Thing.prototype.m = function () { return 1; };',
      'class Shape { static make() { return new Shape(); } }',
      'class Square extends Shape { static make() { return new Square(); } }',
      'Square.make(); Shape.make();',
      'var o2 = { of: 1, static: 2, delete: 3 }; print(o2.of + Math.sign(-1) + "a".padStart(2));',
      'class Counter { count = 0; label = "n"; static registry = []; }',
      'for (var i = 0; i < 3; i++) setTimeout(function () { print(i); }, 1);',
      'for (let j = 0; j < 3; j++) setTimeout(function () { print(1); }, 1);',
    ].join('\n');
    expect(problemsIn(code)).toEqual([]);
  });

  test('a user binding named like a missing built-in is not the built-in', () => {
    expect(problemsIn('function Map() {}\nvar m = new Map();\nvar Math = { trunc: function (x) { return x; } };\nMath.trunc(1);')).toEqual([]);
  });
});

describe('checkDialect: use before declaration', () => {
  const mustFlag: Array<[string, string, string[]]> = [
    ['a call before the function declaration', 'main(); function main(){}', ['2:1']],
    ['a var bound to a function expression later', 'var a = f(); var f = function(){ return 1; };', ['2:9']],
    ['a call that runs a function declared later', 'function g(){ return h(); } g(); function h(){}', ['2:29']],
    ['inside a function that is never called', 'function outer(){ inner(); function inner(){} }', ['2:19']],
    ['new of a class declared later', 'new K(); class K {}', ['2:5']],
    ['a var read before it is declared', 'var x = y + 1; var y = 2;', ['2:9']],
    ['an assignment before the declaration', 'z = 1; var z;', ['2:1']],
    ['an IIFE that uses a later binding', '(function(){ later(); })(); function later(){}', ['2:1']],
    ['a callback run at once by forEach', '[1].forEach(function(v){ use(v); }); function use(){}', ['2:1']],
    // Both the reference to twice and what running it needs are too early.
    ['a known function passed to map', '[1].map(twice); function twice(v){ return later(v); } function later(v){ return v; }', ['2:1', '2:9']],
    ['a constructor that uses a later function', 'class A { constructor(){ this.v = make(); } } var a = new A(); function make(){ return 1; }', ['2:55']],
    ['an inherited constructor', 'class P { constructor(){ this.v = make(); } } class Q extends P {} new Q(); function make(){}', ['2:68']],
    ['a static method call', 'class K { static create(){ return mk(); } } K.create(); function mk(){}', ['2:45']],
    ['a static initialiser that uses its class', 'class K { static inst = new K(); }', ['2:29']],
    ['mutual recursion reaching a later var', 'function a(n){ return n ? b(n-1) : z; } function b(n){ return a(n); } b(3); var z = 1;', ['2:71']],
    ['a local shadowing an outer binding', 'var v = 1; function g(){ print(v); var v = 2; } g();', ['2:32']],
    ['the executor of a new Promise', 'var p = new Promise(function(res){ res(later()); }); function later(){ return 1; }', ['2:9']],
    ['fn.call on a known function', 'function run(){ return later(); } run.call(null); function later(){}', ['2:35']],
  ];

  test.each(mustFlag)('flags %s', (_name, code, positions) => {
    const problems = problemsIn(code);
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual(positions);
    expect(problems.every((p) => p.construct === 'use-before-declaration')).toBe(true);
  });

  test('the message names the chain of calls and the declaration line', () => {
    const [problem] = problemsIn('function g(){ return h(); }\ng();\nfunction h(){}');
    expect(problem).toMatchObject({ line: 3, column: 1, construct: 'use-before-declaration' });
    expect(problem!.message).toContain('g');
    expect(problem!.message).toContain("'h'");
    expect(problem!.message).toContain('line 4');
  });

  const mustPass: Array<[string, string]> = [
    ['functions declared before the call that runs them', 'function a(){ return b(); } function b(){ return 1; } a();'],
    ['a timer callback', 'setTimeout(function(){ later(); }, 10); function later(){}'],
    ['an interval, a watch and an event handler', 'setInterval(function(){ tick(); }, 100); setWatch(function(){ onEdge(); }, A0, {repeat: true}); port.on("data", function(d){ onData(d); });\nfunction tick(){} function onEdge(){} function onData(){}'],
    ['an object method called after its callee is declared', 'var o = { m: function(){ return q(); } }; function q(){}; o.m();'],
    ['a local that shadows a later outer binding', 'function f(){ var later = 1; return later; } f(); var later = 2;'],
    ['recursion', 'function fact(n){ return n < 2 ? 1 : n * fact(n - 1); } fact(5);'],
    ['a var whose initialiser reads itself (measured to work)', 'var ns = ns || {};'],
    ['a function reassigned later is not assumed', 'var f = function(){ return late; }; f = other; f(); var late = 1;'],
    ['a class whose methods use later functions', 'class C { m(){ return helper(); } } var c = new C(); function helper(){ return 1; } c.m();'],
    ['parameters and catch bindings', 'function f(a){ try { return a; } catch (e) { return e; } } f(1);'],
    ['a promise callback', 'Promise.resolve(1).then(function(v){ return later(v); }); function later(v){ return v; }'],
  ];

  test.each(mustPass)('passes %s', (_name, code) => {
    expect(summary(problemsIn(code))).toEqual([]);
  });
});

describe('checkDialect: bundle shapes', () => {
  test('inside a rollup IIFE the function body is the top level', () => {
    const code = '(function () {\n  "use strict";\n  start();\n  function start() {}\n})();\n';
    expect(summary(checkDialect(code))).toEqual(['3:3 use-before-declaration']);
  });

  test('inside a terser !function(){}() the same', () => {
    const code = '!function(){"use strict";function e(n){return n+r}var t=e(1);var r=2}();';
    const problems = checkDialect(code);
    expect(summary(problems)).toEqual([`1:${code.indexOf('e(1)') + 1} use-before-declaration`]);
    expect(problems[0]!.message).toContain("'r'");
  });

  test('real rollup + babel + terser output of a small firmware passes', () => {
    // Built from TypeScript with the project's babel.config.cjs and terser (ecma 2015).
    const bundle =
      '!function(){"use strict";class t{constructor(s,i){this.id=s,this.level=i,t.count++}describe(){return`${this.id}:${this.level.toFixed(1)}`}}' +
      't.count=0;var s=new class{constructor(t,s){this.gains=t,this.limit=s,this.integral=0,this.last=null,this.history=void 0,this.history=[]}' +
      'step(t,s){this.integral+=t*s;var i=null===this.last?0:(t-this.last)/s;this.last=t;var n,e,r,a=this.gains.kp*t+this.gains.ki*this.integral+this.gains.kd*i;' +
      'return this.history.push(a),n=a,e=-this.limit,r=this.limit,n<e?e:n>r?r:n}}({kp:1,ki:.1,kd:0},100),i=[new class extends t{constructor(t){super(t,2)}}("pressure")];' +
      'setInterval(function(){var t=s.step(analogRead(A0)-.5,.1);t>50&&console.log(i.map(t=>t.describe()).join()),' +
      'console.log(function(t){for(var s=0,i=0;i<t.length;i++)s+=1*t[i];var n=Object.assign({},{a:1},{b:s});' +
      'return Object.keys(n).join(",")+t.map(t=>2*t).join(";")}([t]))},100)}();';
    expect(checkDialect(bundle)).toEqual([]);
  });

  test('a clean realistic module passes', () => {
    const code = `
(function () {
  'use strict';
  const LIMITS = Object.assign({}, { maxFlow: 500 }, { minFlow: 0 });
  class Channel {
    reading = 0;
    name = 'flow';
    static count = 0;
    constructor(id, scale) {
      this.id = id;
      this.scale = scale ?? 1;
      this.samples = [];
      Channel.count++;
    }
    get scaled() { return this.reading * this.scale; }
    update(raw) {
      this.reading = raw;
      this.samples.push(raw);
      return \`\${this.name}#\${this.id}=\${this.scaled.toFixed(2)}\`;
    }
  }
  function clamp(v, lo, hi) { return v < lo ? lo : v > hi ? hi : v; }
  const channels = [new Channel(1, 2), new Channel(2)];
  let total = 0;
  for (const ch of channels) {
    total += clamp(ch.update(3).length, LIMITS.minFlow, LIMITS.maxFlow);
  }
  const names = channels.map((c) => c.name).filter((n) => n.length > 0);
  setInterval(() => { print(names.join(','), total); }, 1000);
})();
`;
    expect(checkDialect(code)).toEqual([]);
  });

  test('problems are sorted by position', () => {
    const problems = checkDialect('var a = b ** 2;\nvar b = 1;\nvar c = [...a];');
    const keys = problems.map((p) => p.line * 1000 + p.column);
    expect(keys).toEqual([...keys].sort((x, y) => x - y));
    expect(summary(problems)).toEqual(['1:9 exponent-operator', '1:9 use-before-declaration', '3:10 spread']);
  });

  test('a 100 KB bundle is checked well under a second', () => {
    const module = (i: number): string =>
      `function step${i}(s,d){var o={v:s.v+d*${i},t:s.t+1};return clamp${i}(o)}function clamp${i}(o){o.v=o.v<0?0:o.v>9?9:o.v;return o}` +
      `var state${i}={v:0,t:0};state${i}=step${i}(state${i},.5);[1,2,3].forEach(function(x){state${i}=step${i}(state${i},x)});`;
    let body = '';
    for (let i = 0; body.length < 100_000; i++) body += module(i);
    const bundle = `!function(){"use strict";${body}}();`;
    const started = Date.now();
    const problems = checkDialect(bundle);
    const elapsed = Date.now() - started;
    expect(problems).toEqual([]);
    expect(elapsed).toBeLessThan(1000);
  });
});
