/**
 * Exporters: `new <X>Exporter(…)` from an `@opentelemetry/*` package, its `url`, and whether the
 * instance reaches the generated, region-locked `createTelemetry({ exporters })`.
 */
import type ts from "typescript";
import type { Signal } from "../../contracts/model.js";
import {
  calleeName,
  importedFrom,
  isGeneratedModule,
  isOtelDeclaration,
  resolvedSymbol,
  skipOuter,
  type ScanContext,
} from "./context.js";
import { evaluateString } from "./values.js";

export type ExporterUrl =
  | { readonly kind: "none" }
  | { readonly kind: "dynamic"; readonly node: ts.Expression }
  | { readonly kind: "static"; readonly value: string; readonly node: ts.Expression };

export interface ExporterSite {
  readonly className: string;
  readonly node: ts.NewExpression;
  readonly signal: Signal | undefined;
  readonly url: ExporterUrl;
  readonly reachesFactory: boolean;
  /** Recognised only by its import specifier (no declaration file). */
  readonly byName: boolean;
}

export function exporterOf(ctx: ScanContext, node: ts.NewExpression): ExporterSite | undefined {
  const t = ctx.ts;
  const callee = skipOuter(ctx, node.expression);
  const name = t.isIdentifier(callee) ? callee : t.isPropertyAccessExpression(callee) ? callee.name : undefined;
  if (!name || !t.isIdentifier(name) || !name.text.endsWith("Exporter")) return undefined;
  const decl = resolvedSymbol(ctx, name)?.declarations?.[0];
  const fromOtel = decl !== undefined && isOtelDeclaration(decl);
  let root: ts.Expression = callee;
  while (t.isPropertyAccessExpression(root)) root = root.expression;
  const spec = t.isIdentifier(root) ? importedFrom(ctx, root) : undefined;
  if (!fromOtel && !spec?.startsWith("@opentelemetry/")) return undefined;
  return {
    className: name.text,
    node,
    signal: signalOf(name.text),
    url: urlOf(ctx, node.arguments?.[0]),
    reachesFactory: reachesFactory(ctx, node, new Set(), 0),
    byName: !fromOtel,
  };
}

function signalOf(className: string): Signal | undefined {
  if (/Trace|Span/.test(className)) return "traces";
  if (/Log/.test(className)) return "logs";
  if (/Metric/.test(className)) return "metrics";
  return undefined;
}

function urlOf(ctx: ScanContext, config: ts.Expression | undefined): ExporterUrl {
  const t = ctx.ts;
  if (!config) return { kind: "none" };
  const obj = objectLiteral(ctx, config);
  if (!obj) return { kind: "dynamic", node: config };
  for (const prop of obj.properties) {
    if (t.isSpreadAssignment(prop)) return { kind: "dynamic", node: prop.expression };
    const key = prop.name && (t.isIdentifier(prop.name) || t.isStringLiteral(prop.name)) ? prop.name.text : undefined;
    if (key !== "url") continue;
    const node = t.isPropertyAssignment(prop) ? prop.initializer : t.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
    if (!node) return { kind: "dynamic", node: config };
    const value = evaluateString(ctx, node);
    return value === undefined ? { kind: "dynamic", node } : { kind: "static", value, node };
  }
  return { kind: "none" };
}

function objectLiteral(ctx: ScanContext, expr: ts.Expression, depth = 0): ts.ObjectLiteralExpression | undefined {
  const t = ctx.ts;
  const e = skipOuter(ctx, expr);
  if (t.isObjectLiteralExpression(e)) return e;
  if (depth < 4 && t.isIdentifier(e)) {
    const decl = resolvedSymbol(ctx, e)?.valueDeclaration;
    if (decl && t.isVariableDeclaration(decl) && decl.initializer) return objectLiteral(ctx, decl.initializer, depth + 1);
  }
  return undefined;
}

const MAX_DEPTH = 10;

/**
 * Follow the value upwards: through parentheses, object and array literals, conditionals,
 * variables (to each of their uses in the file) and helper functions' returns (to each call),
 * until it is an argument of the generated createTelemetry (reached) or of anything else (not).
 */
