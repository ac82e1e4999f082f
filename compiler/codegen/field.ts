/**
 * What the generated code does with one present value of one declared field at one sink,
 * written against the names a function gives that sink's context (`r`) and its caches (`L`,
 * `O`: SinkContext.lastIn/lastOut; `S`: its counters). A per-sink function names them `r`,
 * `L`, `O`, `S`; the all-sinks span function (spans-all-sinks.ts) `r0`, `L0`, … per sink.
 */
import type { SinkView } from "../flows.js";
import { literal } from "./literal.js";
import type { Expression, Statement, TS } from "./ts-api.js";

export type FieldAt = SinkView["fields"][number];

/** Writes a field's result: `always` when the value can never be undefined (no check needed). */
export type Store = (value: Expression, always: boolean) => Statement;

/** The identifiers a function uses for one sink. */
export interface SinkNames {
  readonly r: string;
  readonly L: string;
  readonly O: string;
  readonly S: string;
}

export const ONE_SINK: SinkNames = { r: "r", L: "L", O: "O", S: "S" };

export function sinkNames(index: number): SinkNames {
  return { r: `r${index}`, L: `L${index}`, O: `O${index}`, S: `S${index}` };
}

/** `r.method(args)` for the sink named by `names`. */
export function callOn(ts: TS, names: SinkNames, method: string, args: Expression[]): Expression {
  const f = ts.factory;
  return f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(names.r), method), undefined, args);
}

/** `const L = r.lastIn, O = r.lastOut, S = r.seen;` — the site caches and counters the fast path reads. */
export function cachesOf(ts: TS, names: SinkNames): import("typescript").VariableDeclaration[] {
  const f = ts.factory;
  const of = (property: string) => f.createPropertyAccessExpression(f.createIdentifier(names.r), property);
  return [
    f.createVariableDeclaration(names.L, undefined, undefined, of("lastIn")),
    f.createVariableDeclaration(names.O, undefined, undefined, of("lastOut")),
    f.createVariableDeclaration(names.S, undefined, undefined, of("seen")),
  ];
}

/** `S[slot]!++;` */
export function bump(ts: TS, names: SinkNames, slot: number): Statement {
  const f = ts.factory;
  return f.createExpressionStatement(f.createPostfixIncrement(f.createNonNullExpression(f.createElementAccessExpression(f.createIdentifier(names.S), literal(ts, slot)))));
}

/** `r.wrongType(slot);` */
export function wrongType(ts: TS, names: SinkNames, slot: number): Statement {
  return ts.factory.createExpressionStatement(callOn(ts, names, "wrongType", [literal(ts, slot)]));
}

/**
 * The action on a present value `v` of the declared type, `store` writing the result:
 *
 *   { if (v === L[1]) { S[1]!++; x1 = O[1]; } else x1 = r.hashText(v, 1); }   // a string, hashed
 *   { S[4]!++; x4 = v; }                                                      // a number, kept
 *
 * A number or boolean kept goes as it is (detectors read text only); a string goes through
 * the `…Text` method of its action — unless it is the value the site saw last, whose output
 * the sink remembered; arrays through the general method. Undefined for `drop`, which only
 * counts (see {@link bump}) whatever the value's type.
 */
export function typedAction(ts: TS, site: FieldAt, slot: number, store: Store, names: SinkNames): Statement | undefined {
  const f = ts.factory;
  const { action, field } = site;
  if (action.kind === "drop") return undefined;
  const v = f.createIdentifier("v");
  const s = literal(ts, slot);
  const text = field.type === "string";
  const method = (name: string) => (text ? `${name}Text` : name);
  const call = (name: string, args: Expression[]) => callOn(ts, names, name, args);
  let then: Statement;
  switch (action.kind) {
    case "keep":
      then =
        field.type === "int" || field.type === "double" || field.type === "boolean"
          ? f.createBlock([bump(ts, names, slot), store(v, true)], false)
          : store(call(method("keep"), [v, s]), false);
      break;
    case "hash":
      then = store(call(method("hash"), [v, s]), false);
      break;
    case "mask":
      then = store(call(method("mask"), [v, literal(ts, action.keepLast), s]), false);
      break;
    case "truncate":
      then = store(call(method("truncate"), [v, literal(ts, action.length), s]), false);
      break;
    case "replace":
      then = store(call("replace", [v, f.createStringLiteral(action.with), s]), false);
      break;
  }
  if (text && action.kind !== "replace") {
    // the value this site saw last (and no detector fired on): counted, its output reused, no call
    then = f.createBlock(
      [
        f.createIfStatement(
          f.createBinaryExpression(v, ts.SyntaxKind.EqualsEqualsEqualsToken, f.createElementAccessExpression(f.createIdentifier(names.L), s)),
          f.createBlock([bump(ts, names, slot), store(f.createElementAccessExpression(f.createIdentifier(names.O), s), false)], true),
          f.createBlock([then], true),
        ),
      ],
      true,
    );
  }
  return then;
}
