/**
 * Where a value is used, across the Program's own files: an exporter created in one file and
 * handed to createTelemetry in another, a helper called from elsewhere, a span parameter whose
 * callers all pass the same span. The checker decides identity (imports and renames resolve to
 * the declaration's symbol); a text search only keeps files that cannot mention the name away.
 */
import type ts from "typescript";
import { resolvedSymbol, type ScanContext } from "./context.js";

/**
 * Every identifier in the project's own files that refers to the symbol `name` declares (the
 * declaration itself excluded). Symbols already in `seen` give nothing: a walk visits each once.
 */
export function referencesOf(ctx: ScanContext, name: ts.Identifier, seen: Set<ts.Symbol>): ts.Identifier[] {
  const symbol = resolvedSymbol(ctx, name);
  if (!symbol || seen.has(symbol)) return [];
  seen.add(symbol);
  // Asked again and again (every parameter of a function asks for its call sites): found once per scan.
  let memo = ctx.memo.get("references") as Map<ts.Symbol, { name: ts.Identifier; refs: ts.Identifier[] }[]> | undefined;
  if (!memo) ctx.memo.set("references", (memo = new Map()));
  const known = memo.get(symbol)?.find((m) => m.name === name);
  if (known) return known.refs;
  const refs = findReferences(ctx, name, symbol);
  memo.set(symbol, [...(memo.get(symbol) ?? []), { name, refs }]);
  return refs;
}

function findReferences(ctx: ScanContext, name: ts.Identifier, symbol: ts.Symbol): ts.Identifier[] {
  const home = name.getSourceFile();
  const files = isExported(ctx, symbol, home) ? [...ctx.ownFiles] : [home];
  const out: ts.Identifier[] = [];
  for (const sf of files) {
    if (!sf.text.includes(name.text)) continue;
    const names = localNames(ctx, sf, name.text);
    const visit = (n: ts.Node): void => {
      if (ctx.ts.isIdentifier(n)) {
        if (n !== name && names.has(n.text) && resolvedSymbol(ctx, n) === symbol) out.push(n);
        return;
      }
      ctx.ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/** The name and the local aliases it is imported under in `sf` (`import { x as y }`). */
function localNames(ctx: ScanContext, sf: ts.SourceFile, name: string): Set<string> {
  const t = ctx.ts;
  const names = new Set([name]);
  for (const statement of sf.statements) {
    if (!t.isImportDeclaration(statement)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !t.isNamedImports(bindings)) continue;
    for (const el of bindings.elements) if (el.propertyName?.text === name) names.add(el.name.text);
  }
  return names;
}

/** Can other modules import the symbol? Only then are other files worth searching. */
function isExported(ctx: ScanContext, symbol: ts.Symbol, home: ts.SourceFile): boolean {
  const moduleSymbol = ctx.checker.getSymbolAtLocation(home);
  if (!moduleSymbol) return false;
  return ctx.checker.getExportsOfModule(moduleSymbol).some((exported) => {
    if (exported === symbol) return true;
    if (!(exported.flags & ctx.ts.SymbolFlags.Alias)) return false;
    try {
      return ctx.checker.getAliasedSymbol(exported) === symbol;
    } catch {
      return false;
    }
  });
}

/**
 * `import { f }`, `export { f }`, `import f`: a reference that names a value for the module
 * system without calling or passing it (an `export function f` is not a use either).
 */
export function isModuleBinding(ctx: ScanContext, ref: ts.Identifier): boolean {
  const t = ctx.ts;
  const p = ref.parent;
  return t.isImportSpecifier(p) || t.isExportSpecifier(p) || t.isImportClause(p) || t.isNamespaceImport(p) || t.isImportEqualsDeclaration(p);
}

/** The identifier a function is known by: its own name, or the variable holding it. */
export function functionName(ctx: ScanContext, fn: ts.SignatureDeclaration): ts.Identifier | undefined {
  const t = ctx.ts;
  if ((t.isFunctionDeclaration(fn) || t.isFunctionExpression(fn) || t.isMethodDeclaration(fn)) && fn.name && t.isIdentifier(fn.name)) {
    return fn.name;
  }
  const holder = fn.parent;
  if (holder && t.isVariableDeclaration(holder) && t.isIdentifier(holder.name)) return holder.name;
  return undefined;
}
