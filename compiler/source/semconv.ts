/**
 * `ATTR_*`, `SEMATTRS_*`, `METRIC_*` and `SemanticAttributes.*` from
 * `@opentelemetry/semantic-conventions` when the scanned project's own copy cannot be read (no
 * `node_modules`): their values come from the table generated from the version cordon depends on
 * (semconv-table.ts, written by scripts/semconv-table.mjs), and the finding says so.
 */
import type ts from "typescript";
import { resolvedSymbol, skipOuter, type ScanContext } from "./context.js";
import { SEMCONV_JSON, SEMCONV_VERSION } from "./semconv-table.js";

const PACKAGE = /^@opentelemetry\/semantic-conventions(?:\/incubating)?$/;

export const SEMCONV_NOTE = `resolved from cordon's copy of @opentelemetry/semantic-conventions ${SEMCONV_VERSION}: the project's own types were unavailable`;

function table(ctx: ScanContext): ReadonlyMap<string, string> {
  let t = ctx.memo.get("semconv") as Map<string, string> | undefined;
  if (!t) {
    t = new Map(Object.entries(JSON.parse(SEMCONV_JSON) as Record<string, string>));
    ctx.memo.set("semconv", t);
  }
  return t;
}

/**
 * The value of a semantic-conventions name that the checker could not resolve: an imported or
 * required `ATTR_X`, `semconv.ATTR_X` of a namespace import, `SemanticAttributes.X`.
 */
export function semconvValue(ctx: ScanContext, node: ts.Expression): string | undefined {
  const t = ctx.ts;
  const e = skipOuter(ctx, node);
  if (t.isIdentifier(e)) {
    const imported = importedName(ctx, e);
    return imported && imported.whole === false ? table(ctx).get(imported.name) : undefined;
  }
  if (t.isPropertyAccessExpression(e) && t.isIdentifier(e.expression)) {
    const imported = importedName(ctx, e.expression);
    if (!imported) return undefined;
    const member = e.name.text;
    return imported.whole ? table(ctx).get(member) : table(ctx).get(`${imported.name}.${member}`);
  }
  return undefined;
}

/** Is the expression a semantic-conventions name whose declaration the checker cannot see? */
export function isUnresolvedSemconv(ctx: ScanContext, node: ts.Expression): boolean {
  const e = skipOuter(ctx, node);
  const id = ctx.ts.isPropertyAccessExpression(e) ? e.name : e;
  const decls = resolvedSymbol(ctx, id)?.declarations ?? [];
  const seen = decls.some((d) => !ctx.ts.isImportSpecifier(d) && !ctx.ts.isBindingElement(d) && !ctx.ts.isNamespaceImport(d));
  return !seen && semconvValue(ctx, e) !== undefined;
}

/**
 * The exported name an identifier stands for when it comes from the semantic-conventions package
 * (`import { ATTR_X as Y }`, `const { ATTR_X } = require(…)`), or `whole` for the module itself
 * (`import * as sc`, `const sc = require(…)`).
 */
function importedName(ctx: ScanContext, id: ts.Identifier): { name: string; whole: boolean } | undefined {
  const t = ctx.ts;
  const symbol = ctx.checker.getSymbolAtLocation(id);
  for (const decl of symbol?.declarations ?? []) {
    if (t.isImportSpecifier(decl) && fromPackage(t, decl.parent.parent.parent.moduleSpecifier)) {
      return { name: (decl.propertyName ?? decl.name).text, whole: false };
    }
    if (t.isNamespaceImport(decl) && fromPackage(t, decl.parent.parent.moduleSpecifier)) return { name: id.text, whole: true };
    if (t.isBindingElement(decl) && t.isObjectBindingPattern(decl.parent) && t.isVariableDeclaration(decl.parent.parent)) {
      const init = decl.parent.parent.initializer;
      if (init && isRequireOfPackage(t, init)) {
        const prop = decl.propertyName ?? decl.name;
        return t.isIdentifier(prop) ? { name: prop.text, whole: false } : undefined;
      }
    }
    if (t.isVariableDeclaration(decl) && decl.initializer && isRequireOfPackage(t, decl.initializer)) return { name: id.text, whole: true };
  }
  return undefined;
}

function fromPackage(t: ScanContext["ts"], spec: ts.Expression): boolean {
  return t.isStringLiteral(spec) && PACKAGE.test(spec.text);
}

function isRequireOfPackage(t: ScanContext["ts"], init: ts.Expression): boolean {
  return (
    t.isCallExpression(init) &&
    t.isIdentifier(init.expression) &&
    init.expression.text === "require" &&
    init.arguments[0] !== undefined &&
    t.isStringLiteralLike(init.arguments[0]) &&
    PACKAGE.test(init.arguments[0].text)
  );
}
