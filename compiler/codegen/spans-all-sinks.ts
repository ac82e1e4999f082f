/**
 * Per span name, ONE function that builds the attributes of every sink receiving traces in a
 * single pass: each declared key is read, checked for presence and for its type once, then
 * each sink's action runs with that sink's context and caches. The runtime's span fan-out
 * calls it once per span instead of one per-sink function per sink.
 *
 *   function all_span_0(a, R, out) {
 *     const r0 = R[0]!;
 *     const r1 = R[1]!;
 *     let n = 0, v, x0_0, x1_0, …;
 *     v = a["order.id"];
 *     if (v != null) { n++; if (typeof v === "string") { x0_0 = r0.keepText(v, 0); x1_0 = r1.hashText(v, 0); } else { r0.wrongType(0); r1.wrongType(0); } }
 *     …
 *     if (Object.keys(a).length > n) { r0.dropUndeclaredRest(a, n, 15); r1.dropUndeclaredRest(a, n, 15); }
 *     { <sink 0's copy into out[0]> } { <sink 1's copy into out[1]> }
 *   }
 *
 * The per-sink functions stay: the runtime uses them for a span name the contract does not
 * declare and when a service is started with exporters for only some of its sinks. Each sink's
 * counters are the per-sink functions' slots, so both paths count the same way. Written only
 * when two or more sinks receive traces and none keeps undeclared keys.
 */
import type { SinkView } from "../flows.js";
import { copyStatements, functionDeclaration, present, readKey, typeCheck } from "./emit.js";
import { actionCall, bump, sinkNames, wrongType, type FieldAt } from "./field.js";
import { literal } from "./literal.js";
import type { SinkCode } from "./redactors.js";
import type { Expression, Statement, TS } from "./ts-api.js";

type TypeNode = import("typescript").TypeNode;

export interface TraceSink {
  readonly view: SinkView;
  readonly code: SinkCode;
}

export interface SpansAllSinksCode {
  readonly statements: Statement[];
  /** `{ sinks: [...], span: all_span }`: the plan's `spans`. */
  readonly plan: Expression;
}

/** The first declaration of each key wins, as in the types and the per-sink functions. */
function uniqueSites(view: SinkView, spanName: string): FieldAt[] {
  const seen = new Set<string>();
  return view.fields.filter((s) => s.span === spanName && s.event === undefined && !seen.has(s.field.key) && seen.add(s.field.key));
}

interface SinkSites {
  readonly sites: FieldAt[];
  /** Counter slot per site, and the slot of undeclared keys. */
  readonly slots: number[];
  readonly undeclared: number;
}

/** Each sink's sites and slots for one span name, or undefined when the sinks do not line up. */
function sitesOfEvery(sinks: readonly TraceSink[], spanName: string): SinkSites[] | undefined {
  const where = `span:${spanName}`;
  const result: SinkSites[] = [];
  let keys: string | undefined;
  for (const { view, code } of sinks) {
    const sites = uniqueSites(view, spanName);
    const signature = JSON.stringify(sites.map((s) => [s.field.key, s.field.type]));
    if (keys !== undefined && signature !== keys) return undefined;
    keys = signature;
    const slots = sites.map((s) => code.slots.findIndex((slot) => slot.where === where && slot.key === s.field.key));
    const undeclared = code.slots.findIndex((slot) => slot.where === where && slot.key === "*");
    if (slots.some((slot) => slot < 0) || undeclared < 0) return undefined;
    result.push({ sites, slots, undeclared });
  }
  return result;
}

