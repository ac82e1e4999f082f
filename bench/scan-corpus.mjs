/**
 * Writes the benchmark corpus for bench/scan.mjs: a TypeScript project of N files
 * (~150 lines each) of which one in ten emits telemetry through @opentelemetry/api,
 * with a contract set declaring its one service. Plain files import each other, as
 * real modules do, so a Program built for the emitting files still pulls in others.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SPANS = ["orders.create", "orders.get", "orders.list", "orders.cancel"];
const KEYS = ["order.id", "order.total", "order.items", "user.id", "order.currency"];

/**
 * Modules import from "lower" modules (a layered code base, no cycles), picked by a
 * deterministic hash so every run writes the same corpus.
 */
function lower(i, salt) {
  if (i < 2) return 0;
  const h = Math.imul(i ^ salt, 2654435761) >>> 0;
  return h % i;
}

/** The imports of module i (none for the first two, so nothing imports itself). */
function imports(i, a, b, typeOnly) {
  if (i < 2) return [];
  return [`import { helper${a} } from "./m${a}.js";`, ...(typeOnly ? [`import type { Record${b} } from "./m${b}.js";`] : [])];
}

function plainFile(i) {
  const a = lower(i, 0x9e37);
  const b = lower(i, 0x7f4a);
  const lines = [
    `/** Module ${i}: domain logic with no telemetry. */`,
    ...imports(i, a, b, true),
    "",
    `export interface Record${i} {`,
    "  readonly id: string;",
    "  readonly amount: number;",
    "  readonly tags: readonly string[];",
    "  readonly createdAt: Date;",
    "}",
    "",
    `export function helper${i}(x: number): number {`,
    "  return x * 2 + 1;",
    "}",
    "",
    `export class Repository${i} {`,
    `  private readonly items = new Map<string, Record${i}>();`,
    "  private readonly seen = new Set<string>();",
    "",
  ];
  for (let m = 0; m < 12; m++) {
    lines.push(
      `  method${m}(input: Record${i}, other?: ${i < 2 ? `Record${i}` : `Record${b}`}): number {`,
      "    this.seen.add(input.id);",
      "    let total = 0;",
      "    for (const tag of input.tags) {",
      `      total += tag.length * ${i < 2 ? "" : `helper${a}(${m}) + `}${m};`,
      "    }",
      "    if (other && other.amount > total) total = other.amount;",
      "    this.items.set(input.id, { ...input, amount: total });",
      "    return total;",
      "  }",
      "",
    );
  }
  lines.push("}", "");
  while (lines.length < 148) lines.push(`export const constant${lines.length} = ${lines.length} as const;`);
  return lines.join("\n");
}

function telemetryFile(i) {
  const a = lower(i, 0x9e37);
  const span = SPANS[i % SPANS.length];
  const lines = [
    `/** Handler ${i}: emits spans, metrics and logs. */`,
    'import { metrics, trace, type Attributes } from "@opentelemetry/api";',
    'import { ATTR_HTTP_ROUTE } from "@opentelemetry/semantic-conventions";',
    ...imports(i, a, 0, false),
    "",
    `export interface Record${i} {`,
    "  readonly id: string;",
    "  readonly amount: number;",
    "}",
    "",
    `export function helper${i}(x: number): number {`,
    "  return x + 1;",
    "}",
    "",
    `const tracer = trace.getTracer("handler-${i}");`,
    `const counter = metrics.getMeter("handler-${i}").createCounter("orders.created");`,
    "const ORDER_ID = \"order.id\";",
    "",
  ];
  for (let h = 0; h < 10; h++) {
    const key = KEYS[(i + h) % KEYS.length];
    const bad = h === 0 && i % 3 === 0;
    lines.push(
      `export function handle${h}(id: string, total: number): number {`,
      `  return tracer.startActiveSpan("${span}", (span) => {`,
      "    span.setAttribute(ORDER_ID, id);",
      `    span.setAttributes({ "${key}": total, [ATTR_HTTP_ROUTE]: "/orders" });`,
      bad ? '    span.setAttribute("user.phone", id);' : '    const attrs: Attributes = { "order.total": total };',
      bad ? "" : "    span.setAttributes(attrs);",
      `    counter.add(1, { "order.channel": "web" });`,
      `    const result = ${i < 2 ? "" : `helper${a}(total) + `}total;`,
      "    span.end();",
      "    return result;",
      "  });",
      "}",
      "",
    );
  }
  while (lines.length < 148) lines.push(`export const constant${lines.length} = ${lines.length} as const;`);
  return lines.join("\n");
}

const CONTRACTS = `apiVersion: cordon/v1
kind: DataClasses
classes:
  - { name: public, level: 0 }
  - { name: internal, level: 1 }
  - { name: personal, level: 2, redaction: hash }
---
apiVersion: cordon/v1
kind: Residency
regions:
  eu-west-1: { jurisdiction: EU }
rules:
  - { class: public, allowed_in: ["*"] }
  - { class: internal, allowed_in: ["*"] }
  - { class: personal, allowed_in: [EU] }
---
apiVersion: cordon/v1
kind: Tiers
tiers:
  - { name: tier-1, rto: 1h, rpo: 5m }
---
apiVersion: cordon/v1
kind: Sink
name: eu-collector
region: eu-west-1
endpoint: https://otel.eu-west-1.example.internal:4318
signals: [traces, logs, metrics]
---
apiVersion: cordon/v1
kind: Service
name: orders
tier: tier-1
region: eu-west-1
source: [src]
deployment:
  regions: [eu-west-1]
  strategy: backup-restore
  replication: { mode: none }
  backup: { interval: 1h, regions: [eu-west-1] }
telemetry:
  sinks: [eu-collector]
  spans:
${SPANS.map((s) => `    - name: ${s}\n      attributes:\n        http.route: { class: public, type: string }\n${KEYS.map((k) => `        ${k}: { class: internal, type: string }`).join("\n")}`).join("\n")}
  metrics:
    - name: orders.created
      instrument: counter
      attributes:
        order.channel: { class: internal, type: string }
`;

/** Write the corpus into `dir` (which must exist); `nodeModules` is linked so imports resolve. */
export function writeCorpus(dir, { files = 2000, telemetryShare = 0.1, nodeModules } = {}) {
  mkdirSync(join(dir, "src"), { recursive: true });
  mkdirSync(join(dir, "contracts"), { recursive: true });
  if (nodeModules) symlinkSync(nodeModules, join(dir, "node_modules"), "dir");
  const every = Math.round(1 / telemetryShare);
  let telemetry = 0;
  let lines = 0;
  for (let i = 0; i < files; i++) {
    const text = i % every === 0 ? (telemetry++, telemetryFile(i)) : plainFile(i);
    lines += text.split("\n").length;
    writeFileSync(join(dir, "src", `m${i}.ts`), text);
  }
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023"],
          module: "ESNext",
          moduleResolution: "Bundler",
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: ["node"],
        },
        include: ["src"],
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, "contracts", "orders.yaml"), CONTRACTS);
  return { files, telemetry, lines };
}