function reachesFactory(ctx: ScanContext, node: ts.Expression, seen: Set<ts.Symbol>, depth: number): boolean {
  const t = ctx.ts;
  if (depth > MAX_DEPTH) return false;
  let cur: ts.Node = node;
  for (;;) {
    const parent: ts.Node = cur.parent;
    if (
      t.isParenthesizedExpression(parent) ||
      t.isAsExpression(parent) ||
      t.isSatisfiesExpression(parent) ||
      t.isNonNullExpression(parent) ||
      t.isAwaitExpression(parent) ||
      t.isArrayLiteralExpression(parent) ||
      t.isObjectLiteralExpression(parent) ||
      t.isPropertyAssignment(parent) ||
      t.isShorthandPropertyAssignment(parent) ||
      t.isSpreadAssignment(parent) ||
      t.isSpreadElement(parent) ||
      (t.isConditionalExpression(parent) && cur !== parent.condition) ||
      (t.isBinaryExpression(parent) && isDefaulting(t, parent.operatorToken.kind))
    ) {
      cur = parent;
      continue;
    }
    if (t.isCallExpression(parent)) {
      return parent.arguments.includes(cur as ts.Expression) && isFactoryCall(ctx, parent);
    }
    if (t.isVariableDeclaration(parent) && parent.initializer === cur && t.isIdentifier(parent.name)) {
      return usesReach(ctx, parent.name, seen, depth);
    }
    if (t.isReturnStatement(parent) || (t.isArrowFunction(parent) && parent.body === cur)) {
      const fn = t.isReturnStatement(parent) ? t.findAncestor(parent, t.isFunctionLike) : parent;
      const fnName = fn && functionName(t, fn);
      return fnName ? callsReach(ctx, fnName, seen, depth) : false;
    }
    if (t.isBinaryExpression(parent) && parent.operatorToken.kind === t.SyntaxKind.EqualsToken && parent.right === cur) {
      const target = skipOuter(ctx, parent.left);
      return t.isIdentifier(target) ? usesReach(ctx, target, seen, depth) : false;
    }
    return false;
  }
}

function isDefaulting(t: ScanContext["ts"], kind: ts.SyntaxKind): boolean {
  return kind === t.SyntaxKind.QuestionQuestionToken || kind === t.SyntaxKind.BarBarToken;
}

function functionName(t: ScanContext["ts"], fn: ts.SignatureDeclaration): ts.Identifier | undefined {
  if ((t.isFunctionDeclaration(fn) || t.isFunctionExpression(fn)) && fn.name) return fn.name;
  const holder = fn.parent;
  if (holder && t.isVariableDeclaration(holder) && t.isIdentifier(holder.name)) return holder.name;
  return undefined;
}

/** Every identifier in the file that refers to the same symbol as `name` (its declaration excluded). */
function referencesOf(ctx: ScanContext, name: ts.Identifier, seen: Set<ts.Symbol>): ts.Identifier[] {
  const t = ctx.ts;
  const symbol = resolvedSymbol(ctx, name);
  if (!symbol || seen.has(symbol)) return [];
  seen.add(symbol);
  const out: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (t.isIdentifier(n) && n !== name && n.text === name.text && resolvedSymbol(ctx, n) === symbol) out.push(n);
    t.forEachChild(n, visit);
  };
  visit(name.getSourceFile());
  return out;
}

function usesReach(ctx: ScanContext, name: ts.Identifier, seen: Set<ts.Symbol>, depth: number): boolean {
  return referencesOf(ctx, name, seen).some((ref) => reachesFactory(ctx, ref, seen, depth + 1));
}

function callsReach(ctx: ScanContext, name: ts.Identifier, seen: Set<ts.Symbol>, depth: number): boolean {
  const t = ctx.ts;
  return referencesOf(ctx, name, seen).some(
    (ref) => t.isCallExpression(ref.parent) && ref.parent.expression === ref && reachesFactory(ctx, ref.parent, seen, depth + 1),
  );
}

/**
 * A call of the generated `createTelemetry`. When the callee resolves, it must be declared in a
 * generated module; when it does not (no types, unresolved import), its name decides.
 */
function isFactoryCall(ctx: ScanContext, call: ts.CallExpression): boolean {
  const name = calleeName(ctx, call.expression);
  if (!name || name.text !== "createTelemetry") return false;
  const decl = resolvedSymbol(ctx, name)?.declarations?.[0];
  return decl === undefined || isGeneratedModule(ctx, decl.getSourceFile()) || ctx.ts.isImportSpecifier(decl);
}
