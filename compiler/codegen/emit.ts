/**
 * The statement and expression builders of the per-sink writer (redactors.ts) that do not depend
 * on its state: type checks, guarded reads, own-property writes, the copy. Every key is a string
 * literal made by the factory.
 */
import type { AttributeType } from "../../contracts/model.js";
import type { Expression, Statement, TS } from "./ts-api.js";

type TypeNode = import("typescript").TypeNode;

/** `function name(p1: T1, …): R { body }` */
export function functionDeclaration(ts: TS, name: string, params: readonly (readonly [string, TypeNode])[], returns: TypeNode, body: Statement[]): Statement {
  const f = ts.factory;
  return f.createFunctionDeclaration(
    undefined,
    undefined,
    name,
    undefined,
    params.map(([param, type]) => f.createParameterDeclaration(undefined, undefined, param, undefined, type)),
    returns,
    f.createBlock(body, true),
  );
}

/** `typeof v === "…"` (and friends) for a declared type; `r.isArrayOf(v, "string")` for arrays (`r`: a sink context's name). */
export function typeCheck(ts: TS, type: AttributeType, v: Expression, r: string): Expression {
  const f = ts.factory;
  const typeofIs = (t: string) => f.createBinaryExpression(f.createTypeOfExpression(v), ts.SyntaxKind.EqualsEqualsEqualsToken, f.createStringLiteral(t));
  switch (type) {
    case "string":
      return typeofIs("string");
    case "boolean":
      return typeofIs("boolean");
    case "int":
      return f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier("Number"), "isInteger"), undefined, [v]);
    case "double":
      return typeofIs("number");
    default:
      return f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(r), "isArrayOf"), undefined, [v, f.createStringLiteral(type.slice(0, -2))]);
  }
}

/**
 * `target["key"] = value` — or, for the key `__proto__`, whose assignment would set the copy's
 * prototype instead, `Object.defineProperty(target, "__proto__", { value, enumerable: true, … })`.
 */
export function setOwn(ts: TS, target: string, key: string, value: Expression): Statement {
  const f = ts.factory;
  if (key !== "__proto__") {
    return f.createExpressionStatement(f.createAssignment(f.createElementAccessExpression(f.createIdentifier(target), f.createStringLiteral(key)), value));
  }
  const descriptor = f.createObjectLiteralExpression(
    [
      f.createPropertyAssignment("value", value),
      f.createPropertyAssignment("enumerable", f.createTrue()),
      f.createPropertyAssignment("writable", f.createTrue()),
      f.createPropertyAssignment("configurable", f.createTrue()),
    ],
    false,
  );
  return f.createExpressionStatement(
    f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier("Object"), "defineProperty"), undefined, [
      f.createIdentifier(target),
      f.createStringLiteral(key),
      descriptor,
    ]),
  );
}

/**
 * `a["key"]` — guarded by `Object.hasOwn` for keys that exist on Object.prototype
 * (`constructor`, `toString`, …), which must be read only when they are own properties.
 */
export function readKey(ts: TS, source: string, key: string): Expression {
  const f = ts.factory;
  const read = f.createElementAccessExpression(f.createIdentifier(source), f.createStringLiteral(key));
  if (!(key in Object.prototype)) return read;
  return f.createConditionalExpression(
    f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier("Object"), "hasOwn"), undefined, [f.createIdentifier(source), f.createStringLiteral(key)]),
    undefined,
    read,
    undefined,
    f.createIdentifier("undefined"),
  );
}

/** `v != null` (neither undefined nor null) */
export function present(ts: TS, v: Expression): Expression {
  return ts.factory.createBinaryExpression(v, ts.SyntaxKind.ExclamationEqualsToken, ts.factory.createNull());
}

/** Past this many fields that may leave, the copy is built key by key only (engines make huge literals slow). */
const MAX_LITERAL_FIELDS = 64;

/**
 * Statements that hand the copy of the fields that may leave (each in its local, undefined when
 * absent or dropped) to `deliver`: when every one is there (the usual case), as ONE object
 * literal, so the engine allocates it whole with a fixed shape; otherwise key by key into `o`.
 *
 *   if (x0 !== undefined && x1 !== undefined) <deliver { "order.id": x0, "user.email": x1 }>
 *   else { const o: Attributes = {}; if (x0 !== undefined) o["order.id"] = x0; …; <deliver o> }
 */
export function copyStatements(ts: TS, leaving: readonly { key: string; local: string }[], deliver: (copy: Expression) => Statement): Statement[] {
  const f = ts.factory;
  const id = (name: string) => f.createIdentifier(name);
  const defined = (local: string) => f.createBinaryExpression(id(local), ts.SyntaxKind.ExclamationEqualsEqualsToken, id("undefined"));
  const keyByKey: Statement[] = [
    f.createVariableStatement(
      undefined,
      f.createVariableDeclarationList([f.createVariableDeclaration("o", undefined, f.createTypeReferenceNode("Attributes"), f.createObjectLiteralExpression())], ts.NodeFlags.Const),
    ),
    ...leaving.map(({ key, local }) => f.createIfStatement(defined(local), setOwn(ts, "o", key, id(local)))),
    deliver(id("o")),
  ];
  if (leaving.length === 0 || leaving.length > MAX_LITERAL_FIELDS) return keyByKey;
  const allThere = leaving.map(({ local }) => defined(local)).reduce((l, r) => f.createBinaryExpression(l, ts.SyntaxKind.AmpersandAmpersandToken, r));
  const literalCopy = f.createObjectLiteralExpression(
    // a computed `["__proto__"]` defines an own property; a plain `"__proto__":` would set the prototype
    leaving.map(({ key, local }) =>
      f.createPropertyAssignment(key === "__proto__" ? f.createComputedPropertyName(f.createStringLiteral(key)) : f.createStringLiteral(key), id(local)),
    ),
    false,
  );
  return [f.createIfStatement(allThere, deliver(literalCopy), f.createBlock(keyByKey, true))];
}
