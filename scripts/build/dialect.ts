/**
 * The dialect gate: a static check of built JavaScript for what the Espruino interpreter
 * cannot run. Pure: text in, problems out.
 *
 * Ground truth is docs/dialect.md (measured on the 2v29 interpreter), plus facts
 * re-measured on the same interpreter while writing this check; those are noted where used.
 *
 * Three passes over one acorn AST:
 *  1. scopes: every binding, and every reference resolved to its nearest binding (or to a
 *     global, null);
 *  2. constructs: node-local checks (syntax the interpreter rejects, missing built-ins,
 *     class quirks, closures in let-loops, ...);
 *  3. declaration order: Espruino hoists nothing, not even function declarations, so the
 *     program is walked in execution order and a use of a binding before its declaration
 *     statement has run is reported, including uses reached through immediate calls.
 */
import { parse } from 'acorn';
import type {
  AnonymousClassDeclaration,
  AnonymousFunctionDeclaration,
  AnyNode,
  ArrowFunctionExpression,
  CallExpression,
  CatchClause,
  ClassDeclaration,
  ClassExpression,
  Expression,
  ForInStatement,
  ForOfStatement,
  ForStatement,
  FunctionDeclaration,
  FunctionExpression,
  Identifier,
  Literal,
  MemberExpression,
  MethodDefinition,
  NewExpression,
  Pattern,
  Program,
  PropertyDefinition,
  SourceLocation,
  StaticBlock,
  Super,
  VariableDeclaration,
} from 'acorn';

export interface DialectProblem {
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
  /** short stable kebab-case id of the construct */
  construct: string;
  message: string;
}

