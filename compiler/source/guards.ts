/**
 * What a branch tells about a function's parameters: inside `if (kind === Kind.SERVER) { … }`,
 * `kind` is `Kind.SERVER`. When a parameter is followed from a use inside such a branch, a call
 * site passing a constant the branch excludes (`Kind.CLIENT`) cannot reach the use, and is not
 * followed: a helper shared by two callers (`close(span, Kind.CLIENT, attrs)`) gives each
 * instrument only the keys of the callers that reach it.
 *
 * Only what is certain counts: a comparison of a parameter that is never assigned with a
 * constant (a literal, an enum member, a const holding one), `===`/`!==` (and `==`/`!=` between
 * constants of one type), on the way from the use up to the function, through `if`/`else`,
 * `? :` and the right side of `&&`. Anything else keeps the call site.
 */
import type ts from "typescript";
import { importedFrom, resolvedSymbol, skipOuter, type ScanContext } from "./context.js";

/** The parameter at `index` equals (or differs from) `value` wherever the use runs. */
interface Guard {
  readonly index: number;
  readonly equal: boolean;
  readonly value: string | number;
}

/**
 * Can the call site `call` of `fn` reach `use` (a node inside `fn`)? False only when an argument
 * it passes is a constant that a branch enclosing the use excludes.
 */
export function reaches(ctx: ScanContext, fn: ts.SignatureDeclaration, use: ts.Node | undefined, call: ts.CallExpression): boolean {
  if (!use) return true;
  const guards = guardsOf(ctx, fn, use);
  if (guards.length === 0) return true;
  return guards.every((g) => {
    const args = call.arguments;
    if (args.slice(0, g.index + 1).some((a) => ctx.ts.isSpreadElement(a))) return true;
    const arg = args[g.index] ?? fn.parameters[g.index]?.initializer;
    const value = arg ? constantOf(ctx, arg, 0) : undefined;
    if (value === undefined || typeof value !== typeof g.value) return true;
    return (value === g.value) === g.equal;
  });
}

/** The guards on the way from `use` up to `fn` (memoised per use: every call site asks). */
function guardsOf(ctx: ScanContext, fn: ts.SignatureDeclaration, use: ts.Node): Guard[] {
  let memo = ctx.memo.get("guards") as Map<ts.Node, Guard[]> | undefined;
  if (!memo) ctx.memo.set("guards", (memo = new Map()));
  const known = memo.get(use);
  if (known) return known;
  const t = ctx.ts;
  const out: Guard[] = [];
  let child: ts.Node = use;
  for (let node = use.parent; node && node !== fn; child = node, node = node.parent) {
    if (t.isIfStatement(node) && child !== node.expression) out.push(...conditionGuards(ctx, fn, node.expression, child === node.thenStatement));
    else if (t.isConditionalExpression(node) && child !== node.condition) out.push(...conditionGuards(ctx, fn, node.condition, child === node.whenTrue));
    else if (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.AmpersandAmpersandToken && child === node.right) {
      out.push(...conditionGuards(ctx, fn, node.left, true));
    }
  }
  memo.set(use, out);
  return out;
}

/** What `cond` being `holds` says about `fn`'s parameters: `a === C`, and `a && b` when it holds. */
function conditionGuards(ctx: ScanContext, fn: ts.SignatureDeclaration, cond: ts.Expression, holds: boolean): Guard[] {
  const t = ctx.ts;
  const e = skipOuter(ctx, cond);
  if (t.isParenthesizedExpression(e)) return conditionGuards(ctx, fn, e.expression, holds);
  if (t.isPrefixUnaryExpression(e) && e.operator === t.SyntaxKind.ExclamationToken) return conditionGuards(ctx, fn, e.operand, !holds);
  if (!t.isBinaryExpression(e)) return [];
  const op = e.operatorToken.kind;
  const k = t.SyntaxKind;
  if (op === k.AmpersandAmpersandToken) return holds ? [...conditionGuards(ctx, fn, e.left, true), ...conditionGuards(ctx, fn, e.right, true)] : [];
  if (op === k.BarBarToken) return holds ? [] : [...conditionGuards(ctx, fn, e.left, false), ...conditionGuards(ctx, fn, e.right, false)];
  const strict = op === k.EqualsEqualsEqualsToken || op === k.ExclamationEqualsEqualsToken;
  const loose = op === k.EqualsEqualsToken || op === k.ExclamationEqualsToken;
  if (!strict && !loose) return [];
  const positive = op === k.EqualsEqualsEqualsToken || op === k.EqualsEqualsToken;
  for (const [side, other] of [
    [e.left, e.right],
    [e.right, e.left],
  ] as const) {
    const index = unassignedParameterIndex(ctx, fn, side);
    const value = index === undefined ? undefined : constantOf(ctx, other, 0);
    // `==` between a constant and an argument of another type may coerce: reaches() only
    // decides when both are of one type, where `==` is `===`.
    if (index !== undefined && value !== undefined) return [{ index, equal: positive === holds, value }];
  }
  return [];
}

