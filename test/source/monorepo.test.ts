/**
 * A service laid out as real ones are: the generated module lives outside `source:` (written by
 * `cordon build --out generated`), exporters are built in one file and wired up in another, and
 * metrics go through the generated typed instruments.
 */
import { describe, expect, it } from "vitest";
import { scanFixture } from "./helpers.js";

const UNDECLARED = "source/undeclared-field";
const UNLOCKED = "source/unlocked-exporter";
const STALE = "source/stale-generated";

const exporters = "services/inventory/src/telemetry/exporters.ts";
const stock = "services/inventory/src/stock.ts";
const generated = "generated/inventory.ts";
const pipeline = "services/inventory/src/telemetry/pipeline.ts";

describe("a service importing its generated module from outside its source folders", () => {
  it("judges the imported generated module once, at its CONTRACT_DIGEST, and follows exporters across files", async () => {
    const { seen, set, findings } = await scanFixture("monorepo");
    expect(seen).toEqual([
      // Imported by otel.ts, stock.ts and version.ts (which the pre-filter drops): one finding.
      { rule: STALE, file: generated, line: 20, column: 32, subject: `inventory/generated @ ${generated}` },
      // createInstrument(meter, "inventory.stock_level"): checked against that histogram, not any metric.
      { rule: UNDECLARED, file: stock, line: 12, column: 44, subject: `inventory/metric:inventory.stock_level/warehouse.id @ ${stock}` },
      // auditExporter reaches createTelemetry in otel.ts, and a plain BatchSpanProcessor there too.
      { rule: UNLOCKED, file: exporters, line: 17, column: 30, subject: `inventory/exporter:OTLPTraceExporter @ ${exporters}` },
      // Exported, used nowhere.
      { rule: UNLOCKED, file: exporters, line: 20, column: 30, subject: `inventory/exporter:OTLPTraceExporter @ ${exporters} #2` },
      // Kept on a class: `this.debug` also goes to a plain BatchSpanProcessor. The field, the
      // #private member and the parameter property reach createTelemetry through `this.…`, and
      // default-exporter.ts's default export through its import in wiring.ts: no findings.
      { rule: UNLOCKED, file: pipeline, line: 20, column: 18, subject: `inventory/exporter:OTLPTraceExporter @ ${pipeline}` },
    ]);
    const stale = findings.find((f) => f.rule === STALE);
    expect(stale?.message).toContain(set.digest);
    expect(stale?.location?.file.endsWith("/monorepo/generated/inventory.ts")).toBe(true);
    const bypassed = findings.find((f) => f.rule === UNLOCKED);
    expect(bypassed?.message).toContain("`new BatchSpanProcessor(…)` (services/inventory/src/otel.ts:18)");
    const debug = findings.find((f) => f.rule === UNLOCKED && f.location?.file.endsWith("pipeline.ts"));
    expect(debug?.message).toContain("is handed to `new BatchSpanProcessor(…)` (line 25)");
  });

  it("with --src on part of the service, the rest of it still shows where the exporters go", async () => {
    const { seen } = await scanFixture("monorepo", { srcDirs: ["services/inventory/src/telemetry"] });
    // The imported (exported) traceExporter, the log exporter factory and the metric exporter
    // arrow all reach createTelemetry in otel.ts, and the default export wiring.ts, outside the
    // folder scanned. pipeline.ts, inside it, imports the (stale) generated module itself.
    expect(seen.map((s) => `${s.rule} ${s.file}:${s.line}`)).toEqual([
      `${STALE} ${generated}:20`,
      `${UNLOCKED} ${exporters}:17`,
      `${UNLOCKED} ${exporters}:20`,
      `${UNLOCKED} ${pipeline}:20`,
    ]);
  });
});
