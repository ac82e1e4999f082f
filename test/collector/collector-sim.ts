/**
 * The Collector, as far as the equivalence test needs it: parse the generated YAML, expand
 * `$$` and `${env:…}`, route a record by its resource's `service.name` through the routing
 * connector's table, and run each routed pipeline's transform processor on a copy of it.
 */
import { parse } from "yaml";
import type { Attributes } from "@opentelemetry/api";
import {
  conditionHolds,
  expandConfig,
  fromJs,
  parseCondition,
  parseStatement,
  runStatements,
  toJs,
  type Hashes,
  type OValue,
  type OttlRecord,
  type Statement,
} from "./ottl-interpreter.js";

type Signal = "traces" | "logs" | "metrics";
export type RecordContext = "span" | "spanevent" | "log" | "datapoint";

interface RawConfig {
  processors: Record<string, { error_mode?: string } & Partial<Record<string, { context: string; statements: string[] }[]>>>;
  connectors: Record<string, { table: { context: string; condition: string; pipelines: string[] }[] }>;
  exporters: Record<string, { endpoint: string }>;
  service: { pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }> };
}

function expandAll(value: unknown, env: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return expandConfig(value, env);
  if (Array.isArray(value)) return value.map((v) => expandAll(v, env));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandAll(v, env)]));
  }
  return value;
}

const STATEMENTS_KEY: Record<Signal, string> = { traces: "trace_statements", logs: "log_statements", metrics: "metric_statements" };

export interface SimRecord {
  readonly context: RecordContext;
  /** name (span, event), span.name (event), metric.name (datapoint). */
  readonly fields: ReadonlyMap<string, string>;
  readonly attributes: Attributes;
}

export interface SinkOutput {
  readonly resource: Attributes;
  readonly attributes: Attributes;
}

function toMap(attributes: Attributes): Map<string, OValue> {
  const map = new Map<string, OValue>();
  for (const [k, v] of Object.entries(attributes)) {
    const o = fromJs(v);
    if (o !== undefined) map.set(k, o);
  }
  return map;
}

function fromMap(map: Map<string, OValue>): Attributes {
  const out: Attributes = {};
  for (const [k, v] of map) out[k] = toJs(v) as Attributes[string];
  return out;
}

export class CollectorSim {
  private readonly config: RawConfig;
  private readonly parsed = new Map<string, Statement>();
  readonly hashes: Hashes = { preimages: new Map() };

  constructor(yamlText: string, env: ReadonlyMap<string, string>) {
    this.config = expandAll(parse(yamlText), env) as RawConfig;
  }

  private statement(text: string): Statement {
    let s = this.parsed.get(text);
    if (!s) {
      s = parseStatement(text);
      this.parsed.set(text, s);
    }
    return s;
  }

  private statements(processor: string, signal: Signal, context: string): Statement[] {
    const groups = this.config.processors[processor]?.[STATEMENTS_KEY[signal]] as { context: string; statements: string[] }[] | undefined;
    return (groups ?? []).filter((g) => g.context === context).flatMap((g) => g.statements.map((t) => this.statement(t)));
  }

  /** Per sink (the `otlphttp/<sink>` exporter), what leaves the Collector for this record. */
  run(signal: Signal, resource: Attributes, record: SimRecord): Map<string, SinkOutput> {
    const out = new Map<string, SinkOutput>();
    const router = this.config.connectors[`routing/${signal}`];
    if (!router) return out;
    const resourceRecord: OttlRecord = { attributes: toMap(resource), cache: new Map(), fields: new Map() };
    const pipelines = router.table.filter((r) => conditionHolds(parseCondition(r.condition), resourceRecord)).flatMap((r) => r.pipelines);
    for (const id of pipelines) {
      const pipeline = this.config.service.pipelines[id]!;
      const res: OttlRecord = { attributes: toMap(resource), cache: new Map(), fields: new Map() };
      const rec: OttlRecord = { attributes: toMap(record.attributes), cache: new Map(), fields: record.fields };
      for (const processor of pipeline.processors ?? []) {
        if (!processor.startsWith("transform/")) continue;
        runStatements(this.statements(processor, signal, "resource"), res, this.hashes);
        runStatements(this.statements(processor, signal, record.context), rec, this.hashes);
      }
      for (const exporter of pipeline.exporters) {
        out.set(exporter.replace(/^otlphttp\//, ""), { resource: fromMap(res.attributes), attributes: fromMap(rec.attributes) });
      }
    }
    return out;
  }
}