/** The index of `fn`'s parameter that `e` names, when the function never assigns it. */
function unassignedParameterIndex(ctx: ScanContext, fn: ts.SignatureDeclaration, e: ts.Expression): number | undefined {
  const t = ctx.ts;
  const id = skipOuter(ctx, e);
  if (!t.isIdentifier(id)) return undefined;
  const symbol = resolvedSymbol(ctx, id);
  const decl = symbol?.valueDeclaration;
  if (!decl || !t.isParameter(decl) || decl.parent !== fn || decl.dotDotDotToken || !t.isIdentifier(decl.name)) return undefined;
  return isAssigned(ctx, fn, symbol!) ? undefined : fn.parameters.indexOf(decl);
}

function isAssigned(ctx: ScanContext, fn: ts.SignatureDeclaration, symbol: ts.Symbol): boolean {
  const t = ctx.ts;
  let assigned = false;
  const names = (n: ts.Expression): boolean => t.isIdentifier(skipOuter(ctx, n)) && resolvedSymbol(ctx, skipOuter(ctx, n)) === symbol;
  const visit = (n: ts.Node): void => {
    if (assigned) return;
    if (t.isBinaryExpression(n) && n.operatorToken.kind >= t.SyntaxKind.FirstAssignment && n.operatorToken.kind <= t.SyntaxKind.LastAssignment) {
      // `kind = …`, and destructuring assignments (`[kind] = …`, `({ kind } = …)`) that name it.
      if (names(n.left) || ((t.isArrayLiteralExpression(n.left) || t.isObjectLiteralExpression(n.left)) && mentions(n.left))) assigned = true;
    }
    if ((t.isPrefixUnaryExpression(n) || t.isPostfixUnaryExpression(n)) && (n.operator === t.SyntaxKind.PlusPlusToken || n.operator === t.SyntaxKind.MinusMinusToken)) {
      if (names(n.operand)) assigned = true;
    }
    t.forEachChild(n, visit);
  };
  const mentions = (n: ts.Node): boolean => {
    let found = false;
    const look = (m: ts.Node): void => {
      if (found) return;
      if (t.isIdentifier(m) && resolvedSymbol(ctx, m) === symbol) found = true;
      else t.forEachChild(m, look);
    };
    look(n);
    return found;
  };
  t.forEachChild(fn, visit);
  return assigned;
}

/** An enum member's value, from its literal type (the checker's getConstantValue answers only for const enums). */
function enumMemberValue(ctx: ScanContext, e: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | number | undefined {
  const t = ctx.ts;
  try {
    const symbol = ctx.checker.getSymbolAtLocation(t.isPropertyAccessExpression(e) ? e.name : e);
    if (!symbol || !(symbol.flags & t.SymbolFlags.EnumMember)) return undefined;
    const type = ctx.checker.getTypeAtLocation(e);
    return type.isStringLiteral() || type.isNumberLiteral() ? type.value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The enums of @opentelemetry/api, whose values the API specification fixes: known when the
 * package is not installed where the scan runs (no type information to ask).
 */
const API_ENUMS: ReadonlyMap<string, Readonly<Record<string, number>>> = new Map<string, Readonly<Record<string, number>>>([
  ["SpanKind", { INTERNAL: 0, SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 }],
  ["SpanStatusCode", { UNSET: 0, OK: 1, ERROR: 2 }],
  ["ValueType", { INT: 0, DOUBLE: 1 }],
]);

function apiEnumMember(ctx: ScanContext, e: ts.Expression): number | undefined {
  const t = ctx.ts;
  if (!t.isPropertyAccessExpression(e) || !t.isIdentifier(e.expression) || !t.isIdentifier(e.name)) return undefined;
  const members = API_ENUMS.get(e.expression.text);
  if (!members || !Object.hasOwn(members, e.name.text)) return undefined;
  // Only the API's own enum, imported under its own name (not a local one that shadows it).
  const spec = importedFrom(ctx, e.expression);
  return spec === "@opentelemetry/api" && importedName(ctx, e.expression) === e.expression.text ? members[e.name.text] : undefined;
}

/** `import { A as B }`: the name a local import binding has in its module. */
function importedName(ctx: ScanContext, id: ts.Identifier): string | undefined {
  const decl = ctx.checker.getSymbolAtLocation(id)?.declarations?.[0];
  if (!decl || !ctx.ts.isImportSpecifier(decl)) return undefined;
  return (decl.propertyName ?? decl.name).text;
}

/**
 * The value a constant expression always has: a string or number literal, `-1`, an enum member
 * (`SpanKind.CLIENT`, from the checker), or a const variable initialised with one of those.
 */
function constantOf(ctx: ScanContext, expr: ts.Expression, depth: number): string | number | undefined {
  const t = ctx.ts;
  const e = skipOuter(ctx, expr);
  if (t.isStringLiteralLike(e)) return e.text;
  if (t.isNumericLiteral(e)) return Number(e.text);
  if (t.isPrefixUnaryExpression(e) && e.operator === t.SyntaxKind.MinusToken && t.isNumericLiteral(e.operand)) return -Number(e.operand.text);
  if (t.isPropertyAccessExpression(e) || t.isElementAccessExpression(e)) {
    return enumMemberValue(ctx, e) ?? apiEnumMember(ctx, e);
  }
  if (t.isIdentifier(e) && depth < 4) {
    const decl = resolvedSymbol(ctx, e)?.valueDeclaration;
    if (decl && t.isVariableDeclaration(decl) && decl.initializer && t.getCombinedNodeFlags(decl) & t.NodeFlags.Const) {
      return constantOf(ctx, decl.initializer, depth + 1);
    }
  }
  return undefined;
}
