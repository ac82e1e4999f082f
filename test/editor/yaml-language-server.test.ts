/**
 * The editor schema (schema/cordon-v1.json, what `cordon schema` prints) as an editor sees
 * it: the real yaml-language-server, driven over LSP on stdio, flags what the CLI refuses
 * and shows each property's description on hover — and flags nothing the CLI accepts.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Diagnostic, LspClient } from "../helpers/lsp-client.js";
import { REPO } from "../helpers/cli.js";

const SCHEMA_URI = pathToFileURL(join(REPO, "schema/cordon-v1.json")).href;
const server = createRequire(import.meta.url).resolve("yaml-language-server/bin/yaml-language-server");

let client: LspClient;
let documents = 0;

/** Opens `text` as a new contract file and returns what the server flags in it. */
async function diagnose(text: string): Promise<Diagnostic[]> {
  const uri = `file:///contracts/doc-${++documents}.yaml`;
  client.open(uri, text);
  return client.diagnosticsOf(uri);
}

/** The 0-based line of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  const line = text.split("\n").findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`${needle} not in the document`);
  return line;
}

function linesFlagged(diagnostics: readonly Diagnostic[]): number[] {
  return [...new Set(diagnostics.map((d) => d.range.start.line))].sort((a, b) => a - b);
}

beforeAll(async () => {
  client = new LspClient(process.execPath, [server, "--stdio"], {
    yaml: { validate: true, hover: true, completion: true, schemas: { [SCHEMA_URI]: "*.yaml" }, schemaStore: { enable: false } },
  });
  await client.initialize(pathToFileURL(REPO).href);
});

afterAll(async () => {
  await client?.close();
});

describe("yaml-language-server with cordon's schema", () => {
  it("flags `30 seconds` and `1hr` as durations", async () => {
    const text = [
      "apiVersion: cordon/v1",
      "kind: Tiers",
      "tiers:",
      "  - name: tier-0",
      "    rto: 30 seconds",
      "    rpo: 1hr",
      "  - name: tier-1",
      "    rto: 1h30m",
      "    rpo: PT15M",
      "    drill_every: P1D",
      "",
    ].join("\n");
    const diagnostics = await diagnose(text);
    expect(linesFlagged(diagnostics)).toEqual([lineOf(text, "30 seconds"), lineOf(text, "1hr")]);
    // the schema's own hint (patternErrorMessage), not a bare regular expression
    for (const d of diagnostics) expect(d.message).toMatch(/a duration: 0s, 90s, 15m/);
  });

  it("flags an endpoint without a scheme", async () => {
    const text = ["apiVersion: cordon/v1", "kind: Sink", "name: debug", "region: eu-west-1", "endpoint: debug.internal:4318", "signals: [traces]", ""].join("\n");
    const diagnostics = await diagnose(text);
    expect(linesFlagged(diagnostics)).toEqual([lineOf(text, "endpoint:")]);
    expect(diagnostics[0]!.message).toMatch(/scheme:\/\/host\[:port\]/);
  });

  it("flags an unknown property and a value outside an enum", async () => {
    const text = [
      "apiVersion: cordon/v1",
      "kind: Service",
      "name: checkout",
      "tier: tier-0",
      "region: eu-west-1",
      "deployment:",
      "  strategy: hot-standby",
      "  regionz: [eu-west-1]",
      "",
    ].join("\n");
    const diagnostics = await diagnose(text);
    expect(linesFlagged(diagnostics)).toEqual([lineOf(text, "hot-standby"), lineOf(text, "regionz")]);
    const strategy = diagnostics.find((d) => d.range.start.line === lineOf(text, "hot-standby"))!;
    expect(strategy.message).toMatch(/warm-standby/);
  });

  it("shows a description on hover over tier, deployment and raw_in_telemetry", async () => {
    const serviceText = ["apiVersion: cordon/v1", "kind: Service", "name: checkout", "tier: tier-0", "region: eu-west-1", "deployment:", "  strategy: warm-standby", ""].join("\n");
    const classesText = ["apiVersion: cordon/v1", "kind: DataClasses", "classes:", "  - name: personal", "    level: 2", "    raw_in_telemetry: false", ""].join("\n");
    const serviceUri = "file:///contracts/hover-service.yaml";
    const classesUri = "file:///contracts/hover-classes.yaml";
    client.open(serviceUri, serviceText);
    client.open(classesUri, classesText);
    await client.diagnosticsOf(serviceUri);
    await client.diagnosticsOf(classesUri);
    const tier = await client.hover(serviceUri, lineOf(serviceText, "tier:"), 1);
    const deployment = await client.hover(serviceUri, lineOf(serviceText, "deployment:"), 2);
    const raw = await client.hover(classesUri, lineOf(classesText, "raw_in_telemetry"), 6);
    const schema = JSON.parse(readFileSync(join(REPO, "schema/cordon-v1.json"), "utf8"));
    const service = schema.definitions.Service.properties;
    const classEntry = schema.definitions.DataClasses.properties.classes.items.properties;
    expect(tier).toContain(service.tier.description);
    expect(deployment).toContain(service.deployment.description);
    expect(raw).toContain(classEntry.raw_in_telemetry.description);
    // The property's own text, not the shared name pattern's.
    expect(tier).toMatch(/RTO/);
    expect(tier).not.toMatch(/lower-case name/);
    expect(raw).toMatch(/redacted/);
  });

  it("flags nothing in the example organisations' contracts (the CLI accepts them all)", async () => {
    for (const example of ["examples/shop/contracts", "examples/shop-pr/contracts"]) {
      for (const file of yamlFiles(join(REPO, example))) {
        const diagnostics = await diagnose(readFileSync(file, "utf8"));
        expect(diagnostics.map((d) => `${file}:${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
      }
    }
  });
});

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}