export function checkDialect(code: string): DialectProblem[] {
  let program: Program;
  try {
    program = parse(code, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
  } catch (err) {
    return [parseProblem(err)];
  }
  const reporter = new Reporter();
  const scopes = new ScopeBuilder(reporter).build(program);
  new ConstructChecker(scopes, reporter).check(program);
  new OrderChecker(scopes, reporter).check(program);
  return reporter.sorted();
}

function parseProblem(err: unknown): DialectProblem {
  const loc = (err as { loc?: { line: number; column: number } }).loc;
  const message = err instanceof Error ? err.message : String(err);
  return { line: loc?.line ?? 1, column: (loc?.column ?? 0) + 1, construct: 'parse', message };
}

// ---------------------------------------------------------------------------------------
// What the interpreter lacks (measured: `typeof X` is "undefined" on 2v29)
// ---------------------------------------------------------------------------------------

const UNSUPPORTED_GLOBALS = new Set([
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Symbol', 'Proxy',
  'Reflect', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Intl', 'SharedArrayBuffer',
  'Atomics', 'structuredClone', 'queueMicrotask', 'TextEncoder', 'TextDecoder',
  // only Error, TypeError, SyntaxError, ReferenceError and InternalError exist
  'RangeError', 'EvalError', 'URIError', 'AggregateError',
]);

/** Static members of built-in objects that are absent. */
const UNSUPPORTED_STATICS: ReadonlyMap<string, ReadonlySet<string>> = new Map(Object.entries({
  Array: new Set(['from', 'of']),
  Object: new Set([
    'freeze', 'isFrozen', 'seal', 'isSealed', 'preventExtensions', 'isExtensible', 'is',
    'getOwnPropertySymbols', 'groupBy',
  ]),
  Number: new Set([
    'isInteger', 'isFinite', 'isNaN', 'isSafeInteger', 'parseFloat', 'parseInt', 'EPSILON',
    'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER',
  ]),
  Math: new Set([
    'trunc', 'hypot', 'log10', 'log2', 'cbrt', 'fround', 'clz32', 'imul', 'expm1', 'log1p',
    'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh',
  ]),
  String: new Set(['raw', 'fromCodePoint']),
  Promise: new Set(['race', 'allSettled', 'any']),
}));

/**
 * Methods absent from every built-in that could be the receiver. Names that user objects
 * commonly define (search, with, ...) are left out to keep the gate free of false alarms.
 */
const UNSUPPORTED_METHODS = new Set([
  'reduceRight', 'flat', 'flatMap', 'findLast', 'findLastIndex', 'copyWithin', 'at',
  'toSorted', 'toReversed', 'toSpliced', 'codePointAt', 'normalize', 'trimStart', 'trimEnd',
  'matchAll', 'localeCompare', 'finally',
]);

/** Array iterator methods: absent, but flagged only as zero-argument calls (Object.keys(o) is fine). */
const UNSUPPORTED_ITERATOR_METHODS = new Set(['entries', 'keys', 'values']);

/** Constructors whose `.prototype.member` reads evaluate to undefined on the device. */
const BUILTIN_CONSTRUCTORS = new Set([
  'Array', 'Object', 'Function', 'String', 'Number', 'Boolean', 'Date', 'RegExp', 'Error',
  'TypeError', 'SyntaxError', 'ReferenceError', 'InternalError', 'Promise', 'ArrayBuffer',
  'DataView', 'Uint8Array', 'Uint8ClampedArray', 'Int8Array', 'Uint16Array', 'Int16Array',
  'Uint24Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array',
]);

/** Measured to work: `Object.prototype.hasOwnProperty.call(o, k)` gives the right answer. */
const WORKING_PROTOTYPE_READS = new Set(['Object.prototype.hasOwnProperty']);

const ERROR_CLASSES = new Set([
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError',
  'InternalError', 'AggregateError',
]);

/** Espruino lexer keywords (LEX_R_*): a class member may not be named by any of them. */
const ESPRUINO_KEYWORDS = new Set([
  'if', 'else', 'do', 'while', 'for', 'break', 'continue', 'function', 'return', 'var', 'let',
  'const', 'this', 'throw', 'try', 'catch', 'finally', 'true', 'false', 'null', 'undefined',
  'new', 'in', 'instanceof', 'switch', 'case', 'default', 'delete', 'typeof', 'void',
  'debugger', 'class', 'extends', 'super', 'static', 'of',
]);

/** Keywords in Espruino that are ordinary identifiers in sloppy-mode JavaScript. */
const RESERVED_REFERENCE_NAMES = new Set(['of', 'static', 'let']);
const RESERVED_BINDING_NAMES = new Set(['of', 'static', 'let', 'undefined']);

/** Own properties every function has, so reading them on a subclass is not an inherited static. */
const FUNCTION_OWN_MEMBERS = new Set(['prototype', 'name', 'length', 'call', 'apply', 'bind', 'toString']);

/** Methods that call their function arguments before returning. */
const RUNS_CALLBACK_NOW = new Set([
  'forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex',
  'findLast', 'findLastIndex', 'sort', 'flatMap', 'replace', 'replaceAll',
]);

// ---------------------------------------------------------------------------------------
// Reporting and tree helpers
// ---------------------------------------------------------------------------------------

interface Located {
  start: number;
  loc?: SourceLocation | null;
}

class Reporter {
  private readonly seen = new Set<string>();
  private readonly problems: DialectProblem[] = [];

  add(node: Located, construct: string, message: string): void {
    const key = `${node.start}|${construct}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const start = node.loc?.start ?? { line: 1, column: 0 };
    this.problems.push({ line: start.line, column: start.column + 1, construct, message });
  }

  sorted(): DialectProblem[] {
    return [...this.problems].sort(
      (a, b) => a.line - b.line || a.column - b.column || a.construct.localeCompare(b.construct),
    );
  }
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Where each node type keeps its children, in evaluation order. A table, not a scan of
 * every property, because finding children is the hot path on big bundles.
 */
const CHILD_KEYS: Readonly<Record<string, readonly string[]>> = {
  Program: ['body'], ExpressionStatement: ['expression'], BlockStatement: ['body'], StaticBlock: ['body'],
  EmptyStatement: [], DebuggerStatement: [], WithStatement: ['object', 'body'], ReturnStatement: ['argument'],
  LabeledStatement: ['label', 'body'], BreakStatement: ['label'], ContinueStatement: ['label'],
  IfStatement: ['test', 'consequent', 'alternate'], SwitchStatement: ['discriminant', 'cases'],
  SwitchCase: ['test', 'consequent'], ThrowStatement: ['argument'], TryStatement: ['block', 'handler', 'finalizer'],
  CatchClause: ['param', 'body'], WhileStatement: ['test', 'body'], DoWhileStatement: ['body', 'test'],
  ForStatement: ['init', 'test', 'body', 'update'], ForInStatement: ['right', 'left', 'body'],
  ForOfStatement: ['right', 'left', 'body'], FunctionDeclaration: ['id', 'params', 'body'],
  FunctionExpression: ['id', 'params', 'body'], ArrowFunctionExpression: ['params', 'body'],
  VariableDeclaration: ['declarations'], VariableDeclarator: ['id', 'init'],
  ClassDeclaration: ['id', 'superClass', 'body'], ClassExpression: ['id', 'superClass', 'body'],
  ClassBody: ['body'], MethodDefinition: ['key', 'value'], PropertyDefinition: ['key', 'value'],
  ThisExpression: [], Super: [], Identifier: [], PrivateIdentifier: [], Literal: [], TemplateElement: [],
  ArrayExpression: ['elements'], ObjectExpression: ['properties'], Property: ['key', 'value'],
  UnaryExpression: ['argument'], UpdateExpression: ['argument'], BinaryExpression: ['left', 'right'],
  LogicalExpression: ['left', 'right'], AssignmentExpression: ['left', 'right'],
  MemberExpression: ['object', 'property'], ChainExpression: ['expression'],
  ConditionalExpression: ['test', 'consequent', 'alternate'], CallExpression: ['callee', 'arguments'],
  NewExpression: ['callee', 'arguments'], SequenceExpression: ['expressions'], YieldExpression: ['argument'],
  AwaitExpression: ['argument'], TemplateLiteral: ['quasis', 'expressions'], TaggedTemplateExpression: ['tag', 'quasi'],
  SpreadElement: ['argument'], RestElement: ['argument'], ObjectPattern: ['properties'], ArrayPattern: ['elements'],
  AssignmentPattern: ['left', 'right'], MetaProperty: ['meta', 'property'], ImportExpression: ['source', 'options'],
  ParenthesizedExpression: ['expression'],
};

/** Calls `visit` on each child of `node`; unknown node types have every property scanned. */
function forEachChild(node: AnyNode, visit: (child: AnyNode) => void): void {
  const record = node as unknown as Record<string, unknown>;
  const keys = CHILD_KEYS[node.type] ?? Object.keys(record).filter((key) => key !== 'loc');
  for (const key of keys) {
    const value = record[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item);
    } else if (isNode(value)) {
      visit(value);
    }
  }
}

/** Depth-first walk; `ancestors` is the live path from the root to the node's parent. */
function walk(root: AnyNode, enter: (node: AnyNode, ancestors: readonly AnyNode[]) => void): void {
  const ancestors: AnyNode[] = [];
  const visit = (node: AnyNode): void => {
    enter(node, ancestors);
    ancestors.push(node);
    forEachChild(node, visit);
    ancestors.pop();
  };
  visit(root);
}

// The anonymous declarations only occur in `export default`, which a script cannot contain.
type FunctionNode = FunctionDeclaration | AnonymousFunctionDeclaration | FunctionExpression | ArrowFunctionExpression;
type ClassNode = ClassDeclaration | AnonymousClassDeclaration | ClassExpression;
type LoopNode = ForStatement | ForInStatement | ForOfStatement;
/** Code that runs as one piece: the program, a function body, a static block, or `new C` (a class). */
type Unit = Program | FunctionNode | StaticBlock | ClassNode;

function isFunctionNode(node: AnyNode): node is FunctionNode {
  return (
    node.type === 'FunctionDeclaration' ||
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression'
  );
}

function isClassNode(node: AnyNode): node is ClassNode {
  return node.type === 'ClassDeclaration' || node.type === 'ClassExpression';
}

/** The name of `a.b` or `a['b']`, else null. */
function propertyName(member: MemberExpression): string | null {
  const property = member.property;
  if (!member.computed && property.type === 'Identifier') return property.name;
  if (member.computed && property.type === 'Literal' && typeof property.value === 'string') return property.value;
  return null;
}

/** The name of a non-computed class member key, or null. */
function memberKeyName(member: MethodDefinition | PropertyDefinition): string | null {
  if (member.computed) return null;
  if (member.key.type === 'Identifier') return member.key.name;
  if (member.key.type === 'Literal') return String(member.key.value);
  return null;
}

/** Identifiers a declaration pattern binds. */
function patternIdentifiers(pattern: Pattern, out: Identifier[] = []): Identifier[] {
  switch (pattern.type) {
    case 'Identifier':
      out.push(pattern);
      break;
    case 'ObjectPattern':
      for (const prop of pattern.properties) {
        patternIdentifiers(prop.type === 'RestElement' ? prop.argument : prop.value, out);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) patternIdentifiers(element, out);
      break;
    case 'RestElement':
      patternIdentifiers(pattern.argument, out);
      break;
    case 'AssignmentPattern':
      patternIdentifiers(pattern.left, out);
      break;
    case 'MemberExpression':
      break;
  }
  return out;
}

/** A call chain with one more call added ('' adds none): in front, or at the end. */
function withLink(name: string, chain: readonly string[], atEnd = false): string[] {
  if (name === '') return [...chain];
  return atEnd ? [...chain, name] : [name, ...chain];
}

/** Raises `map[key]` to at least `value`; true if it changed. */
function raise<K>(map: Map<K, number>, key: K, value: number): boolean {
  const current = map.get(key);
  if (current !== undefined && current >= value) return false;
  map.set(key, value);
  return true;
}

function lineOf(node: Located): number {
  return node.loc?.start.line ?? 0;
}

// ---------------------------------------------------------------------------------------
// Pass 1: scopes
// ---------------------------------------------------------------------------------------

type BindingKind = 'var' | 'let' | 'const' | 'function' | 'class' | 'param' | 'catch' | 'self' | 'class-name';

interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  /** The unit whose execution declares it; only that unit's statements can declare it. */
  readonly unit: Unit;
  readonly id: Identifier;
  /** Parameters, catch parameters and a named function expression's own name exist on entry. */
  readonly alwaysDeclared: boolean;
  /** For let/const in a for-loop head: that loop (Espruino reuses one binding for all iterations). */
  readonly loop: LoopNode | null;
  /** The function or class the (single) declaration binds, if any. */
  value: FunctionNode | ClassNode | null;
  declarations: number;
  /** Assignments other than the declaration's initialiser. */
  writes: number;
}

class Scope {
  readonly names = new Map<string, Binding>();
  constructor(
    readonly parent: Scope | null,
    readonly unit: Unit,
    readonly isVarScope: boolean,
  ) {}

  varScope(): Scope {
    return this.isVarScope || !this.parent ? this : this.parent.varScope();
  }

  lookup(name: string): Binding | null {
    return this.names.get(name) ?? this.parent?.lookup(name) ?? null;
  }
}

interface ScopeInfo {
  /** Every identifier in reference position: its binding, or null for a global. */
  readonly refs: Map<Identifier, Binding | null>;
  /** Every identifier in declaring position: its binding. */
  readonly declarations: Map<Identifier, Binding>;
  /** Every function and static block, each also analysed on its own. */
  readonly units: Unit[];
  readonly constructorOf: Map<FunctionNode, ClassNode>;
}

/** The function or class a binding certainly holds: declared once, never reassigned. */
function knownValue(binding: Binding | null | undefined): FunctionNode | ClassNode | null {
  if (!binding || binding.declarations !== 1 || binding.writes !== 0) return null;
  return binding.value;
}

function knownClass(binding: Binding | null | undefined): ClassNode | null {
  const value = knownValue(binding);
  return value && isClassNode(value) ? value : null;
}

interface DeclareOptions {
  alwaysDeclared?: boolean;
  loop?: LoopNode | null;
  value?: FunctionNode | ClassNode | null;
  hasInit?: boolean;
}

class ScopeBuilder {
  private readonly info: ScopeInfo = {
    refs: new Map(),
    declarations: new Map(),
    units: [],
    constructorOf: new Map(),
  };
  private readonly pending: Array<{ id: Identifier; scope: Scope; write: boolean }> = [];

  constructor(private readonly reporter: Reporter) {}

  build(program: Program): ScopeInfo {
    const top = new Scope(null, program, true);
    for (const statement of program.body) this.visit(statement, top);
    // Resolve after the walk, so a use resolves to a declaration further down the scope.
    for (const { id, scope, write } of this.pending) {
      const binding = scope.lookup(id.name);
      this.info.refs.set(id, binding);
      if (binding && write) binding.writes++;
    }
    return this.info;
  }

  private visit(node: AnyNode, scope: Scope): void {
    switch (node.type) {
      case 'Identifier':
        return this.reference(node, scope, false);
      case 'FunctionDeclaration':
        // Espruino puts block-level function declarations in the function scope.
        if (node.id) this.declare(node.id, scope.varScope(), 'function', { value: node });
        return this.visitFunction(node, scope);
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.visitFunction(node, scope);
      case 'ClassDeclaration':
        if (node.id) this.declare(node.id, scope, 'class', { value: node });
        return this.visitClass(node, scope);
      case 'ClassExpression':
        return this.visitClass(node, scope);
      case 'VariableDeclaration':
        return this.visitVariables(node, scope, null);
      case 'BlockStatement':
        return this.visitAll(node.body, new Scope(scope, scope.unit, false));
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        return this.visitLoop(node, scope);
      case 'SwitchStatement': {
        this.visit(node.discriminant, scope);
        const inner = new Scope(scope, scope.unit, false);
        for (const switchCase of node.cases) this.visit(switchCase, inner);
        return;
      }
      case 'CatchClause':
        return this.visitCatch(node, scope);
      case 'MemberExpression':
        this.visit(node.object, scope);
        if (node.computed) this.visit(node.property, scope);
        return;
      case 'Property':
        if (node.computed) this.visit(node.key, scope);
        return this.visit(node.value, scope);
      case 'AssignmentExpression':
        this.visitTarget(node.left, scope);
        return this.visit(node.right, scope);
      case 'UpdateExpression':
        return this.visitTarget(node.argument as Pattern, scope);
      case 'LabeledStatement':
        return this.visit(node.body, scope);
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
        return;
      default:
        forEachChild(node, (child) => this.visit(child, scope));
    }
  }

  private visitAll(nodes: readonly AnyNode[], scope: Scope): void {
    for (const node of nodes) this.visit(node, scope);
  }

  private reference(id: Identifier, scope: Scope, write: boolean): void {
    if (RESERVED_REFERENCE_NAMES.has(id.name)) {
      this.reporter.add(id, 'reserved-name', `'${id.name}' is a keyword in Espruino and cannot be used as a name`);
    }
    this.pending.push({ id, scope, write });
  }

  private declare(id: Identifier, scope: Scope, kind: BindingKind, options: DeclareOptions = {}): void {
    if (RESERVED_BINDING_NAMES.has(id.name)) {
      this.reporter.add(id, 'reserved-name', `'${id.name}' is a keyword in Espruino and cannot be declared`);
    }
    let binding = scope.names.get(id.name);
    if (binding) {
      binding.declarations++;
      if (options.hasInit || options.value) binding.writes++;
    } else {
      binding = {
        name: id.name,
        kind,
        unit: scope.unit,
        id,
        alwaysDeclared: options.alwaysDeclared ?? false,
        loop: options.loop ?? null,
        value: options.value ?? null,
        declarations: 1,
        writes: 0,
      };
      scope.names.set(id.name, binding);
    }
    this.info.declarations.set(id, binding);
  }

  /** Declares a pattern's names in `target`; its defaults and computed keys are evaluated in `scope`. */
  private declarePattern(pattern: Pattern, target: Scope, scope: Scope, kind: BindingKind, options: DeclareOptions): void {
    switch (pattern.type) {
      case 'Identifier':
        return this.declare(pattern, target, kind, options);
      case 'ObjectPattern':
        for (const prop of pattern.properties) {
          if (prop.type === 'RestElement') {
            this.declarePattern(prop.argument, target, scope, kind, options);
          } else {
            if (prop.computed) this.visit(prop.key, scope);
            this.declarePattern(prop.value, target, scope, kind, options);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) {
          if (element) this.declarePattern(element, target, scope, kind, options);
        }
        return;
      case 'RestElement':
        return this.declarePattern(pattern.argument, target, scope, kind, options);
      case 'AssignmentPattern':
        this.declarePattern(pattern.left, target, scope, kind, options);
        return this.visit(pattern.right, scope);
      case 'MemberExpression':
        return this.visit(pattern, scope);
    }
  }

  /** An assignment target: identifiers in it are references that write. */
  private visitTarget(target: Pattern, scope: Scope): void {
    switch (target.type) {
      case 'Identifier':
        return this.reference(target, scope, true);
      case 'ObjectPattern':
        for (const prop of target.properties) {
          if (prop.type === 'RestElement') {
            this.visitTarget(prop.argument, scope);
          } else {
            if (prop.computed) this.visit(prop.key, scope);
            this.visitTarget(prop.value, scope);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of target.elements) if (element) this.visitTarget(element, scope);
        return;
      case 'RestElement':
        return this.visitTarget(target.argument, scope);
      case 'AssignmentPattern':
        this.visitTarget(target.left, scope);
        return this.visit(target.right, scope);
      default:
        return this.visit(target, scope);
    }
  }

  private visitVariables(declaration: VariableDeclaration, scope: Scope, loop: LoopNode | null): void {
    const isVar = declaration.kind === 'var';
    const target = isVar ? scope.varScope() : scope;
    const kind: BindingKind = isVar ? 'var' : declaration.kind === 'let' ? 'let' : 'const';
    for (const declarator of declaration.declarations) {
      const init = declarator.init ?? null;
      const value = init && (isFunctionNode(init) || isClassNode(init)) ? init : null;
      this.declarePattern(declarator.id, target, scope, kind, {
        loop: isVar ? null : loop,
        value,
        hasInit: init !== null,
      });
      if (init) this.visit(init, scope);
    }
  }

  private visitFunction(fn: FunctionNode, scope: Scope): void {
    let outer = scope;
    if (fn.type === 'FunctionExpression' && fn.id) {
      // Measured: a named function expression can call itself by name.
      outer = new Scope(scope, scope.unit, false);
      this.declare(fn.id, outer, 'self', { alwaysDeclared: true, value: fn });
    }
    const inner = new Scope(outer, fn, true);
    for (const param of fn.params) this.declarePattern(param, inner, inner, 'param', { alwaysDeclared: true });
    this.info.units.push(fn);
    if (fn.body.type === 'BlockStatement') this.visitAll(fn.body.body, inner);
    else this.visit(fn.body, inner);
  }

  private visitClass(cls: ClassNode, scope: Scope): void {
    this.info.units.push(cls); // `new C()` runs the class as a unit
    if (cls.superClass) this.visit(cls.superClass, scope);
    let inner = scope;
    if (cls.type === 'ClassExpression' && cls.id) {
      // Measured: Espruino does not bind a class expression's own name inside the class;
      // the binding exists here only so uses of it can be reported.
      inner = new Scope(scope, scope.unit, false);
      this.declare(cls.id, inner, 'class-name', { alwaysDeclared: true, value: cls });
    }
    for (const member of cls.body.body) {
      if (member.type === 'StaticBlock') {
        const blockScope = new Scope(inner, member, true);
        this.info.units.push(member);
        this.visitAll(member.body, blockScope);
        continue;
      }
      if (member.computed) this.visit(member.key, inner);
      if (member.type === 'MethodDefinition') {
        if (member.kind === 'constructor') this.info.constructorOf.set(member.value, cls);
        this.visitFunction(member.value, inner);
      } else if (member.value) {
        this.visit(member.value, inner);
      }
    }
  }

  private visitLoop(loop: LoopNode, scope: Scope): void {
    const head = new Scope(scope, scope.unit, false);
    if (loop.type === 'ForStatement') {
      if (loop.init?.type === 'VariableDeclaration') this.visitVariables(loop.init, head, loop);
      else if (loop.init) this.visit(loop.init, head);
      if (loop.test) this.visit(loop.test, head);
      if (loop.update) this.visit(loop.update, head);
    } else {
      this.visit(loop.right, head);
      if (loop.left.type === 'VariableDeclaration') this.visitVariables(loop.left, head, loop);
      else this.visitTarget(loop.left, head);
    }
    this.visit(loop.body, head);
  }

  private visitCatch(clause: CatchClause, scope: Scope): void {
    const inner = new Scope(scope, scope.unit, false);
    if (clause.param) this.declarePattern(clause.param, inner, inner, 'catch', { alwaysDeclared: true });
    this.visit(clause.body, inner);
  }
}

// ---------------------------------------------------------------------------------------
// Pass 2: constructs
// ---------------------------------------------------------------------------------------

const PATTERN_GLUE = new Set(['Property', 'AssignmentPattern', 'RestElement']);

class ConstructChecker {
  private readonly staticsCache = new Map<ClassNode, Set<string>>();

  constructor(
    private readonly scopes: ScopeInfo,
    private readonly reporter: Reporter,
  ) {}

  check(program: Program): void {
    walk(program, (node, ancestors) => this.visit(node, ancestors));
  }

  private add(node: Located, construct: string, message: string): void {
    this.reporter.add(node, construct, message);
  }

  private visit(node: AnyNode, ancestors: readonly AnyNode[]): void {
    const parent = ancestors[ancestors.length - 1];
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.checkFunction(node);
      case 'ObjectPattern':
      case 'ArrayPattern':
        if (isOutermostPattern(ancestors)) this.add(node, 'destructuring', 'destructuring is a SyntaxError');
        return;
      case 'SpreadElement':
        return this.add(node, 'spread', 'spread (...) is a SyntaxError');
      case 'Property':
        if (parent?.type !== 'ObjectExpression') return;
        if (node.computed) this.add(node, 'computed-key', 'computed keys {[k]: v} are a SyntaxError');
        if (node.kind !== 'init') {
          this.add(node, 'object-accessor', `'${node.kind}' in an object literal: use Object.defineProperty or a class`);
        }
        return;
      case 'ChainExpression':
        return this.add(node, 'optional-chaining', 'optional chaining ?. is a SyntaxError');
      case 'BinaryExpression':
        if (node.operator === '**') this.add(node, 'exponent-operator', '** is a SyntaxError: use Math.pow');
        return;
      case 'AssignmentExpression':
        if (node.operator === '**=') this.add(node, 'exponent-operator', '**= is a SyntaxError: use Math.pow');
        if (node.operator === '&&=' || node.operator === '||=' || node.operator === '??=') {
          this.add(node, 'logical-assignment', `${node.operator} is a SyntaxError`);
        }
        return;
      case 'AwaitExpression':
        return this.add(node, 'async-await', 'await is not supported: use promise.then');
      case 'ForOfStatement':
        if (node.await) this.add(node, 'async-await', 'for await is not supported');
        return;
      case 'TaggedTemplateExpression':
        return this.add(node, 'tagged-template', 'tagged templates are a SyntaxError');
      case 'LabeledStatement':
        return this.add(node, 'labelled-statement', 'labels (and labelled break/continue) are not supported');
      case 'Literal':
        return this.checkLiteral(node);
      case 'TemplateElement':
        if (hasCodePointEscape(node.value.raw)) this.addCodePointEscape(node);
        return;
      case 'PrivateIdentifier':
        return this.add(node, 'private-field', `#${node.name}: private class members are not supported`);
      case 'MetaProperty':
        return this.add(node, 'meta-property', `${node.meta.name}.${node.property.name} is a SyntaxError`);
      case 'ClassDeclaration':
      case 'ClassExpression':
        return this.checkClass(node);
      case 'MemberExpression':
        return this.checkMember(node, parent);
      case 'CallExpression':
      case 'NewExpression':
        return this.checkCall(node);
      case 'Identifier':
        return this.checkIdentifier(node, ancestors);
    }
  }

  private checkFunction(fn: FunctionNode): void {
    for (const param of fn.params) {
      if (param.type === 'AssignmentPattern') {
        this.add(param, 'default-parameter', 'default parameters are a SyntaxError: test for undefined in the body');
      } else if (param.type === 'RestElement') {
        this.add(param, 'rest-parameter', 'rest parameters are a SyntaxError: use arguments');
      }
    }
    if (fn.generator) this.add(fn, 'generator', 'generators are not supported');
    if (fn.async) this.add(fn, 'async-await', 'async functions are not supported: use promises');
  }

  private checkLiteral(literal: Literal): void {
    if (literal.bigint !== undefined) this.add(literal, 'bigint', 'BigInt literals are not supported');
    if (literal.regex) {
      this.add(literal, 'regexp', 'regular expressions: lookahead, (?:), \\b, {n,m}, lazy and m-flag fail silently; avoid them');
    }
    if (typeof literal.value === 'string' && literal.raw && hasCodePointEscape(literal.raw)) {
      this.addCodePointEscape(literal);
    }
  }

  private addCodePointEscape(node: Located): void {
    this.add(node, 'code-point-escape', '\\u{...} escapes are an error: use \\uXXXX');
  }

  private checkClass(cls: ClassNode): void {
    this.checkSuperClass(cls);
    for (const member of cls.body.body) {
      if (member.type === 'StaticBlock') {
        this.add(member, 'static-block', 'static blocks are a SyntaxError');
        continue;
      }
      if (member.computed) this.add(member, 'computed-key', 'computed class member names are a SyntaxError');
      this.checkMemberName(member);
      if (member.type === 'PropertyDefinition') this.checkField(member);
    }
  }

  private checkSuperClass(cls: ClassNode): void {
    const superClass = cls.superClass;
    if (!superClass) return;
    if (superClass.type !== 'Identifier') {
      this.add(superClass, 'extends-expression', "'extends' must be followed by a plain class name");
    } else if (ERROR_CLASSES.has(superClass.name) && this.isGlobal(superClass)) {
      this.add(superClass, 'extends-error', `extending ${superClass.name} fails ("Calling 'super' outside of class"): wrap an Error instead`);
    }
  }

  private checkMemberName(member: MethodDefinition | PropertyDefinition): void {
    if (member.computed || member.key.type === 'PrivateIdentifier') return;
    const key = member.key;
    if (key.type === 'Literal') {
      this.add(key, 'class-member-name', 'class members must be named by a plain identifier, not a string or number');
    } else if (key.type === 'Identifier' && ESPRUINO_KEYWORDS.has(key.name)) {
      this.add(key, 'class-member-name', `'${key.name}' is a keyword in Espruino and cannot name a class member`);
    }
  }

  /** Measured: Espruino evaluates field initialisers once, at class definition, onto the prototype. */
  private checkField(field: PropertyDefinition): void {
    if (!field.value) {
      this.add(field, 'class-field-no-initializer', 'a class field without "= value" is a SyntaxError');
    } else if (!field.static && !isPrimitiveValue(field.value)) {
      this.add(field.value, 'class-field-shared-value',
        'instance field initialisers run once, at class definition, and live on the prototype: every instance shares this value; assign it in the constructor');
    }
  }

  private checkMember(member: MemberExpression, parent: AnyNode | undefined): void {
    const name = propertyName(member);
    if (name === null) return;
    if (name === 'toPrecision') this.add(member.property, 'to-precision', 'toPrecision is not supported: use toFixed');
    this.checkUnsupportedMember(member, name, parent);
    this.checkPrototypeRead(member, name, parent);
    this.checkInheritedStatic(member, name);
  }

  private checkUnsupportedMember(member: MemberExpression, name: string, parent: AnyNode | undefined): void {
    const object = member.object;
    const owner = object.type === 'Identifier' && this.isGlobal(object) ? object.name : null;
    if (owner !== null && UNSUPPORTED_STATICS.get(owner)?.has(name)) {
      this.add(member.property, 'unsupported-builtin', `${owner}.${name} does not exist in Espruino`);
      return;
    }
    if (owner === 'Object' || owner === 'Array' || owner === 'Number' || owner === 'Math' || owner === 'JSON') return;
    if (UNSUPPORTED_METHODS.has(name)) {
      this.add(member.property, 'unsupported-builtin', `.${name}() does not exist on Espruino's built-ins`);
    } else if (name === 'lastIndexOf' && !isStringValued(object)) {
      // Strings have lastIndexOf; arrays and typed arrays do not, and the receiver's type is unknown here.
      this.add(member.property, 'unsupported-builtin', '.lastIndexOf() does not exist on arrays in Espruino (only on strings)');
    } else if (UNSUPPORTED_ITERATOR_METHODS.has(name) && isZeroArgumentCall(member, parent)) {
      this.add(member.property, 'unsupported-builtin', `.${name}() iterators do not exist in Espruino: use Object.${name}`);
    }
  }

  /** Measured: `Array.prototype.slice` and most such reads are undefined on the device. */
  private checkPrototypeRead(member: MemberExpression, name: string, parent: AnyNode | undefined): void {
    const object = member.object;
    if (object.type !== 'MemberExpression' || propertyName(object) !== 'prototype') return;
    const ctor = object.object;
    if (ctor.type !== 'Identifier' || !BUILTIN_CONSTRUCTORS.has(ctor.name) || !this.isGlobal(ctor)) return;
    if (isWriteTarget(member, parent)) return;
    const path = `${ctor.name}.prototype.${name}`;
    if (WORKING_PROTOTYPE_READS.has(path)) return;
    this.add(member, 'prototype-read', `${path} evaluates to undefined in Espruino: call the method on an instance, e.g. [].slice.call(x)`);
  }

  private checkInheritedStatic(member: MemberExpression, name: string): void {
    if (member.object.type !== 'Identifier' || FUNCTION_OWN_MEMBERS.has(name)) return;
    const cls = knownClass(this.scopes.refs.get(member.object));
    if (!cls || this.staticNames(cls).has(name)) return;
    const seen = new Set<ClassNode>([cls]);
    for (let ancestor = this.superClassOf(cls); ancestor && !seen.has(ancestor); ancestor = this.superClassOf(ancestor)) {
      seen.add(ancestor);
      if (this.staticNames(ancestor).has(name)) {
        const where = ancestor.id ? ancestor.id.name : 'its superclass';
        this.add(member, 'inherited-static',
          `${member.object.name}.${name} is a static of ${where}; Espruino does not inherit statics: use ${where}.${name}`);
        return;
      }
    }
  }

  private superClassOf(cls: ClassNode): ClassNode | null {
    const superClass = cls.superClass;
    return superClass?.type === 'Identifier' ? knownClass(this.scopes.refs.get(superClass)) : null;
  }

  private staticNames(cls: ClassNode): Set<string> {
    let names = this.staticsCache.get(cls);
    if (!names) {
      names = new Set();
      for (const member of cls.body.body) {
        if (member.type === 'StaticBlock' || !member.static) continue;
        const name = memberKeyName(member);
        if (name !== null) names.add(name);
      }
      this.staticsCache.set(cls, names);
    }
    return names;
  }

  private checkCall(call: CallExpression | NewExpression): void {
    const callee = call.callee;
    if (callee.type === 'Identifier' && callee.name === 'RegExp' && this.isGlobal(callee)) {
      this.add(callee, 'regexp', 'RegExp: lookahead, (?:), \\b, {n,m}, lazy and m-flag fail silently; avoid regular expressions');
    }
    if (
      callee.type === 'MemberExpression' &&
      callee.object.type === 'Identifier' &&
      callee.object.name === 'JSON' &&
      this.isGlobal(callee.object) &&
      propertyName(callee) === 'stringify' &&
      call.arguments.length >= 3
    ) {
      this.add(call, 'json-indent', "JSON.stringify's indent argument formats differently from Node: format text explicitly");
    }
  }

  private checkIdentifier(id: Identifier, ancestors: readonly AnyNode[]): void {
    const binding = this.scopes.refs.get(id);
    if (binding === undefined) return; // not in reference position
    if (binding === null) {
      const parent = ancestors[ancestors.length - 1];
      const isTypeofOperand = parent?.type === 'UnaryExpression' && parent.operator === 'typeof';
      if (UNSUPPORTED_GLOBALS.has(id.name) && !isTypeofOperand) {
        this.add(id, 'unsupported-global', `${id.name} does not exist in Espruino`);
      }
      return;
    }
    if (binding.kind === 'class-name') {
      this.add(id, 'class-expression-name', `Espruino does not bind the class expression's name '${id.name}' inside it: use the variable it is assigned to`);
    }
    if (binding.loop) this.checkLoopClosure(id, binding, binding.loop, ancestors);
  }

  /** A function created in the loop that uses the loop's binding sees only its last value. */
  private checkLoopClosure(id: Identifier, binding: Binding, loop: LoopNode, ancestors: readonly AnyNode[]): void {
    const loopIndex = ancestors.lastIndexOf(loop);
    if (loopIndex < 0) return;
    for (let i = loopIndex + 1; i < ancestors.length; i++) {
      const node = ancestors[i]!;
      if (isFunctionNode(node) || isClassNode(node)) {
        this.add(node, 'loop-closure',
          `this function uses '${binding.name}' from the enclosing for (${binding.kind} ...) loop: Espruino shares one binding across iterations, so it sees the last value (line ${lineOf(id)})`);
        return;
      }
    }
  }

  private isGlobal(id: Identifier): boolean {
    return this.scopes.refs.get(id) === null;
  }
}

