/**
 * What the generated code does with one present value of one declared field at one sink,
 * written against the name a function gives that sink's context: `r` in a per-sink function,
 * `r0`, `r1`, … in the all-sinks span function (spans-all-sinks.ts). Each field is one
 * expression: the per-field work (the site's one-entry cache, counting, detectors) lives in
 * the runtime's SinkContext methods, so a module holds one short line per field and sink.
 */
import type { SinkView } from "../flows.js";
import { literal } from "./literal.js";
import type { Expression, Statement, TS } from "./ts-api.js";

export type FieldAt = SinkView["fields"][number];

/** Writes a field's result: `always` when the value can never be undefined (no check needed). */
export type Store = (value: Expression, always: boolean) => Statement;

/** The identifier a function uses for one sink's context. */
export interface SinkNames {
  readonly r: string;
}

export const ONE_SINK: SinkNames = { r: "r" };

export function sinkNames(index: number): SinkNames {
  return { r: `r${index}` };
}

/** `r.method(args)` for the sink named by `names`. */
export function callOn(ts: TS, names: SinkNames, method: string, args: Expression[]): Expression {
  const f = ts.factory;
  return f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(names.r), method), undefined, args);
}

/** `r.count(slot);` — a value that is dropped whatever it is, counted. */
export function bump(ts: TS, names: SinkNames, slot: number): Statement {
  return ts.factory.createExpressionStatement(callOn(ts, names, "count", [literal(ts, slot)]));
}

/** `r.wrongType(slot);` */
export function wrongType(ts: TS, names: SinkNames, slot: number): Statement {
  return ts.factory.createExpressionStatement(callOn(ts, names, "wrongType", [literal(ts, slot)]));
}

/**
 * The action on a present value `v` of the declared type, as ONE expression (the field's
 * result; undefined when dropped), `store` writing it:
 *
 *   x1 = typeof v === "string" ? r.hashText(v, 1) : r.wrongType(1);    // a string, hashed
 *   x4 = typeof v === "number" ? r.kept(v, 4) : r.wrongType(4);         // a number, kept
 *
 * A number or boolean kept goes as it is (detectors read text only); a string goes through the
 * `…Text` method of its action, whose first step is the site's one-entry cache (the value it saw
 * last and what left for it); arrays through the general method. Undefined for `drop`, which
 * only counts (see {@link bump}) whatever the value's type.
 */
export function actionCall(ts: TS, site: FieldAt, slot: number, names: SinkNames): Expression | undefined {
  const f = ts.factory;
  const { action, field } = site;
  if (action.kind === "drop") return undefined;
  const v = f.createIdentifier("v");
  const s = literal(ts, slot);
  const text = field.type === "string";
  const method = (name: string) => (text ? `${name}Text` : name);
  const call = (name: string, args: Expression[]) => callOn(ts, names, name, args);
  switch (action.kind) {
    case "keep":
      return field.type === "int" || field.type === "double" || field.type === "boolean" ? call("kept", [v, s]) : call(method("keep"), [v, s]);
    case "hash":
      return call(method("hash"), [v, s]);
    case "mask":
      return call(method("mask"), [v, literal(ts, action.keepLast), s]);
    case "truncate":
      return call(method("truncate"), [v, literal(ts, action.length), s]);
    case "replace":
      return call("replace", [v, f.createStringLiteral(action.with), s]);
  }
}

/** `check ? <action> : r.wrongType(slot)` — the field's result whatever the value's type. */
export function typedAction(ts: TS, site: FieldAt, slot: number, check: Expression, names: SinkNames): Expression | undefined {
  const action = actionCall(ts, site, slot, names);
  if (action === undefined) return undefined;
  return ts.factory.createConditionalExpression(check, undefined, action, undefined, callOn(ts, names, "wrongType", [literal(ts, slot)]));
}
