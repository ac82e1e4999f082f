/**
 * Static evaluation of strings: attribute keys, span and instrument names, exporter URLs.
 *
 * Two sources of truth, tried in order: the checker's literal type (which covers `as const`,
 * const variables, imported constants such as the ATTR_* of @opentelemetry/semantic-conventions,
 * and string enum members) and a small evaluator over the syntax (template literals and `+`
 * whose parts resolve, const initialisers, object-literal properties, enum initialisers).
 */
import type ts from "typescript";
import { resolvedSymbol, skipOuter, type ScanContext } from "./context.js";
import { semconvValue } from "./semconv.js";

const MAX_DEPTH = 12;

/** The one string the expression always evaluates to, or undefined. */
export function evaluateString(ctx: ScanContext, node: ts.Expression, depth = 0): string | undefined {
  const values = evaluateStrings(ctx, node, depth);
  return values?.length === 1 ? values[0] : undefined;
}

/** Every string the expression may evaluate to (a union of literal types gives several), or undefined. */
export function evaluateStrings(ctx: ScanContext, node: ts.Expression, depth = 0): string[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const t = ctx.ts;
  const e = skipOuter(ctx, node);
  if (t.isStringLiteralLike(e)) return [e.text];
  if (t.isNumericLiteral(e)) return [String(Number(e.text))];
  if (t.isTemplateExpression(e)) {
    let out = e.head.text;
    for (const span of e.templateSpans) {
      const part = evaluateString(ctx, span.expression, depth + 1);
      if (part === undefined) return undefined;
      out += part + span.literal.text;
    }
    return [out];
  }
  if (t.isBinaryExpression(e) && e.operatorToken.kind === t.SyntaxKind.PlusToken) {
    const left = evaluateString(ctx, e.left, depth + 1);
    const right = left === undefined ? undefined : evaluateString(ctx, e.right, depth + 1);
    return left === undefined || right === undefined ? undefined : [left + right];
  }
  if (t.isConditionalExpression(e)) {
    const a = evaluateStrings(ctx, e.whenTrue, depth + 1);
    const b = a && evaluateStrings(ctx, e.whenFalse, depth + 1);
    return a && b ? [...new Set([...a, ...b])] : undefined;
  }
  const literal = literalTypeValues(ctx, e);
  if (literal) return literal;
  if (t.isIdentifier(e) || t.isPropertyAccessExpression(e) || t.isElementAccessExpression(e)) {
    const value = evaluateThroughDeclaration(ctx, e, depth) ?? (t.isElementAccessExpression(e) ? undefined : semconvValue(ctx, e));
    return value === undefined ? undefined : [value];
  }
  return undefined;
}

/** String (or number) literal types, single or a union of them. */
function literalTypeValues(ctx: ScanContext, e: ts.Expression): string[] | undefined {
  const t = ctx.ts;
  let type: ts.Type;
  try {
    type = ctx.checker.getTypeAtLocation(e);
  } catch {
    return undefined;
  }
  const parts = type.isUnion() ? type.types : [type];
  const out: string[] = [];
  for (const part of parts) {
    if (part.isStringLiteral()) out.push(part.value);
    else if (part.isNumberLiteral()) out.push(String(part.value));
    else return undefined;
    if (part.flags & t.TypeFlags.Any) return undefined;
  }
  return out.length > 0 ? out : undefined;
}

function evaluateThroughDeclaration(
  ctx: ScanContext,
  e: ts.Identifier | ts.PropertyAccessExpression | ts.ElementAccessExpression,
  depth: number,
): string | undefined {
  const t = ctx.ts;
  const at = t.isElementAccessExpression(e) ? e.argumentExpression : t.isPropertyAccessExpression(e) ? e.name : e;
  const symbol = t.isElementAccessExpression(e) ? elementSymbol(ctx, e, depth) : resolvedSymbol(ctx, at);
  if (!symbol) return undefined;
  for (const decl of symbol.declarations ?? []) {
    if (t.isEnumMember(decl)) {
      const value = ctx.checker.getConstantValue(decl);
      if (typeof value === "string" || typeof value === "number") return String(value);
    }
    if (t.isVariableDeclaration(decl) && decl.initializer && t.getCombinedNodeFlags(decl) & t.NodeFlags.Const) {
      return evaluateString(ctx, decl.initializer, depth + 1);
    }
    if (t.isPropertyAssignment(decl)) return evaluateString(ctx, decl.initializer, depth + 1);
    if (t.isShorthandPropertyAssignment(decl)) return evaluateString(ctx, decl.name, depth + 1);
    if (t.isPropertyDeclaration(decl) && decl.initializer && isReadonly(t, decl)) {
      return evaluateString(ctx, decl.initializer, depth + 1);
    }
  }
  return undefined;
}

function isReadonly(t: ScanContext["ts"], decl: ts.PropertyDeclaration): boolean {
  return (t.getCombinedModifierFlags(decl) & t.ModifierFlags.Readonly) !== 0;
}

/** `Keys["order.id"]` / `Keys[K]`: the property symbol when the index resolves. */
function elementSymbol(ctx: ScanContext, e: ts.ElementAccessExpression, depth: number): ts.Symbol | undefined {
  const name = evaluateString(ctx, e.argumentExpression, depth + 1);
  if (name === undefined) return undefined;
  const type = ctx.checker.getTypeAtLocation(e.expression);
  return ctx.checker.getPropertyOfType(type, name);
}
