// A rollup output plugin, run on the bundle before the minifier: the built-ins the bundle
// names many times are named once, in variables at the top of its function, which the
// minifier then shortens. `new Float64Array(n)` is 16 bytes of the bundle each time;
// `new a(n)` is 8. The interpreter looks a name up scope by scope, walking each scope's
// variables in the order they were made: these are the bundle function's first, found at
// once, where the built-in itself is found only after every module-level name was passed.
import { transformSync } from '@babel/core';

export const ALIASED_GLOBALS = ['Float64Array', 'Uint8Array', 'Uint16Array', 'Int16Array', 'Math', 'NaN'];

function aliasPlugin({ types: t }) {
  return {
    name: 'bundle-global-alias',
    visitor: {
      Program(program) {
        // The bundle is one function expression called at once: `(function () { ... })();`,
        // or for a module `var module = (function () { ... })();`.
        const statement = program.get('body')[0];
        const wrapper = statement.isVariableDeclaration() ? statement.get('declarations')[0].get('init') : statement.get('expression');
        const fn = wrapper.isCallExpression() ? wrapper.get('callee') : wrapper.get('argument').get('callee');
        if (!fn.isFunctionExpression()) throw new Error('bundle-global-alias: the bundle is not one function expression');
        const declarations = [];
        for (const name of ALIASED_GLOBALS) {
          const uses = [];
          fn.traverse({
            Identifier(p) {
              if (p.node.name === name && p.isReferencedIdentifier() && !p.scope.hasBinding(name, true)) uses.push(p);
            },
          });
          if (uses.length < 2) continue;
          const id = fn.scope.generateUidIdentifier(name);
          for (const p of uses) p.replaceWith(t.identifier(id.name));
          declarations.push(t.variableDeclarator(id, t.identifier(name)));
        }
        if (declarations.length) fn.get('body').unshiftContainer('body', t.variableDeclaration('var', declarations));
      },
    },
  };
}

/** The plugin; place it before the minifier in `output.plugins`. */
export function bundleGlobalAlias() {
  return {
    name: 'bundle-global-alias',
    renderChunk(code) {
      const out = transformSync(code, { babelrc: false, configFile: false, compact: false, sourceType: 'script', plugins: [aliasPlugin] });
      return { code: out.code, map: null };
    },
  };
}
