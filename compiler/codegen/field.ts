/**
 * What the generated code does with one present value of one declared field at one sink,
 * written against the name a function gives that sink's context: `r` in a per-sink function,
 * `r0`, `r1`, … in the all-sinks span function (spans-all-sinks.ts). Each field is one
 * expression: the per-field work (the site's one-entry cache, counting, detectors) lives in
 * the runtime's SinkContext methods, so a module holds one short line per field and sink.
 */
import type { SinkView } from "../flows.js";
import { num, str } from "./literal.js";

export type FieldAt = SinkView["fields"][number];

/** `r.count(slot);` — a value that is dropped whatever it is, counted. */
export function bump(r: string, slot: number): string {
  return `${r}.count(${num(slot)});`;
}

/** `r.wrongType(slot)` */
export function wrongType(r: string, slot: number): string {
  return `${r}.wrongType(${num(slot)})`;
}

/**
 * The action on a present value `v` (or the local named `v`) of the declared type, as ONE
 * expression (the field's result; undefined when dropped):
 *
 *   r.hashText(v, 1)    // a string, hashed
 *   r.kept(v, 4)        // a number, kept
 *
 * A number or boolean kept goes as it is (detectors read text only); a string goes through the
 * `…Text` method of its action, whose first step is the site's one-entry cache (the value it saw
 * last and what left for it); arrays through the general method. Undefined for `drop`, which
 * only counts (see {@link bump}) whatever the value's type.
 */
export function actionCall(site: FieldAt, slot: number, r: string, v = "v"): string | undefined {
  const { action, field } = site;
  const s = `${v}, ${num(slot)}`;
  const method = (name: string) => (field.type === "string" ? `${name}Text` : name);
  switch (action.kind) {
    case "drop":
      return undefined;
    case "keep":
      return field.type === "int" || field.type === "double" || field.type === "boolean" ? `${r}.kept(${s})` : `${r}.${method("keep")}(${s})`;
    case "hash":
      return `${r}.${method("hash")}(${s})`;
    case "mask":
      return `${r}.${method("mask")}(${v}, ${num(action.keepLast)}, ${num(slot)})`;
    case "truncate":
      return `${r}.${method("truncate")}(${v}, ${num(action.length)}, ${num(slot)})`;
    case "replace":
      return `${r}.replace(${v}, ${str(action.with)}, ${num(slot)})`;
  }
}
