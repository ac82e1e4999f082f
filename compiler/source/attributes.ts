/**
 * Resolving an attribute object to its keys: object literals (with computed keys and spreads),
 * variables whose initialiser is one, keys added by assignment before the use, and, as a last
 * resort, the properties of the expression's type when that type lists them.
 * What cannot be resolved comes back as an entry without a key: a `source/dynamic-key`.
 */
import type ts from "typescript";
import { resolvedSymbol, skipOuter, type ScanContext } from "./context.js";
import { evaluateStrings } from "./values.js";

export interface KeyUse {
  /** The resolved key, or undefined when it cannot be known statically. */
  readonly key: string | undefined;
  /** The source text standing for the key (for dynamic keys' subjects and messages). */
  readonly text: string;
  /** Where to point: the key expression, property name, or the object that could not be read. */
  readonly node: ts.Node;
  /** For an unresolved key: why, in words, when there is more to say than "dynamic". */
  readonly reason?: string;
}

const MAX_DEPTH = 8;

export function shortText(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, " ");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The keys of a single-key site (`setAttribute(k, v)`): several when k's type is a union of literals. */
export function keyUses(ctx: ScanContext, key: ts.Expression): KeyUse[] {
  const values = evaluateStrings(ctx, key);
  if (!values) return [{ key: undefined, text: shortText(key), node: key }];
  return values.map((value) => ({ key: value, text: value, node: key }));
}

/** The keys of an attribute object. */
export function attributeKeys(ctx: ScanContext, expr: ts.Expression, depth = 0): KeyUse[] {
  const t = ctx.ts;
  const e = skipOuter(ctx, expr);
  if (depth > MAX_DEPTH) return [dynamic(e)];
  if (t.isObjectLiteralExpression(e)) return objectLiteralKeys(ctx, e, depth);
  if (t.isConditionalExpression(e)) {
    return [...attributeKeys(ctx, e.whenTrue, depth + 1), ...attributeKeys(ctx, e.whenFalse, depth + 1)];
  }
  if (t.isBinaryExpression(e) && isDefaulting(t, e.operatorToken.kind)) {
    return [...attributeKeys(ctx, e.left, depth + 1), ...attributeKeys(ctx, e.right, depth + 1)];
  }
  if (t.isIdentifier(e)) {
    const fromDeclaration = variableKeys(ctx, e, depth);
    if (fromDeclaration) return fromDeclaration;
  }
  if (t.isCallExpression(e) && isObjectAssign(t, e)) {
    return e.arguments.flatMap((a) => attributeKeys(ctx, a, depth + 1));
  }
  return typeKeys(ctx, e) ?? [dynamic(e, t.isIdentifier(e) ? parameterReason(ctx, e) : undefined)];
}

/**
 * `function tag(span: Span, attrs: Attributes) { span.setAttributes(attrs) }`: the commonest
 * dynamic attribute object, worth saying exactly what it is.
 */
function parameterReason(ctx: ScanContext, id: ts.Identifier): string | undefined {
  const t = ctx.ts;
  const decl = resolvedSymbol(ctx, id)?.valueDeclaration;
  if (!decl || !t.isParameter(decl)) return undefined;
  const fn = decl.parent;
  const fnName = fn.name && (t.isIdentifier(fn.name) || t.isPrivateIdentifier(fn.name)) ? `\`${fn.name.text}\`` : "its function";
  const typed = decl.type ? ` typed \`${shortText(decl.type)}\`` : "";
  return `\`${id.text}\` is a parameter of ${fnName}${typed}, so its keys are only known where ${fnName} is called`;
}

function isDefaulting(t: ScanContext["ts"], kind: ts.SyntaxKind): boolean {
  return kind === t.SyntaxKind.QuestionQuestionToken || kind === t.SyntaxKind.BarBarToken;
}

function isObjectAssign(t: ScanContext["ts"], call: ts.CallExpression): boolean {
  const c = call.expression;
  return (
    t.isPropertyAccessExpression(c) &&
    t.isIdentifier(c.expression) &&
    c.expression.text === "Object" &&
    c.name.text === "assign"
  );
}