/** True for the outermost pattern of a destructuring (nested ones are reported with it). */
function isOutermostPattern(ancestors: readonly AnyNode[]): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i]!;
    if (PATTERN_GLUE.has(node.type)) continue;
    return node.type !== 'ObjectPattern' && node.type !== 'ArrayPattern';
  }
  return true;
}

function hasCodePointEscape(raw: string): boolean {
  return /(^|[^\\])(\\\\)*\\u\{/.test(raw);
}

/** A value that is the same whether shared on a prototype or copied per instance. */
function isPrimitiveValue(value: Expression): boolean {
  switch (value.type) {
    case 'Literal':
      return !value.regex;
    case 'TemplateLiteral':
      return value.expressions.length === 0;
    case 'UnaryExpression':
      return value.argument.type === 'Literal' && !value.argument.regex;
    case 'Identifier':
      return value.name === 'undefined' || value.name === 'NaN' || value.name === 'Infinity';
    default:
      return false;
  }
}

function isStringValued(node: Expression | Super): boolean {
  return (node.type === 'Literal' && typeof node.value === 'string') || node.type === 'TemplateLiteral';
}

function isZeroArgumentCall(member: MemberExpression, parent: AnyNode | undefined): boolean {
  return parent?.type === 'CallExpression' && parent.callee === member && parent.arguments.length === 0;
}

function isWriteTarget(member: MemberExpression, parent: AnyNode | undefined): boolean {
  if (!parent) return false;
  if (parent.type === 'AssignmentExpression') return parent.left === member;
  if (parent.type === 'UpdateExpression') return true;
  return parent.type === 'UnaryExpression' && parent.operator === 'delete';
}

// ---------------------------------------------------------------------------------------
// Pass 3: declaration order
// ---------------------------------------------------------------------------------------

/** A call, made while a unit runs, that certainly runs `callee` before it returns. */
interface CallEvent {
  readonly callee: Unit;
  /** How the chain in a message names the callee; '' adds no name (a class's constructor). */
  readonly name: string;
  readonly site: Located;
  /** The caller's declaration clock at the call: what it had declared by then. */
  readonly time: number;
}

/** What one walk of a unit's code found. */
interface UnitRun {
  readonly unit: Unit;
  /** Own bindings, with the clock value at which each was first declared. */
  readonly declaredAt: Map<Binding, number>;
  clock: number;
  /** Bindings of enclosing units that the unit's own code uses as it runs. */
  readonly uses: Set<Binding>;
  readonly calls: CallEvent[];
  /**
   * For each enclosing unit, the latest declaration time, in that unit's clock, of the
   * bindings it must have declared before this unit runs (Infinity: one is never declared);
   * includes what callees need. Keeping only the latest time, not the bindings, keeps this
   * small on bundles with thousands of functions; the bindings are found again by a search
   * only where a call site fails.
   */
  readonly needs: Map<Unit, number>;
}

interface CallTarget {
  unit: Unit;
  name: string;
}

/**
 * Espruino hoists nothing, so a binding must be declared, in execution order, before any
 * code that runs uses it. Three steps:
 *  1. walk each unit's code once, in execution order, keeping a clock of its own
 *     declarations; creating a function does not run it, but a call known to run a unit
 *     (a function known by its binding, an IIFE, `new` of a known class, a callback handed
 *     to an array method, a static method) is recorded with the clock at the call;
 *  2. propagate what each unit needs up the call graph to a fixpoint (exact for recursion);
 *  3. at each recorded call, what the callee needs of the caller's own bindings must have
 *     been declared by then.
 * Branches are walked in source order as if all were taken: a declaration in an `if`
 * counts as made for the code after it.
 */
class OrderChecker {
  private readonly runs = new Map<Unit, UnitRun>();
  private readonly reported = new Set<string>();
  private run: UnitRun | null = null;

  constructor(
    private readonly scopes: ScopeInfo,
    private readonly reporter: Reporter,
  ) {}

  check(program: Program): void {
    // Functions never called at load time still run later: each is walked on its own.
    for (const unit of [program, ...this.scopes.units]) this.simulate(unit);
    for (const run of this.runs.values()) {
      for (const binding of run.uses) raise(run.needs, binding.unit, this.declaredTime(binding));
    }
    this.propagate();
    for (const run of this.runs.values()) this.checkCalls(run);
  }

  private simulate(unit: Unit): void {
    const run: UnitRun = { unit, declaredAt: new Map(), clock: 0, uses: new Set(), calls: [], needs: new Map() };
    this.run = run;
    this.runUnit(unit);
    this.run = null;
    this.runs.set(unit, run);
  }

  private runUnit(unit: Unit): void {
    switch (unit.type) {
      case 'Program':
      case 'StaticBlock':
        return this.execAll(unit.body);
      case 'ClassDeclaration':
      case 'ClassExpression':
        return this.runConstructor(unit);
      default:
        for (const param of unit.params) this.execPatternParts(param);
        if (unit.body.type === 'BlockStatement') this.execAll(unit.body.body);
        else this.exec(unit.body);
    }
  }

  /** `new C()`: the constructor runs; without one, the superclass's constructor does. */
  private runConstructor(cls: ClassNode): void {
    const ctor = cls.body.body.find(
      (member): member is MethodDefinition => member.type === 'MethodDefinition' && member.kind === 'constructor',
    );
    if (ctor) {
      this.recordCall({ unit: ctor.value, name: '' }, cls);
      return;
    }
    const parent = this.superTarget(cls);
    if (parent) this.recordCall(parent, cls);
  }

  /** When a binding's own unit declares it, in that unit's clock; Infinity if it never does. */
  private declaredTime(binding: Binding): number {
    return this.runs.get(binding.unit)?.declaredAt.get(binding) ?? Infinity;
  }

  private propagate(): void {
    const callers = new Map<Unit, UnitRun[]>();
    for (const run of this.runs.values()) {
      for (const call of run.calls) {
        const list = callers.get(call.callee) ?? [];
        list.push(run);
        callers.set(call.callee, list);
      }
    }
    const queue = [...this.runs.values()];
    const queued = new Set(queue);
    while (queue.length > 0) {
      const callee = queue.pop()!;
      queued.delete(callee);
      for (const caller of callers.get(callee.unit) ?? []) {
        if (this.inherit(caller, callee) && !queued.has(caller)) {
          queue.push(caller);
          queued.add(caller);
        }
      }
    }
  }

  /** The caller needs what the callee needs from units other than the caller itself. */
  private inherit(caller: UnitRun, callee: UnitRun): boolean {
    let grew = false;
    for (const [owner, time] of callee.needs) {
      if (owner !== caller.unit && raise(caller.needs, owner, time)) grew = true;
    }
    return grew;
  }

  private checkCalls(run: UnitRun): void {
    for (const call of run.calls) {
      const need = this.runs.get(call.callee)?.needs.get(run.unit);
      if (need !== undefined && need > call.time) {
        this.findLateUses(run, call, call.callee, withLink(call.name, []), new Set());
      }
    }
  }

  /** Reports the caller's bindings that `unit` (reached by `chain`) uses but that are not declared at `call`. */
  private findLateUses(caller: UnitRun, call: CallEvent, unit: Unit, chain: readonly string[], seen: Set<Unit>): void {
    seen.add(unit);
    const run = this.runs.get(unit);
    if (!run) return;
    for (const binding of run.uses) {
      if (binding.unit === caller.unit) this.checkDeclared(caller, binding, call.site, call.time, chain);
    }
    for (const inner of run.calls) {
      const need = this.runs.get(inner.callee)?.needs.get(caller.unit);
      if (need !== undefined && need > call.time && !seen.has(inner.callee)) {
        this.findLateUses(caller, call, inner.callee, withLink(inner.name, chain, true), seen);
      }
    }
  }

  private checkDeclared(run: UnitRun, binding: Binding, site: Located, time: number, chain: readonly string[]): void {
    const declaredAt = run.declaredAt.get(binding);
    if (declaredAt !== undefined && declaredAt <= time) return;
    const key = `${site.start}|${binding.id.start}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const where = `its declaration (line ${lineOf(binding.id)})`;
    const what = chain.length > 0
      ? `this call runs ${chain.join(' -> ')}, which uses '${binding.name}' before ${where} has run`
      : `'${binding.name}' is used before ${where} has run`;
    this.reporter.add(site, 'use-before-declaration', `${what}; Espruino hoists nothing`);
  }

  private current(): UnitRun {
    if (!this.run) throw new Error('dialect: no unit is being walked');
    return this.run;
  }

  /** A use of `binding` by the running unit's own code. */
  private use(binding: Binding, site: Located): void {
    if (binding.alwaysDeclared) return;
    const run = this.current();
    if (binding.unit === run.unit) this.checkDeclared(run, binding, site, run.clock, []);
    else run.uses.add(binding);
  }

  private recordCall(target: CallTarget, site: Located): void {
    const run = this.current();
    run.calls.push({ callee: target.unit, name: target.name, site, time: run.clock });
  }

  private declare(id: Identifier): void {
    const binding = this.scopes.declarations.get(id);
    const run = this.current();
    if (!binding || binding.unit !== run.unit || run.declaredAt.has(binding)) return;
    run.clock++;
    run.declaredAt.set(binding, run.clock);
  }

  private execAll(nodes: readonly AnyNode[]): void {
    for (const node of nodes) this.exec(node);
  }

  private exec(node: AnyNode): void {
    switch (node.type) {
      case 'Identifier': {
        const binding = this.scopes.refs.get(node);
        if (binding) this.use(binding, node);
        return;
      }
      case 'FunctionDeclaration':
        if (node.id) this.declare(node.id);
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return; // created, not run
      case 'ClassDeclaration':
        // Measured: static initialisers run before the class name is bound.
        this.defineClass(node);
        if (node.id) this.declare(node.id);
        return;
      case 'ClassExpression':
        return this.defineClass(node);
      case 'VariableDeclaration':
        return this.execVariables(node);
      case 'CallExpression':
      case 'NewExpression':
        return this.execCall(node);
      case 'MemberExpression':
        this.exec(node.object);
        if (node.computed) this.exec(node.property);
        return;
      case 'Property':
        if (node.computed) this.exec(node.key);
        return this.exec(node.value);
      case 'AssignmentExpression':
        this.execTarget(node.left);
        return this.exec(node.right);
      case 'ForStatement':
        for (const part of [node.init, node.test, node.body, node.update]) if (part) this.exec(part);
        return;
      case 'ForInStatement':
      case 'ForOfStatement':
        this.exec(node.right);
        if (node.left.type === 'VariableDeclaration') this.execVariables(node.left);
        else this.execTarget(node.left);
        return this.exec(node.body);
      case 'LabeledStatement':
        return this.exec(node.body);
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
      case 'Literal':
      case 'ThisExpression':
      case 'Super':
      case 'TemplateElement':
      case 'PrivateIdentifier':
        return;
      default:
        forEachChild(node, (child) => this.exec(child));
    }
  }

  /** Measured: the variable exists before its initialiser runs (`var x = x || {}` works). */
  private execVariables(declaration: VariableDeclaration): void {
    const early = declaration.kind === 'var';
    for (const declarator of declaration.declarations) {
      const ids = patternIdentifiers(declarator.id);
      if (early) ids.forEach((id) => this.declare(id));
      if (declarator.init) this.exec(declarator.init);
      this.execPatternParts(declarator.id);
      if (!early) ids.forEach((id) => this.declare(id));
    }
  }

  /** The expressions inside a binding pattern: defaults and computed keys. */
  private execPatternParts(pattern: Pattern): void {
    switch (pattern.type) {
      case 'ObjectPattern':
        for (const prop of pattern.properties) {
          if (prop.type === 'RestElement') continue;
          if (prop.computed) this.exec(prop.key);
          this.execPatternParts(prop.value);
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) this.execPatternParts(element);
        return;
      case 'AssignmentPattern':
        this.execPatternParts(pattern.left);
        return this.exec(pattern.right);
      case 'RestElement':
        return this.execPatternParts(pattern.argument);
      default:
        return;
    }
  }

  private execTarget(target: Pattern): void {
    switch (target.type) {
      case 'ObjectPattern':
        for (const prop of target.properties) {
          if (prop.type === 'RestElement') {
            this.execTarget(prop.argument);
          } else {
            if (prop.computed) this.exec(prop.key);
            this.execTarget(prop.value);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of target.elements) if (element) this.execTarget(element);
        return;
      case 'RestElement':
        return this.execTarget(target.argument);
      case 'AssignmentPattern':
        this.execTarget(target.left);
        return this.exec(target.right);
      default:
        return this.exec(target);
    }
  }

  /** Measured: Espruino evaluates all field initialisers, static or not, at class definition. */
  private defineClass(cls: ClassNode): void {
    if (cls.superClass) this.exec(cls.superClass);
    for (const member of cls.body.body) {
      if (member.type === 'StaticBlock') {
        this.recordCall({ unit: member, name: 'static block' }, member);
        continue;
      }
      if (member.computed) this.exec(member.key);
      if (member.type === 'PropertyDefinition' && member.value) this.exec(member.value);
    }
  }

  private execCall(call: CallExpression | NewExpression): void {
    this.exec(call.callee);
    this.execAll(call.arguments);
    for (const target of this.callTargets(call)) this.recordCall(target, call);
  }

  /** The units a call certainly runs before it returns. */
  private callTargets(call: CallExpression | NewExpression): CallTarget[] {
    const callee = call.callee;
    const isNew = call.type === 'NewExpression';
    if (callee.type === 'Super') {
      const cls = this.scopes.constructorOf.get(this.current().unit as FunctionNode);
      const parent = cls ? this.superTarget(cls) : null;
      return parent ? [parent] : [];
    }
    const direct = this.runnable(callee, isNew);
    if (direct) return [direct];
    if (isNew && callee.type === 'Identifier' && callee.name === 'Promise' && this.scopes.refs.get(callee) === null) {
      const executor = call.arguments[0] && this.runnable(call.arguments[0], false, 'Promise executor');
      return executor ? [executor] : [];
    }
    if (callee.type === 'MemberExpression') return this.methodCallTargets(call, callee);
    return [];
  }

  private methodCallTargets(call: CallExpression | NewExpression, callee: MemberExpression): CallTarget[] {
    const method = propertyName(callee);
    if (method === null || callee.object.type === 'Super') return [];
    if (method === 'call' || method === 'apply') {
      const fn = this.runnable(callee.object, false);
      return fn ? [fn] : [];
    }
    if (RUNS_CALLBACK_NOW.has(method)) {
      const out: CallTarget[] = [];
      for (const arg of call.arguments) {
        const fn = this.runnable(arg, false, `${method} callback`);
        if (fn) out.push(fn);
      }
      return out;
    }
    const staticMethod = this.staticMethod(callee.object, method);
    return staticMethod ? [staticMethod] : [];
  }

  /** `K.m` where K is a known class with its own static method m. */
  private staticMethod(object: Expression, name: string): CallTarget | null {
    if (object.type !== 'Identifier') return null;
    const cls = knownClass(this.scopes.refs.get(object));
    if (!cls) return null;
    for (const member of cls.body.body) {
      if (member.type === 'MethodDefinition' && member.static && member.kind === 'method' && memberKeyName(member) === name) {
        return { unit: member.value, name: `${object.name}.${name}` };
      }
    }
    return null;
  }

  /** The unit an expression runs when called (or constructed), if it is known. */
  private runnable(expr: AnyNode, isNew: boolean, role = 'function expression'): CallTarget | null {
    if (expr.type === 'FunctionExpression' || expr.type === 'ArrowFunctionExpression') {
      const name = expr.type === 'FunctionExpression' && expr.id ? expr.id.name : role;
      return { unit: expr, name };
    }
    if (expr.type === 'ClassExpression') return isNew ? { unit: expr, name: 'new class' } : null;
    if (expr.type !== 'Identifier') return null;
    const value = knownValue(this.scopes.refs.get(expr));
    if (!value) return null;
    if (isFunctionNode(value)) return { unit: value, name: expr.name };
    return isNew ? { unit: value, name: `new ${expr.name}` } : null;
  }

  private superTarget(cls: ClassNode): CallTarget | null {
    const superClass = cls.superClass;
    if (superClass?.type !== 'Identifier') return null;
    const value = knownValue(this.scopes.refs.get(superClass));
    return value ? { unit: value, name: `super (${superClass.name})` } : null;
  }
}
