/**
 * What a record pays in statement-group conditions (compiler/collector/config.ts): the transform
 * processor evaluates every group's condition on every record, and OTTL stops an `and` at its first
 * false term and an `or` at its first true one, so the order of the terms is work. Counted here by
 * evaluating the generated conditions term by term on examples/shop's spans — one of each service
 * at its first declared span name (bench/collector.mjs's load) and one at a name it does not
 * declare — through the eu-west-1 gateway's shared stage and each sink's trace transform.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContractSet } from "../../contracts/load.js";
import { acceptedServices, gatewayConfig, type CollectorConfig, type TransformConfig } from "../../compiler/collector/index.js";
import type { ContractSet } from "../../contracts/model.js";
import { parseCondition } from "./ottl-interpreter.js";
import { REPO } from "../codegen/support.js";

type Expr = ReturnType<typeof parseCondition>;

interface Span {
  readonly service: string;
  readonly name: string;
}

/** A term's value on a span without the shared stage's marks (no hit): its name and service are what conditions read. */
function term(expr: Expr, span: Span): boolean {
  const value = (e: Expr): string | undefined => {
    if (e.e === "lit") return e.v?.t === "str" ? e.v.v : undefined;
    if (e.e === "path" && e.name === "name" && e.key === undefined) return span.name;
    if (e.e === "path" && e.name === "resource.attributes" && e.key === "service.name") return span.service;
    if (e.e === "path" && e.name === "attributes") return undefined;
    throw new Error(`unexpected ${JSON.stringify(e)}`);
  };
  if (is(expr, "cmp")) return (value(expr.a) === value(expr.b)) === (expr.op === "==");
  if (expr.e === "call" && expr.name === "IsMatch") {
    const [target, pattern] = expr.args.map(value);
    return target !== undefined && new RegExp(pattern!).test(target);
  }
  throw new Error(`unexpected ${JSON.stringify(expr)}`);
}
const is = <K extends Expr["e"]>(expr: Expr, kind: K): expr is Extract<Expr, { e: K }> => expr.e === kind;

/** Evaluates as OTTL does, short-circuiting; `count` is called once per term (comparison or call) evaluated. */
function evaluate(expr: Expr, span: Span, count: () => void): boolean {
  switch (expr.e) {
    case "and":
      return evaluate(expr.a, span, count) && evaluate(expr.b, span, count);
    case "or":
      return evaluate(expr.a, span, count) || evaluate(expr.b, span, count);
    case "not":
      return !evaluate(expr.a, span, count);
    default:
      count();
      return term(expr, span);
  }
}

/** Terms evaluated for `span` by the span groups' conditions of these transforms (a group's conditions are or-ed). */
function termsFor(config: CollectorConfig, ids: readonly string[], span: Span): number {
  let terms = 0;
  for (const id of ids) {
    for (const group of ((config.processors[id] as TransformConfig).trace_statements ?? []).filter((g) => g.context === "span")) {
      for (const condition of group.conditions ?? []) if (evaluate(parseCondition(condition), span, () => terms++)) break;
    }
  }
  return terms;
}

async function shop(): Promise<ContractSet> {
  const loaded = await loadContractSet(join(REPO, "examples/shop/contracts"));
  if (!loaded.set) throw new Error("examples/shop does not load");
  return loaded.set;
}

describe("group conditions: the terms a span evaluates", () => {
  it("examples/shop: a span pays about one term per group — its own name or service, or the sink's mark — and a few for its own group", async () => {
    const set = await shop();
    const config = gatewayConfig(set, "eu-west-1");
    const sinks = Object.keys(config.processors).filter((id) => id.startsWith("transform/traces."));
    expect(sinks).toHaveLength(2);
    const groups = (id: string) => ((config.processors[id] as TransformConfig).trace_statements ?? []).filter((g) => g.context === "span").length;
    for (const service of acceptedServices(set, "eu-west-1")) {
      for (const name of [service.telemetry.spans[0]?.name ?? "op", `${service.name}.undeclared`]) {
        const span = { service: service.name, name };
        // shared stage: 11 span groups, 13–16 terms (21–22 when "none of the service's names"
        // came before the service: true for every other service's span, so the service was read too)
        expect(termsFor(config, ["transform/traces"], span), `${service.name} ${name}`).toBeLessThanOrEqual(groups("transform/traces") + 5);
        // each sink: 4 span groups, 5–6 terms (6–11 when its "any other name" place tested its
        // names and services before the shared stage's mark, which a span without a hit lacks)
        for (const id of sinks) expect(termsFor(config, [id], span), `${id}: ${service.name} ${name}`).toBeLessThanOrEqual(groups(id) + 2);
      }
    }
  });
});
