// ES module source → a generator function expression the runner evaluates
// itself (see transform-types.ts for the shape). Imports become reads of the
// dependency's export view (live: every read goes through a getter), exports
// become getters registered before the body runs, `import.meta` and
// `import()` go to the runtime context. Line numbers are kept: the prologue
// sits on the first line and removed declarations keep their newlines, so a
// stack trace names the original line even without source maps.
import { parse, type AnyNode, type ExportDefaultDeclaration, type ImportDeclaration, type Program } from 'acorn';
import MagicString from 'magic-string';
import { analyse, patternNames } from './scope.js';
import { carriesSourceMap, transformMap } from './source-map.js';
import type { ImportEntry, IndirectExport, LocalExport, ModuleRequest, ModuleTransform, SourcePosition } from './transform-types.js';

export type { ModuleTransform } from './transform-types.js';

/** A prefix no identifier of the source starts with, so generated names cannot collide. */
function choosePrefix(source: string): string {
  let prefix = '__ms$';
  for (let n = 1; source.includes(prefix); n++) prefix = `__ms${n}$`;
  return prefix;
}

const nameOf = (node: { type: string; name?: string; value?: unknown }): string =>
  node.type === 'Identifier' ? (node.name as string) : String(node.value);

const identifierLike = /^[A-Za-z_$][\w$]*$/;
const propertyAccess = (object: string, name: string): string =>
  identifierLike.test(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`;

/** Replaces [start, end) by nothing but the newlines it held, keeping later line numbers. */
function blank(s: MagicString, source: string, start: number, end: number): void {
  if (start === end) return;
  const newlines = source.slice(start, end).replace(/[^\n]/g, '');
  if (newlines) s.overwrite(start, end, newlines);
  else s.remove(start, end);
}

function isAnonymousFunctionDefinition(node: AnyNode): boolean {
  return (
    ((node.type === 'FunctionExpression' || node.type === 'ClassExpression') && !node.id) ||
    node.type === 'ArrowFunctionExpression'
  );
}

/** Module-only early errors (acorn parses as a module) become a SyntaxError naming file:line:column. */
function parseModule(source: string, url: string): Program {
  try {
    return parse(source, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    if (!(error instanceof SyntaxError) || !loc) throw error;
    const message = error.message.replace(/ \(\d+:\d+\)$/, '');
    const wrapped = new SyntaxError(`${message} (${url}:${loc.line}:${loc.column + 1})`);
    Object.assign(wrapped, { url, line: loc.line, column: loc.column + 1 });
    throw wrapped;
  }
}

class Requests {
  readonly list: ModuleRequest[] = [];
  private readonly index = new Map<string, number>();
  add(node: { source: { value?: unknown }; attributes?: ImportDeclaration['attributes'] }): number {
    const attributes: Record<string, string> = {};
    for (const attribute of node.attributes ?? []) attributes[nameOf(attribute.key)] = String(attribute.value.value);
    const specifier = String(node.source.value);
    const key = JSON.stringify([specifier, Object.entries(attributes).sort()]);
    let n = this.index.get(key);
    if (n === undefined) {
      n = this.list.length;
      this.list.push({ specifier, attributes });
      this.index.set(key, n);
    }
    return n;
  }
}

/** Line, column and text at a source offset. */
function positionOf(source: string, offset: number): SourcePosition {
  const start = source.lastIndexOf('\n', offset - 1) + 1;
  const end = source.indexOf('\n', offset);
  let line = 1;
  for (let at = source.indexOf('\n'); at !== -1 && at < offset; at = source.indexOf('\n', at + 1)) line++;
  return { line, column: offset - start, text: source.slice(start, end === -1 ? undefined : end).replace(/\r$/, '') };
}

export function transformModule(source: string, url: string, sourceMaps: boolean): ModuleTransform {
  const program = parseModule(source, url);
  const p = choosePrefix(source);
  const s = new MagicString(source);
  const requests = new Requests();
  const imports: ImportEntry[] = [];
  const importsByLocal = new Map<string, ImportEntry>();
  const localExports: LocalExport[] = [];
  const indirectExports: IndirectExport[] = [];
  const starExports: number[] = [];
  const exportedLocals: Array<{ exportName: string; localName: string }> = [];
  let anonymousDefaultFunction = false;

  // First the declarations, in source order (request order is evaluation order).
  for (const node of program.body) {
    switch (node.type) {
      case 'ImportDeclaration': {
        const request = requests.add(node);
        for (const spec of node.specifiers) {
          const importName =
            spec.type === 'ImportNamespaceSpecifier' ? '*' : spec.type === 'ImportDefaultSpecifier' ? 'default' : nameOf(spec.imported);
          const entry = { request, importName, localName: spec.local.name, where: positionOf(source, spec.start) };
          imports.push(entry);
          importsByLocal.set(entry.localName, entry);
        }
        blank(s, source, node.start, node.end);
        break;
      }
      case 'ExportAllDeclaration': {
        const request = requests.add(node);
        if (node.exported) indirectExports.push({ exportName: nameOf(node.exported), request, importName: '*' });
        else starExports.push(request);
        blank(s, source, node.start, node.end);
        break;
      }
      case 'ExportNamedDeclaration': {
        if (node.source) {
          const request = requests.add({ source: node.source, attributes: node.attributes });
          for (const spec of node.specifiers) {
            indirectExports.push({ exportName: nameOf(spec.exported), request, importName: nameOf(spec.local), where: positionOf(source, spec.start) });
          }
          blank(s, source, node.start, node.end);
        } else if (node.declaration) {
          const declaration = node.declaration;
          const names =
            declaration.type === 'VariableDeclaration'
              ? declaration.declarations.flatMap((d) => patternNames(d.id))
              : [declaration.id.name];
          for (const name of names) exportedLocals.push({ exportName: name, localName: name });
          blank(s, source, node.start, declaration.start);
        } else {
          for (const spec of node.specifiers) exportedLocals.push({ exportName: nameOf(spec.exported), localName: nameOf(spec.local) });
          blank(s, source, node.start, node.end);
        }
        break;
      }
      case 'ExportDefaultDeclaration': {
        const { localName, anonymousFunction } = rewriteDefault(s, source, node, p);
        exportedLocals.push({ exportName: 'default', localName });
        anonymousDefaultFunction = anonymousFunction;
        break;
      }
      default:
        break;
    }
  }

  // `export { x }` of an imported x re-exports the import's target (an indirect export).
  for (const { exportName, localName } of exportedLocals) {
    const imported = importsByLocal.get(localName);
    if (imported && imported.importName !== '*') {
      indirectExports.push({ exportName, request: imported.request, importName: imported.importName });
    } else localExports.push({ exportName, localName });
  }

  const findings = analyse(program, new Set(importsByLocal.keys()));
  for (const { node, shorthand, callee } of findings.references) {
    const entry = importsByLocal.get(node.name) as ImportEntry;
    let read = entry.importName === '*' ? `${p}n${entry.request}` : propertyAccess(`${p}${entry.request}`, entry.importName);
    // A called import must see `this === undefined`, as a plain function call does.
    if (callee && entry.importName !== '*') read = `(0, ${read})`;
    s.overwrite(node.start, node.end, shorthand ? `${node.name}: ${read}` : read);
  }
  // A module has no `arguments` of its own: the name is looked up on the global object.
  for (const { node, typeofOperand } of findings.moduleArguments) {
    s.overwrite(node.start, node.end, typeofOperand ? `${p}.g.arguments` : `${p}.a()`);
  }
  for (const meta of findings.metas) s.overwrite(meta.start, meta.end, `${p}.m`);
  for (const dynamic of findings.dynamicImports) s.overwrite(dynamic.start, dynamic.start + 6, `${p}.i`);

  // A hashbang line would no longer be first; its line stays, empty.
  if (source.startsWith('#!')) blank(s, source, 0, source.indexOf('\n') === -1 ? source.length : source.indexOf('\n'));
  s.prepend(prologue(p, requests.list.length, imports, localExports, importsByLocal, anonymousDefaultFunction, findings.topLevelAwait));
  s.append('\n})');

  return {
    code: s.toString(),
    // Lines are kept, so a map only corrects columns, unless the source maps to another file (TypeScript).
    map: sourceMaps || carriesSourceMap(source) ? transformMap(source, s.generateMap({ hires: 'boundary' }).mappings) : undefined,
    requests: requests.list,
    imports,
    localExports,
    indirectExports,
    starExports,
    topLevelAwait: findings.topLevelAwait,
  };
}

/**
 * `export default …`: returns the local binding it declares, and whether that
 * is an anonymous function declaration that needs the name "default".
 */
function rewriteDefault(
  s: MagicString,
  source: string,
  node: ExportDefaultDeclaration,
  p: string,
): { localName: string; anonymousFunction: boolean } {
  const declaration = node.declaration;
  const local = `${p}default`;
  if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) {
    blank(s, source, node.start, declaration.start);
    return { localName: declaration.id.name, anonymousFunction: false };
  }
  if (declaration.type === 'FunctionDeclaration') {
    // Hoisted like any function declaration, so it is callable during a cycle.
    blank(s, source, node.start, declaration.start);
    s.appendLeft(source.indexOf('(', declaration.start), ` ${local}`);
    return { localName: local, anonymousFunction: true };
  }
  // An expression or an anonymous class: a const (TDZ until evaluated); an
  // anonymous function or class is named "default" by the property-key trick.
  const keyword = source.slice(node.start, declaration.start).search(/default/) + node.start + 'default'.length;
  const isClass = (declaration.type as string) === 'ClassDeclaration';
  const anonymous = isClass || isAnonymousFunctionDefinition(declaration);
  s.overwrite(node.start, keyword, `const ${local} =${anonymous ? ' { default:' : ''}`);
  if (anonymous) {
    if (isClass) s.appendLeft(declaration.end, ' }.default;');
    else if (source[node.end - 1] === ';') s.appendLeft(node.end - 1, ' }.default');
    else s.appendLeft(node.end, ' }.default;');
  } else if (source[node.end - 1] !== ';') {
    s.appendLeft(node.end, ';');
  }
  return { localName: local, anonymousFunction: false };
}

function prologue(
  p: string,
  requestCount: number,
  imports: readonly ImportEntry[],
  localExports: readonly LocalExport[],
  importsByLocal: ReadonlyMap<string, ImportEntry>,
  anonymousDefaultFunction: boolean,
  topLevelAwait: boolean,
): string {
  const bindings: string[] = [];
  for (let n = 0; n < requestCount; n++) bindings.push(`${p}${n}=${p}.d[${n}]`);
  for (const request of new Set(imports.filter((i) => i.importName === '*').map((i) => i.request))) {
    bindings.push(`${p}n${request}=${p}.n[${request}]`);
  }
  const getters = new Set<string>();
  for (const { localName } of localExports) {
    const imported = importsByLocal.get(localName);
    const value = imported ? `${p}n${imported.request}` : localName;
    getters.add(`get ${JSON.stringify(localName)}(){return ${value}}`);
  }
  return (
    `(${topLevelAwait ? 'async ' : ''}function* (${p}) {"use strict";` +
    (bindings.length ? `const ${bindings.join(',')};` : '') +
    `${p}.e({__proto__:null${[...getters].map((g) => `,${g}`).join('')}});` +
    (anonymousDefaultFunction ? `${p}.f(${p}default);` : '') +
    'yield;'
  );
}
