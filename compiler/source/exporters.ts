/**
 * Exporters: `new <X>Exporter(…)` from an `@opentelemetry/*` package, its `url`, and where the
 * instance goes (reach.ts): only into the generated, region-locked `createTelemetry({ exporters })`?
 */
import type ts from "typescript";
import type { Signal } from "../../contracts/model.js";
import { importedFrom, isOtelDeclaration, resolvedSymbol, skipOuter, type ScanContext } from "./context.js";
import { flowOf, type Flow } from "./reach.js";
import { evaluateStrings } from "./values.js";

/** A URL written in code: each static alternative of `||`, `??` and `?:` (and whether some part is only known at run time). */
export interface UrlAlternative {
  readonly value: string;
  readonly node: ts.Expression;
}

export type ExporterUrl =
  | { readonly kind: "none" }
  | { readonly kind: "dynamic"; readonly node: ts.Expression }
  | { readonly kind: "static"; readonly alternatives: readonly UrlAlternative[]; readonly partlyDynamic: boolean; readonly node: ts.Expression };

export interface ExporterSite {
  readonly className: string;
  readonly node: ts.NewExpression;
  readonly signal: Signal | undefined;
  readonly url: ExporterUrl;
  /** Where the instance goes: to the generated createTelemetry, and/or around it (reach.ts). */
  readonly flow: Flow;
  /** Recognised only by its import specifier (no declaration file). */
  readonly byName: boolean;
}

export function exporterOf(ctx: ScanContext, node: ts.NewExpression): ExporterSite | undefined {
  const otel = otelConstructor(ctx, node, (className) => className.endsWith("Exporter"));
  if (!otel) return undefined;
  const { name, fromOtel } = otel;
  return {
    className: name.text,
    node,
    signal: signalOf(name.text),
    url: urlOf(ctx, node.arguments?.[0]),
    flow: flowOf(ctx, node),
    byName: !fromOtel,
  };
}

/**
 * `new X(…)` where X's name passes `accepts` and X comes from an `@opentelemetry/*` package:
 * by its declaration, or (without the project's node_modules) by its import specifier.
 */
export function otelConstructor(
  ctx: ScanContext,
  node: ts.NewExpression,
  accepts: (className: string) => boolean,
): { readonly name: ts.Identifier; readonly fromOtel: boolean } | undefined {
  const t = ctx.ts;
  const callee = skipOuter(ctx, node.expression);
  const name = t.isIdentifier(callee) ? callee : t.isPropertyAccessExpression(callee) ? callee.name : undefined;
  if (!name || !t.isIdentifier(name) || !accepts(name.text)) return undefined;
  const decl = resolvedSymbol(ctx, name)?.declarations?.[0];
  const fromOtel = decl !== undefined && isOtelDeclaration(decl);
  let root: ts.Expression = callee;
  while (t.isPropertyAccessExpression(root)) root = root.expression;
  const spec = t.isIdentifier(root) ? importedFrom(ctx, root) : undefined;
  if (!fromOtel && !spec?.startsWith("@opentelemetry/")) return undefined;
  return { name, fromOtel };
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
    return urlValue(ctx, node);
  }
  return { kind: "none" };
}

/** The object literal an expression is, or names through a `const` (a few hops deep). */
export function objectLiteral(ctx: ScanContext, expr: ts.Expression, depth = 0): ts.ObjectLiteralExpression | undefined {
  const t = ctx.ts;
  const e = skipOuter(ctx, expr);
  if (t.isObjectLiteralExpression(e)) return e;
  if (depth < 4 && t.isIdentifier(e)) {
    const decl = resolvedSymbol(ctx, e)?.valueDeclaration;
    if (decl && t.isVariableDeclaration(decl) && decl.initializer) return objectLiteral(ctx, decl.initializer, depth + 1);
  }
  return undefined;
}

/** Every static alternative of a URL expression: `process.env.X || "http://…"`, `c ? a : b`, `x ?? y`. */
export function urlValue(ctx: ScanContext, node: ts.Expression): ExporterUrl {
  const alternatives: UrlAlternative[] = [];
  let partlyDynamic = false;
  const visit = (expr: ts.Expression, depth: number): void => {
    const t = ctx.ts;
    const e = skipOuter(ctx, expr);
    const values = evaluateStrings(ctx, e);
    if (values) {
      for (const value of values) alternatives.push({ value, node: e });
      return;
    }
    if (depth < 8 && t.isConditionalExpression(e)) {
      visit(e.whenTrue, depth + 1);
      visit(e.whenFalse, depth + 1);
      return;
    }
    const initializer = t.isIdentifier(e) ? constInitializer(ctx, e) : undefined;
    if (depth < 8 && initializer) {
      visit(initializer, depth + 1);
      return;
    }
    const op = t.isBinaryExpression(e) ? e.operatorToken.kind : undefined;
    if (depth < 8 && t.isBinaryExpression(e) && (op === t.SyntaxKind.BarBarToken || op === t.SyntaxKind.QuestionQuestionToken)) {
      visit(e.left, depth + 1);
      visit(e.right, depth + 1);
      return;
    }
    partlyDynamic = true;
  };
  visit(node, 0);
  return alternatives.length === 0 ? { kind: "dynamic", node } : { kind: "static", alternatives, partlyDynamic, node };
}

/** `const url = process.env.X ?? "https://…"`: the initialiser a `const` name stands for, whose alternatives are the name's. */
function constInitializer(ctx: ScanContext, name: ts.Identifier): ts.Expression | undefined {
  const t = ctx.ts;
  const decl = resolvedSymbol(ctx, name)?.valueDeclaration;
  if (!decl || !t.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  return t.getCombinedNodeFlags(decl) & t.NodeFlags.Const ? decl.initializer : undefined;
}
