import type ts from "typescript";
import type { TS } from "./program.js";
import { exportsContractDigest } from "./prefilter.js";

/** What every analysis of one Program needs; created per Program, never shared between scans. */
export interface ScanContext {
  readonly ts: TS;
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  /** Memo: does this source file export CONTRACT_DIGEST (i.e. is it a generated module)? */
  readonly generatedFiles: Map<ts.SourceFile, boolean>;
  /** The project's own files (no libraries, no declaration files): where references are looked for. */
  readonly ownFiles: ReadonlySet<ts.SourceFile>;
  /** Memo: the statically known span or instrument name a parameter holds (see otel.ts). */
  readonly parameterNames: Map<ts.ParameterDeclaration, string | undefined>;
  /** Memos of one scan that are computed on first use (the Program's classes, the semconv table). */
  readonly memo: Map<string, unknown>;
}

export function createContext(tsm: TS, program: ts.Program): ScanContext {
  const isOwn = (sf: ts.SourceFile) =>
    !sf.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sf) && !/[\\/]node_modules[\\/]/.test(sf.fileName);
  const ownFiles = new Set(program.getSourceFiles().filter(isOwn));
  return { ts: tsm, program, checker: program.getTypeChecker(), generatedFiles: new Map(), ownFiles, parameterNames: new Map(), memo: new Map() };
}

/** Is the node in one of the project's own files (not a library, not a declaration file)? */
export function isOwnCode(ctx: ScanContext, node: ts.Node): boolean {
  return ctx.ownFiles.has(node.getSourceFile());
}

export function isGeneratedModule(ctx: ScanContext, sf: ts.SourceFile): boolean {
  let known = ctx.generatedFiles.get(sf);
  if (known === undefined) {
    known = exportsContractDigest(sf.text);
    ctx.generatedFiles.set(sf, known);
  }
  return known;
}

/** Parentheses, type assertions, `!`, `satisfies` and `await` do not change what a value is. */
export function skipOuter(ctx: ScanContext, node: ts.Expression): ts.Expression {
  const t = ctx.ts;
  let e = node;
  for (;;) {
    if (
      t.isParenthesizedExpression(e) ||
      t.isAsExpression(e) ||
      t.isSatisfiesExpression(e) ||
      t.isNonNullExpression(e) ||
      t.isTypeAssertionExpression(e) ||
      t.isAwaitExpression(e)
    ) {
      e = e.expression;
    } else return e;
  }
}

/** The symbol a name refers to, following imports and re-exports to the declaration. */
export function resolvedSymbol(ctx: ScanContext, node: ts.Node): ts.Symbol | undefined {
  const t = ctx.ts;
  // `{ attrs }`: the name of a shorthand property stands for the variable it reads, not the property.
  const shorthand = node.parent && t.isShorthandPropertyAssignment(node.parent) && node.parent.name === node;
  let symbol = (shorthand && ctx.checker.getShorthandAssignmentValueSymbol(node.parent)) || ctx.checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & t.SymbolFlags.Alias) {
    try {
      symbol = ctx.checker.getAliasedSymbol(symbol);
    } catch {
      return symbol;
    }
  }
  return symbol;
}

/** The name token of a callee: `f` in `f()`, `m` in `a.b.m()` / `a?.m()`. */
export function calleeName(ctx: ScanContext, callee: ts.Expression): ts.Identifier | ts.PrivateIdentifier | undefined {
  const t = ctx.ts;
  const e = skipOuter(ctx, callee);
  if (t.isIdentifier(e)) return e;
  if (t.isPropertyAccessExpression(e)) return e.name;
  return undefined;
}

/** Does the symbol come from a module written by `cordon build`? */
export function isFromGenerated(ctx: ScanContext, symbol: ts.Symbol | undefined): boolean {
  const decl = symbol?.declarations?.[0];
  return decl !== undefined && isGeneratedModule(ctx, decl.getSourceFile());
}

/** The module specifier an identifier was imported (or required) from, when it was. */
export function importedFrom(ctx: ScanContext, id: ts.Identifier): string | undefined {
  const t = ctx.ts;
  const symbol = ctx.checker.getSymbolAtLocation(id);
  for (const decl of symbol?.declarations ?? []) {
    if (t.isImportSpecifier(decl) || t.isNamespaceImport(decl) || t.isImportClause(decl)) {
      const spec = decl.parent && findImportDeclaration(t, decl)?.moduleSpecifier;
      if (spec && t.isStringLiteral(spec)) return spec.text;
    }
    if (t.isBindingElement(decl) || t.isVariableDeclaration(decl)) {
      let v: ts.Node = decl;
      while (v && !t.isVariableDeclaration(v)) v = v.parent;
      const init = v && t.isVariableDeclaration(v) ? v.initializer : undefined;
      const req = init && requireSpecifier(t, init);
      if (req) return req;
    }
  }
  return undefined;
}

function findImportDeclaration(t: TS, node: ts.Node): ts.ImportDeclaration | undefined {
  let n: ts.Node | undefined = node;
  while (n && !t.isImportDeclaration(n)) n = n.parent;
  return n;
}

function requireSpecifier(t: TS, init: ts.Expression): string | undefined {
  let e = init;
  while (t.isPropertyAccessExpression(e)) e = e.expression;
  if (t.isCallExpression(e) && t.isIdentifier(e.expression) && e.expression.text === "require") {
    const arg = e.arguments[0];
    if (arg && t.isStringLiteralLike(arg)) return arg.text;
  }
  return undefined;
}

/** Does a declaration live in an @opentelemetry package? */
export function isOtelDeclaration(decl: ts.Node): boolean {
  return /[\\/]@opentelemetry[\\/]/.test(decl.getSourceFile().fileName);
}

/**
 * Is `name` (a callee) a function of a generated module? "resolved" when its declaration is in
 * one; "by-name" when it is imported from a relative module that does not exist (yet: the
 * module is written by `cordon build`), so only its name can tell.
 */
export function generatedCallee(ctx: ScanContext, name: ts.Identifier): "resolved" | "by-name" | undefined {
  const symbol = resolvedSymbol(ctx, name);
  if (symbol?.declarations?.length) {
    // Only the module's exported functions: a typed instrument's `add` method is declared there too.
    const isFunction = (symbol.flags & ctx.ts.SymbolFlags.Function) !== 0;
    return isFunction && isFromGenerated(ctx, symbol) ? "resolved" : undefined;
  }
  const local = ctx.checker.getSymbolAtLocation(name);
  const decl = local?.declarations?.[0];
  if (!decl || !ctx.ts.isImportSpecifier(decl)) return undefined;
  const spec = findImportDeclaration(ctx.ts, decl)?.moduleSpecifier;
  return spec && ctx.ts.isStringLiteral(spec) && spec.text.startsWith(".") ? "by-name" : undefined;
}
