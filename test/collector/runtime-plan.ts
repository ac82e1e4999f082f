/**
 * The TypeScript runtime side of the equivalence test: the module `cordon build --target ts`
 * generates for a service, loaded from its source (its `@cordon/runtime` import pointed at the
 * runtime sources, and its internal PLAN exported for the test), driven through the runtime's
 * own SinkContext — the same per-sink redaction functions an application runs.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { Attributes } from "@opentelemetry/api";
import type { ContractSet } from "../../contracts/model.js";
import { generateServiceModule } from "../../compiler/codegen/index.js";
import { RUNTIME_PACKAGE } from "../../compiler/codegen/template.js";
import { SinkContext, createHasher, type ServicePlan, type Signal, type SinkPlan } from "../../runtime/index.js";
import { scratchContext, spanRedactorsFor } from "../../runtime/one-sink-span.js";
import type { RecordKind } from "./random-set.js";

const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const RUNTIME_SOURCE = join(REPO, "runtime", "index.ts");

export async function tempDir(): Promise<string> {
  const base = join(REPO, ".cordon-tmp");
  await mkdir(base, { recursive: true });
  return mkdtemp(join(base, "collector-eq-"));
}

/** Generate, write and import the module of `service`; return its plan. */
export async function loadPlan(set: ContractSet, service: string, dir: string, n: number): Promise<ServicePlan> {
  const module = generateServiceModule(ts, set, set.services.get(service)!, "0.0.0");
  const text = module.text.replace(`from ${JSON.stringify(RUNTIME_PACKAGE)}`, `from ${JSON.stringify(RUNTIME_SOURCE)}`) + "\nexport { PLAN };\n";
  const file = join(dir, `${service}-${n}.ts`);
  await writeFile(file, text);
  const loaded = (await import(/* @vite-ignore */ file)) as { PLAN: ServicePlan };
  return loaded.PLAN;
}

export const signalOf = (kind: RecordKind): Signal =>
  kind.kind === "log" ? "logs" : kind.kind === "metric" ? "metrics" : "traces";

export interface RuntimeOutput {
  readonly resource: Attributes;
  readonly attributes: Attributes;
}

/** What the runtime exports to each sink of the plan that receives the record's signal. */
export function runtimeRedact(plan: ServicePlan, hashKey: string, kind: RecordKind, resource: Attributes, attributes: Attributes): Map<string, RuntimeOutput> {
  const out = new Map<string, RuntimeOutput>();
  for (const sink of plan.sinks) {
    if (!sink.signals.includes(signalOf(kind))) continue;
    const ctx = new SinkContext(sink.name, sink.slots, sink.detectors, createHasher(hashKey));
    // declared span names may be redacted only by the all-sinks function: as the runtime does
    // for a sink alone (throw-away contexts for the others)
    const redact = spanRedactorsFor(plan, new Set([sink.name]), sink, scratchContext);
    out.set(sink.name, { resource: sink.redact.resource(resource, ctx), attributes: redactRecord({ ...sink, redact }, ctx, kind, attributes) });
  }
  return out;
}

function redactRecord(sink: SinkPlan, ctx: SinkContext, kind: RecordKind, attributes: Attributes): Attributes {
  switch (kind.kind) {
    case "span":
      return sink.redact.span(kind.name, attributes, ctx);
    case "event":
      return sink.redact.event(kind.span, kind.event, attributes, ctx);
    case "log":
      return sink.redact.log(attributes, ctx);
    case "metric":
      return sink.redact.metric(kind.name, attributes, ctx);
  }
}
