// Babel plugin: in a method that reads `this` many times, read it once into a local.
// The minifier shortens a local to one letter but cannot shorten `this`: each use then
// costs 1 byte of text instead of 4.
const MIN_USES = 4;

module.exports = function thisAlias({ types: t }) {
  function collect(fnPath) {
    const uses = [];
    fnPath.get('body').traverse({
      ThisExpression(p) { uses.push(p); },
      // A nested function has its own `this`; an arrow function shares it.
      'FunctionDeclaration|FunctionExpression|ClassMethod|ClassPrivateMethod|ObjectMethod|ClassProperty'(p) { p.skip(); },
    });
    return uses;
  }
  function alias(fnPath) {
    if (fnPath.node.body.type !== 'BlockStatement') return;
    const uses = collect(fnPath);
    if (uses.length < MIN_USES) return;
    const id = fnPath.scope.generateUidIdentifier('self');
    for (const u of uses) u.replaceWith(t.identifier(id.name));
    fnPath.get('body').unshiftContainer('body', t.variableDeclaration('var', [t.variableDeclarator(id, t.thisExpression())]));
  }
  return {
    name: 'this-alias',
    visitor: {
      'ClassMethod|FunctionDeclaration|FunctionExpression|ObjectMethod': {
        exit(p) { alias(p); },
      },
    },
  };
};
