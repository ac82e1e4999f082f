/**
 * SPEC §3.4 read as an outside tester would: a tiny service in a temp folder, `check --src`
 * spawned as a user runs it, and only the JSON surface (rule, subject, exit code) looked at.
 */
import { describe, expect, it } from "vitest";
import { cordon } from "../helpers/cli.js";
import { writeFiles } from "../helpers/contract-files.js";
import { CHECKOUT_HEAD, EU_ALLOW } from "./base-set.js";

const BASE = EU_ALLOW;

/** A service `checkout` with one span; `events` is the YAML of that span's `events:` list (or ""). */
function service(events: string): string {
  return `${CHECKOUT_HEAD}source: [src]
deployment: { regions: [eu-west-1], strategy: backup-restore, backup: { interval: 1h, regions: [eu-west-1] } }
telemetry:
  sinks: [eu-collector]
  spans:
    - name: checkout.place_order
      attributes:
        order.id: { class: internal, type: string }
${events}`;
}

interface JsonFinding {
  rule: string;
  subject: string;
  line: number | null;
}

function checkSrc(contractsYaml: string, source: string): { code: number | null; findings: JsonFinding[] } {
  const dir = writeFiles({ "contracts/all.yaml": contractsYaml, "src/app.ts": source }, "cordon-spec-src-");
  const run = cordon(["check", "--contracts", "contracts", "--src", "--format", "json"], { cwd: dir });
  return { code: run.code, findings: (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings };
}

const EXCEPTION_EVENT = `      events:
        - name: exception
          attributes:
            exception.type:       { class: internal, type: string }
            exception.message:    { class: internal, type: string }
            exception.stacktrace: { class: internal, type: string }
`;

describe("span.recordException is an emission site (SPEC §3.4)", () => {
  const source = `import { trace } from "@opentelemetry/api";
const tracer = trace.getTracer("checkout");
export function place(): void {
  const span = tracer.startSpan("checkout.place_order");
  try {
    throw new Error("declined");
  } catch (error) {
    span.recordException(error as Error);
  }
  span.end();
}
`;

  it("the exception.* attributes it adds to the span's `exception` event are undeclared unless the contract declares them", () => {
    const run = checkSrc(BASE + "---\n" + service(""), source);
    expect(run.code).toBe(1);
    expect(run.findings.filter((f) => f.rule === "source/undeclared-field").map((f) => f.subject).sort()).toEqual([
      "checkout/span:checkout.place_order/event:exception/exception.message @ src/app.ts",
      "checkout/span:checkout.place_order/event:exception/exception.stacktrace @ src/app.ts",
      "checkout/span:checkout.place_order/event:exception/exception.type @ src/app.ts",
    ]);
  });

  it("declared on the span's `exception` event, they pass", () => {
    const run = checkSrc(BASE + "---\n" + service(EXCEPTION_EVENT), source);
    expect(run.findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("a string exception gives exception.message only", () => {
    const run = checkSrc(
      BASE + "---\n" + service(""),
      `import { trace } from "@opentelemetry/api";
export function place(): void {
  const span = trace.getTracer("checkout").startSpan("checkout.place_order");
  span.recordException("declined");
  span.end();
}
`,
    );
    expect(run.findings.filter((f) => f.rule === "source/undeclared-field").map((f) => f.subject)).toEqual([
      "checkout/span:checkout.place_order/event:exception/exception.message @ src/app.ts",
    ]);
  });
});

describe("source/undeclared-endpoint checks each static alternative (SPEC §3.4)", () => {
  it("behind `??` in a constant the exporter's url names", () => {
    const run = checkSrc(
      BASE + "---\n" + service(""),
      `import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
const url = process.env.TRACES_URL ?? "https://otel.us.example:4318/v1/traces";
export const shorthand = new OTLPTraceExporter({ url });
export const named = new OTLPTraceExporter({ url: url });
`,
    );
    // Both exporters read the one literal: one finding, at it (same location, same subject).
    const endpoints = run.findings.filter((f) => f.rule === "source/undeclared-endpoint");
    expect(endpoints.map((f) => `${f.subject} @${f.line}`)).toEqual(["checkout/exporter:OTLPTraceExporter @ src/app.ts @2"]);
    expect(run.code).toBe(1);
  });

  it("a constant whose alternatives all match the sink is no finding", () => {
    const run = checkSrc(
      BASE + "---\n" + service(""),
      `import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
const url = process.env.TRACES_URL || "https://otel.eu.example:4318/v1/traces";
export const exporter = new OTLPTraceExporter({ url });
`,
    );
    expect(run.findings.filter((f) => f.rule === "source/undeclared-endpoint")).toEqual([]);
  });
});

describe("a gate never passes what it did not see (SPEC §3.4, source/missing-source)", () => {
  it("a source file the parser cannot make sense of is named: the emission behind the syntax error was not checked", () => {
    const run = checkSrc(
      BASE + "---\n" + service(""),
      `import { trace } from "@opentelemetry/api";
export function place( {
  trace.getActiveSpan()?.setAttribute("user.phone", "+44 20 7946 0958");
`,
    );
    expect(run.findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(["source/missing-source checkout/source:src"]);
    expect(run.code).toBe(1);
  });
});

describe("auto-instrumentation started by configuration (SPEC §3.4)", () => {
  it("in a Containerfile (a Dockerfile by Podman's name) and a Procfile.dev too", () => {
    const dir = writeFiles(
      {
        "contracts/all.yaml": BASE + "---\n" + service(""),
        "src/app.ts": "export const ready = true;\n",
        "src/Containerfile": 'FROM node:20\nENV NODE_OPTIONS="--require @opentelemetry/auto-instrumentations-node/register"\nCMD ["node", "app.js"]\n',
        "src/Procfile.dev": "web: node --import @opentelemetry/auto-instrumentations-node/register app.js\n",
      },
      "cordon-spec-src-",
    );
    const run = cordon(["check", "--contracts", "contracts", "--src", "--format", "json"], { cwd: dir });
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
      "source/unlocked-exporter checkout/exporter:@opentelemetry/auto-instrumentations-node/register @ src/Containerfile",
      "source/unlocked-exporter checkout/exporter:@opentelemetry/auto-instrumentations-node/register @ src/Procfile.dev",
    ]);
    expect(run.code).toBe(1);
  });
});

describe("a file two services' source: hold alike is checked against each (SPEC §3.4)", () => {
  // `shared/` is listed by both services, equally specifically: the file belongs to both. Checked
  // against the first service only, payments' undeclared order.id passed unseen.
  const serviceNamed = (name: string, declared: string) =>
    service("")
      .replace("name: checkout", `name: ${name}`)
      .replace("source: [src]", `source: [${name}, shared]`)
      .replace("order.id: { class: internal, type: string }", `${declared}: { class: internal, type: string }`);
  const source = `import { trace } from "@opentelemetry/api";
export function place(): void {
  trace.getTracer("shared").startSpan("checkout.place_order", { attributes: { "order.id": "o-1" } }).end();
}
`;

  it("reports the key for the service that does not declare it, not only for the first owner", () => {
    const dir = writeFiles(
      {
        "contracts/all.yaml": [BASE, serviceNamed("checkout", "order.id"), serviceNamed("payments", "payment.id")].join("---\n"),
        "checkout/main.ts": "export {};\n",
        "payments/main.ts": "export {};\n",
        "shared/place.ts": source,
      },
      "cordon-spec-src-shared-",
    );
    const run = cordon(["check", "--contracts", "contracts", "--src", "--format", "json"], { cwd: dir });
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(["source/undeclared-field payments/span:checkout.place_order/order.id @ shared/place.ts"]);
    expect(run.code).toBe(1);
  });
});
