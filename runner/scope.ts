// Finds, in a parsed ES module, the places the transform must rewrite:
// references to imported bindings (respecting every kind of shadowing),
// `import.meta`, `import()` and whether the module uses top-level await.
// Two passes: the first records which names each scope declares (so a `var`
// or function declared later in a function still shadows earlier uses), the
// second walks references with those scopes in hand.
import type { AnyNode, Identifier, ImportExpression, MetaProperty, Pattern, Program } from 'acorn';

export interface ImportReference {
  node: Identifier;
  /** `{ x }` in an object literal or pattern: the rewrite must add the key. */
  shorthand: boolean;
  /** `x()` or x`…`: the rewrite must keep `this` undefined. */
  callee: boolean;
}

export interface ScopeFindings {
  references: ImportReference[];
  /** `arguments` outside any non-arrow function: in a module that is a global lookup, not the wrapper's arguments. */
  moduleArguments: Array<{ node: Identifier; typeofOperand: boolean }>;
  metas: MetaProperty[];
  dynamicImports: ImportExpression[];
  topLevelAwait: boolean;
}

interface Scope {
  parent: Scope | undefined;
  names: Set<string>;
  /** Function scopes (and the module scope) receive `var` declarations. */
  functionLike: boolean;
  /** A non-arrow function's scope: it has its own `arguments`. */
  ownArguments?: boolean;
}

type Visitable = AnyNode & Record<string, unknown>;

function isNode(value: unknown): value is Visitable {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function eachChild(node: AnyNode, visit: (child: Visitable, key: string) => void): void {
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'range') continue;
    const value = (node as Visitable)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, key);
    } else if (isNode(value)) visit(value, key);
  }
}

/** Every name a binding pattern declares. */
export function patternNames(pattern: Pattern | AnyNode, out: string[] = []): string[] {
  switch (pattern.type) {
    case 'Identifier': out.push(pattern.name); break;
    case 'ObjectPattern':
      for (const prop of pattern.properties) patternNames(prop.type === 'RestElement' ? prop.argument : prop.value, out);
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) patternNames(element, out);
      break;
    case 'RestElement': patternNames(pattern.argument, out); break;
    case 'AssignmentPattern': patternNames(pattern.left, out); break;
    default: break;
  }
  return out;
}

function functionScope(scope: Scope): Scope {
  let current = scope;
  while (!current.functionLike && current.parent) current = current.parent;
  return current;
}

const isFunction = (node: AnyNode): boolean =>
  node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';

/**
 * Pass 1: builds the scope tree. Returns the scope each scope-creating node
 * opens, so pass 2 can follow the same tree.
 */
function collectScopes(program: Program): { top: Scope; scopes: Map<AnyNode, Scope> } {
  const scopes = new Map<AnyNode, Scope>();
  const top: Scope = { parent: undefined, names: new Set(), functionLike: true };
  const open = (node: AnyNode, parent: Scope, functionLike: boolean): Scope => {
    const scope: Scope = { parent, names: new Set(), functionLike };
    scopes.set(node, scope);
    return scope;
  };

  const visit = (node: AnyNode, scope: Scope): void => {
    switch (node.type) {
      case 'VariableDeclaration': {
        const target = node.kind === 'var' ? functionScope(scope) : scope;
        for (const declarator of node.declarations) for (const name of patternNames(declarator.id)) target.names.add(name);
        break;
      }
      case 'FunctionDeclaration':
        if (node.id) scope.names.add(node.id.name);
        break;
      case 'ClassDeclaration':
        if (node.id) scope.names.add(node.id.name);
        break;
      default: break;
    }

    if (isFunction(node)) {
      const fn = node as Extract<AnyNode, { type: 'FunctionExpression' | 'FunctionDeclaration' | 'ArrowFunctionExpression' }>;
      let outer = scope;
      // A named function expression sees its own name in a scope of its own.
      if (fn.type === 'FunctionExpression' && fn.id) {
        outer = open(fn.id, scope, false);
        outer.names.add(fn.id.name);
      }
      // Parameters have a scope of their own: a default value cannot see the body's declarations.
      const params = open(fn, outer, false);
      const ownArguments = fn.type !== 'ArrowFunctionExpression';
      params.ownArguments = ownArguments;
      for (const param of fn.params) for (const name of patternNames(param)) params.names.add(name);
      for (const param of fn.params) visit(param, params);
      if (fn.body.type === 'BlockStatement') {
        const body = open(fn.body, params, true);
        body.ownArguments = ownArguments;
        for (const statement of fn.body.body) visit(statement, body);
      } else visit(fn.body, params);
      return;
    }
    if (node.type === 'ClassExpression' && node.id) {
      const inner = open(node, scope, false);
      inner.names.add(node.id.name);
      eachChild(node, (child) => visit(child, inner));
      return;
    }
    if (node.type === 'StaticBlock') {
      const inner = open(node, scope, true);
      for (const statement of node.body) visit(statement, inner);
      return;
    }
    if (node.type === 'CatchClause') {
      const inner = open(node, scope, false);
      if (node.param) for (const name of patternNames(node.param)) inner.names.add(name);
      eachChild(node, (child) => visit(child, inner));
      return;
    }
    if (
      node.type === 'BlockStatement' || node.type === 'ForStatement' || node.type === 'ForInStatement' ||
      node.type === 'ForOfStatement' || node.type === 'SwitchStatement'
    ) {
      const inner = open(node, scope, false);
      eachChild(node, (child) => visit(child, inner));
      return;
    }
    eachChild(node, (child) => visit(child, scope));
  };

  for (const statement of program.body) visit(statement, top);
  return { top, scopes };
}