export function spansAllSinks(ts: TS, sinks: readonly TraceSink[]): SpansAllSinksCode | undefined {
  if (sinks.length < 2 || sinks.some((s) => s.view.undeclared === "keep")) return undefined;
  const f = ts.factory;
  const id = (name: string) => f.createIdentifier(name);
  const statements: Statement[] = [];
  const cases: [string, string][] = [];
  const names = sinks.map((_, k) => sinkNames(k));
  // The parameters: the shared attributes, every sink's context, and where each sink's copy goes.
  const A: readonly [string, TypeNode] = ["a", f.createTypeReferenceNode("Attributes")];
  const R: readonly [string, TypeNode] = ["R", f.createTypeOperatorNode(ts.SyntaxKind.ReadonlyKeyword, f.createArrayTypeNode(f.createTypeReferenceNode("SinkContext")))];
  const OUT: readonly [string, TypeNode] = ["out", f.createArrayTypeNode(f.createTypeReferenceNode("Attributes"))];

  for (const spanName of sinks[0]!.code.spanNames) {
    const every = sitesOfEvery(sinks, spanName);
    if (every === undefined) continue;
    const fn = `all_span_${cases.length}`;
    cases.push([spanName, fn]);
    const fields = every[0]!.sites;
    const locals: import("typescript").VariableDeclaration[] = [];
    if (fields.length > 0) {
      locals.push(f.createVariableDeclaration("n", undefined, undefined, literal(ts, 0)), f.createVariableDeclaration("v"));
    }
    const leaving: { key: string; local: string }[][] = sinks.map(() => []);
    const body: Statement[] = [];
    fields.forEach((field, i) => {
      const always: Statement[] = [];
      const typed: Statement[] = [];
      const wrong: Statement[] = [];
      every.forEach(({ sites, slots }, k) => {
        const site = sites[i]!;
        const slot = slots[i]!;
        const local = `x${k}_${i}`;
        const action = actionCall(ts, site, slot, names[k]!);
        if (action === undefined) {
          always.push(bump(ts, names[k]!, slot));
          return;
        }
        leaving[k]!.push({ key: site.field.key, local });
        locals.push(f.createVariableDeclaration(local));
        typed.push(f.createExpressionStatement(f.createAssignment(id(local), action)));
        wrong.push(wrongType(ts, names[k]!, slot));
      });
      const line = (statements: Statement[]) => ts.setEmitFlags(f.createBlock(statements, false), ts.EmitFlags.SingleLine);
      const checked = typed.length > 0 ? [f.createIfStatement(typeCheck(ts, field.field.type, id("v"), names[0]!.r), line(typed), line(wrong))] : [];
      body.push(
        f.createExpressionStatement(f.createAssignment(id("v"), readKey(ts, "a", field.field.key))),
        f.createIfStatement(present(ts, id("v")), line([f.createExpressionStatement(f.createPostfixIncrement(id("n"))), ...always, ...checked])),
      );
    });
    // Undeclared keys: counted at every sink, looked for once (the common case has none).
    const declaredPresent = fields.length > 0 ? id("n") : literal(ts, 0);
    const keyCount = f.createPropertyAccessExpression(f.createCallExpression(f.createPropertyAccessExpression(id("Object"), "keys"), undefined, [id("a")]), "length");
    body.push(
      f.createIfStatement(
        f.createBinaryExpression(keyCount, ts.SyntaxKind.GreaterThanToken, declaredPresent),
        f.createBlock(
          every.map(({ undeclared }, k) =>
            f.createExpressionStatement(
              f.createCallExpression(f.createPropertyAccessExpression(id(names[k]!.r), "dropUndeclaredRest"), undefined, [id("a"), declaredPresent, literal(ts, undeclared)]),
            ),
          ),
          true,
        ),
      ),
    );
    leaving.forEach((fieldsOut, k) => {
      const deliver = (copy: Expression) =>
        f.createExpressionStatement(f.createAssignment(f.createElementAccessExpression(id("out"), literal(ts, k)), copy));
      body.push(f.createBlock(copyStatements(ts, fieldsOut, deliver), true));
    });
    const prologue = names.map((n, k) =>
      f.createVariableStatement(
        undefined,
        f.createVariableDeclarationList(
          [
            f.createVariableDeclaration(n.r, undefined, undefined, f.createNonNullExpression(f.createElementAccessExpression(id("R"), literal(ts, k)))),
          ],
          ts.NodeFlags.Const,
        ),
      ),
    );
    const declarations = locals.length > 0 ? [f.createVariableStatement(undefined, f.createVariableDeclarationList(locals, ts.NodeFlags.Let))] : [];
    statements.push(functionDeclaration(ts, fn, [A, R, OUT], f.createKeywordTypeNode(ts.SyntaxKind.VoidKeyword), [...prologue, ...declarations, ...body]));
  }
  if (cases.length === 0) return undefined;

  // function all_span(n, a, R, out): boolean { switch (n) { case "…": all_span_0(a, R, out); return true; … default: return false; } }
  const call = (fn: string) => f.createExpressionStatement(f.createCallExpression(id(fn), undefined, [id("a"), id("R"), id("out")]));
  const dispatch = f.createSwitchStatement(
    id("n"),
    f.createCaseBlock([
      ...cases.map(([spanName, fn]) => f.createCaseClause(f.createStringLiteral(spanName), [call(fn), f.createReturnStatement(f.createTrue())])),
      f.createDefaultClause([f.createReturnStatement(f.createFalse())]),
    ]),
  );
  const name: readonly [string, TypeNode] = ["n", f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword)];
  statements.push(functionDeclaration(ts, "all_span", [name, A, R, OUT], f.createKeywordTypeNode(ts.SyntaxKind.BooleanKeyword), [dispatch]));
  const plan = f.createObjectLiteralExpression(
    [
      f.createPropertyAssignment("sinks", literal(ts, sinks.map((s) => s.view.sink.name))),
      f.createPropertyAssignment("span", id("all_span")),
    ],
    true,
  );
  return { statements, plan };
}