function dynamic(node: ts.Expression, reason?: string): KeyUse {
  const use = { key: undefined, text: `...${shortText(node)}`, node };
  return reason === undefined ? use : { ...use, reason };
}

function objectLiteralKeys(ctx: ScanContext, obj: ts.ObjectLiteralExpression, depth: number): KeyUse[] {
  const t = ctx.ts;
  const out: KeyUse[] = [];
  for (const prop of obj.properties) {
    if (t.isSpreadAssignment(prop)) {
      out.push(...attributeKeys(ctx, prop.expression, depth + 1));
      continue;
    }
    const name = prop.name;
    if (!name) continue;
    if (t.isComputedPropertyName(name)) {
      out.push(...keyUses(ctx, name.expression));
    } else if (t.isIdentifier(name) || t.isStringLiteralLike(name) || t.isNumericLiteral(name)) {
      out.push({ key: name.text, text: name.text, node: name });
    } else {
      out.push({ key: undefined, text: shortText(name), node: name });
    }
  }
  return out;
}

/**
 * `const attrs = {…}; attrs[K] = v; attrs.x = v; Object.assign(attrs, {…}); span.setAttributes(attrs)`:
 * the initialiser's keys plus those added before the use in the declaring scope.
 */
function variableKeys(ctx: ScanContext, id: ts.Identifier, depth: number): KeyUse[] | undefined {
  const t = ctx.ts;
  const symbol = resolvedSymbol(ctx, id);
  const decl = symbol?.valueDeclaration;
  if (!symbol || !decl || !t.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  if (!t.isIdentifier(decl.name)) return undefined;
  const keys = attributeKeys(ctx, decl.initializer, depth + 1);
  const scope = enclosingScope(t, decl);
  const usedAt = id.getStart();
  const visit = (node: ts.Node): void => {
    if (node.pos >= usedAt) return;
    if (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.EqualsToken) {
      const target = skipOuter(ctx, node.left);
      if ((t.isElementAccessExpression(target) || t.isPropertyAccessExpression(target)) && refersTo(ctx, target.expression, symbol)) {
        if (t.isPropertyAccessExpression(target)) keys.push({ key: target.name.text, text: target.name.text, node: target.name });
        else keys.push(...keyUses(ctx, target.argumentExpression));
      }
    }
    if (t.isCallExpression(node) && isObjectAssign(t, node)) {
      const [first, ...rest] = node.arguments;
      if (first && refersTo(ctx, first, symbol)) keys.push(...rest.flatMap((a) => attributeKeys(ctx, a, depth + 1)));
    }
    t.forEachChild(node, visit);
  };
  t.forEachChild(scope, visit);
  return keys;
}

function refersTo(ctx: ScanContext, e: ts.Expression, symbol: ts.Symbol): boolean {
  const inner = skipOuter(ctx, e);
  return ctx.ts.isIdentifier(inner) && resolvedSymbol(ctx, inner) === symbol;
}

function enclosingScope(t: ScanContext["ts"], node: ts.Node): ts.Node {
  let n: ts.Node = node.parent;
  while (!t.isSourceFile(n) && !t.isFunctionLike(n) && !t.isClassStaticBlockDeclaration(n)) n = n.parent;
  return n;
}

/** When the type lists its properties (no index signature, not any), those are the keys. */
function typeKeys(ctx: ScanContext, e: ts.Expression): KeyUse[] | undefined {
  const t = ctx.ts;
  let type: ts.Type;
  try {
    type = ctx.checker.getNonNullableType(ctx.checker.getTypeAtLocation(e));
  } catch {
    return undefined;
  }
  if (type.flags & (t.TypeFlags.Any | t.TypeFlags.Unknown | t.TypeFlags.Never)) return undefined;
  if (type.isUnion() || type.isIntersection() || !(type.flags & t.TypeFlags.Object)) return undefined;
  if (ctx.checker.getIndexInfosOfType(type).length > 0) return undefined;
  const props = ctx.checker.getPropertiesOfType(type);
  if (props.length === 0) return undefined;
  return props.map((p) => ({ key: p.getName(), text: p.getName(), node: e }));
}