/** Pass 2: finds the rewrites. `imported` holds the module's import binding names. */
export function analyse(program: Program, imported: ReadonlySet<string>): ScopeFindings {
  const { top, scopes } = collectScopes(program);
  const findings: ScopeFindings = { references: [], moduleArguments: [], metas: [], dynamicImports: [], topLevelAwait: false };

  const shadowed = (name: string, scope: Scope): boolean => {
    for (let current: Scope | undefined = scope; current && current !== top; current = current.parent) {
      if (current.names.has(name)) return true;
    }
    return false;
  };
  const moduleArguments = (node: Identifier, scope: Scope, typeofOperand: boolean): void => {
    for (let current: Scope | undefined = scope; current; current = current.parent) if (current.ownArguments) return;
    findings.moduleArguments.push({ node, typeofOperand });
  };
  const reference = (node: Identifier, scope: Scope, shorthand: boolean, callee = false): void => {
    if (node.name === 'arguments') moduleArguments(node, scope, false);
    if (imported.has(node.name) && !shadowed(node.name, scope)) findings.references.push({ node, shorthand, callee });
  };

  const visit = (node: Visitable, scope: Scope, inFunction: boolean): void => {
    const inner = scopes.get(node) ?? scope;
    const childFunction = inFunction || isFunction(node) || node.type === 'StaticBlock' ||
      node.type === 'PropertyDefinition';
    switch (node.type) {
      case 'Identifier':
        reference(node, scope, false);
        return;
      case 'UnaryExpression':
        if (node.operator === 'typeof' && node.argument.type === 'Identifier' && node.argument.name === 'arguments') {
          moduleArguments(node.argument, scope, true);
          return;
        }
        break;
      case 'CallExpression':
        if (node.callee.type === 'Identifier') {
          reference(node.callee, scope, false, true);
          for (const argument of node.arguments) visit(argument as Visitable, inner, inFunction);
          return;
        }
        break;
      case 'TaggedTemplateExpression':
        if (node.tag.type === 'Identifier') {
          reference(node.tag, scope, false, true);
          visit(node.quasi as Visitable, inner, inFunction);
          return;
        }
        break;
      case 'MemberExpression':
        visit(node.object as Visitable, inner, inFunction);
        if (node.computed) visit(node.property as Visitable, inner, inFunction);
        return;
      case 'Property': {
        if (node.computed) visit(node.key as Visitable, inner, inFunction);
        const value = node.value as AnyNode;
        if (node.shorthand) {
          const id = value.type === 'AssignmentPattern' ? value.left : value;
          if (id.type === 'Identifier') {
            reference(id, scope, true);
            if (value.type === 'AssignmentPattern') visit(value.right as Visitable, inner, inFunction);
            return;
          }
        }
        visit(value as Visitable, inner, inFunction);
        return;
      }
      case 'MethodDefinition':
      case 'PropertyDefinition':
        if (node.computed) visit(node.key as Visitable, inner, inFunction);
        if (node.value) visit(node.value as Visitable, inner, childFunction);
        return;
      case 'LabeledStatement':
        visit(node.body as Visitable, inner, inFunction);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
        return;
      case 'ExportNamedDeclaration':
        if (node.declaration) visit(node.declaration as Visitable, inner, inFunction);
        return;
      case 'MetaProperty':
        if (node.meta.name === 'import') findings.metas.push(node);
        return;
      case 'ImportExpression':
        findings.dynamicImports.push(node);
        break;
      case 'AwaitExpression':
        if (!inFunction) findings.topLevelAwait = true;
        break;
      case 'ForOfStatement':
        if (node.await && !inFunction) findings.topLevelAwait = true;
        break;
      default: break;
    }
    visitChildren(node, inner, childFunction, []);
  };
  const visitChildren = (node: Visitable, scope: Scope, inFunction: boolean, skip: string[]): void => {
    eachChild(node, (child, key) => {
      if (!skip.includes(key)) visit(child, scope, inFunction);
    });
  };

  for (const statement of program.body) visit(statement as Visitable, top, false);
  return findings;
}
