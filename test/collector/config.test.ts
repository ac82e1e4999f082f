/**
 * The collector configuration of examples/shop: valid against the documented-keys schema
 * (compiler/collector/schema.ts), routed and exported as the contracts say, and every OTTL
 * statement parses with the interpreter's grammar.
 */
import { join } from "node:path";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { loadContractSet } from "../../contracts/load.js";
import type { ContractSet, RedactionAction } from "../../contracts/model.js";
import { collectorConfig, collectorConfigSchema, collectorYaml, generateCollectorConfig } from "../../compiler/collector/index.js";
import { placeStatements } from "../../compiler/collector/statements.js";
import { expandConfig, parseStatement } from "./ottl-interpreter.js";

const SHOP = join(import.meta.dirname, "..", "..", "examples", "shop", "contracts");

async function shop(): Promise<ContractSet> {
  const loaded = await loadContractSet(SHOP);
  if (!loaded.set) throw new Error("examples/shop does not load");
  return loaded.set;
}

const validate = new Ajv({ allErrors: true, strict: true }).compile(collectorConfigSchema);

describe("collector configuration of examples/shop", () => {
  it("validates against the schema of documented keys, as written to otelcol.yaml", async () => {
    const set = await shop();
    const out = await mkdtemp(join(tmpdir(), "cordon-collector-"));
    try {
      const { files } = await generateCollectorConfig(set, { out });
      expect(files).toEqual([join(out, "otelcol.yaml")]);
      const config = parse(await readFile(files[0]!, "utf8"));
      const ok = validate(config);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("rejects keys the schema does not document (the schema can fail)", async () => {
    const config = structuredClone(collectorConfig(await shop())) as unknown as Record<string, Record<string, unknown>>;
    (config.processors as Record<string, unknown>)["redaction/x"] = { allow_all_keys: true };
    expect(validate(config)).toBe(false);
    const again = structuredClone(collectorConfig(await shop())) as unknown as { exporters: Record<string, Record<string, unknown>> };
    again.exporters["otlphttp/eu-collector"]!.tls = { insecure: true };
    expect(validate(again)).toBe(false);
  });

  it("routes each service by service.name to a pipeline per sink and signal, exporting to the sink's endpoint", async () => {
    const set = await shop();
    const config = collectorConfig(set);
    for (const service of set.services.values()) {
      for (const sinkName of service.telemetry.sinks) {
        const sink = set.sinks.get(sinkName)!;
        expect(config.exporters[`otlphttp/${sinkName}`]).toEqual({ endpoint: sink.endpoint.raw });
        for (const signal of ["traces", "logs", "metrics"] as const) {
          const id = `${signal}/${service.name}.${sinkName}`;
          if (!sink.signals.includes(signal)) {
            expect(config.service.pipelines[id]).toBeUndefined();
            continue;
          }
          expect(config.service.pipelines[id]).toEqual({
            receivers: [`routing/${signal}`],
            processors: [`transform/${service.name}.${sinkName}`, "batch"],
            exporters: [`otlphttp/${sinkName}`],
          });
          const route = config.connectors[`routing/${signal}`]!.table.find((r) => r.condition === `attributes["service.name"] == "${service.name}"`);
          expect(route?.pipelines).toContain(id);
        }
      }
    }
    // no default route: telemetry of a service the contracts do not know goes nowhere
    for (const connector of Object.values(config.connectors)) expect(connector).not.toHaveProperty("default_pipelines");
  });

  it("writes every statement in the grammar the interpreter reads, and the hash key only as ${env:…}", async () => {
    const text = collectorYaml(await shop());
    expect(text).toContain("${env:CORDON_HASH_KEY}");
    const config = parse(text) as ReturnType<typeof collectorConfig>;
    let count = 0;
    for (const processor of Object.values(config.processors)) {
      for (const key of ["trace_statements", "log_statements", "metric_statements"] as const) {
        for (const group of (processor as Record<string, { statements: string[] }[] | undefined>)[key] ?? []) {
          for (const s of group.statements) {
            parseStatement(expandConfig(s, new Map([["CORDON_HASH_KEY", "k"]])));
            count++;
          }
        }
      }
    }
    expect(count).toBeGreaterThan(100);
  });
});

describe("statements", () => {
  const place = (action: RedactionAction, type: "string" | "string[]" = "string") => ({
    context: "span" as const,
    signal: "traces" as const,
    scope: 'name == "s"',
    fields: [
      {
        signal: "traces" as const,
        where: "span:s",
        span: "s",
        action,
        field: { key: "k", class: "c", type, required: false, ref: { file: "", doc: 0, path: [] } },
      },
    ],
  });

  it("escapes replacement text for OTTL and for the Collector's ${} expansion", () => {
    const [, , set] = placeStatements(place({ kind: "replace", with: 'a"b\\c${env:X}$' }), "drop", []);
    expect(set).toBe('set(attributes["k"], "a\\"b\\\\c$${env:X}$$") where name == "s" and attributes["k"] != nil');
  });

  it("fails closed where RE2 cannot count: mask or truncate above 1000 characters drop the field", () => {
    for (const action of [{ kind: "mask", keepLast: 1001 }, { kind: "truncate", length: 5000 }] as const) {
      const statements = placeStatements(place(action), "drop", []);
      expect(statements.at(-1)).toBe('delete_key(attributes, "k") where name == "s"');
      expect(statements.join("\n")).not.toContain("replace_pattern");
    }
  });

  it("drops a redacted list rather than forwarding it unredacted", () => {
    const statements = placeStatements(place({ kind: "hash" }, "string[]"), "drop", []);
    expect(statements.at(-1)).toBe('delete_key(attributes, "k") where name == "s"');
  });
});
