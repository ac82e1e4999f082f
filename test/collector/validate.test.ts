/**
 * Every gateway configuration cordon writes for examples/shop, examples/shop-pr and the test
 * fixtures loads in the real Collector (`otelcol-cordon validate`, otelcol/ built by .ci/run):
 * receivers, processors, exporters, every OTTL statement and condition parsed by the
 * Collector itself. A configuration the Collector rejects fails this test, and so CI.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadContractSet } from "../../contracts/load.js";
import { generateCollectorConfig } from "../../compiler/collector/index.js";
import { REPO } from "../codegen/support.js";
import { haveCollector, skipWithoutCollector, validate } from "./otelcol.js";

const SETS = [
  "examples/shop/contracts",
  "examples/shop-pr/contracts",
  "test/fixtures/contracts/valid",
  "test/fixtures/spec-examples",
  "test/fixtures/codegen/basic",
  "test/fixtures/codegen/hostile",
  "test/fixtures/codegen/prototype-keys",
  "test/fixtures/collector/gateways",
];

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "cordon-validate-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe.skipIf(skipWithoutCollector)("the real Collector accepts every generated gateway configuration", () => {
  it("has the Collector binary (CI builds it: missing there is a failure)", () => {
    expect(haveCollector).toBe(true);
  });

  for (const [i, folder] of SETS.entries()) {
    it(`${folder}: every region's otelcol.yaml validates`, async () => {
      const loaded = await loadContractSet(join(REPO, folder));
      expect(loaded.set, `${folder} loads`).toBeDefined();
      const { files } = await generateCollectorConfig(loaded.set!, { out: join(out, String(i)) });
      const configs = files.filter((f) => f.endsWith("otelcol.yaml"));
      for (const file of configs) {
        const verdict = validate(file);
        expect(verdict.output, file).not.toMatch(/error/i);
        expect(verdict.ok, `${file}\n${verdict.output}`).toBe(true);
      }
    }, 300_000);
  }

  it("rejects a configuration with a broken statement (validation can fail)", async () => {
    const loaded = await loadContractSet(join(REPO, "examples/shop/contracts"));
    const { files } = await generateCollectorConfig(loaded.set!, { out: join(out, "broken"), region: "eu-west-1" });
    const config = parse(await readFile(files[0]!, "utf8"));
    const transform = Object.keys(config.processors).find((id) => id.startsWith("transform/traces."))!;
    config.processors[transform].trace_statements[0].statements.push('set(attributes["x"], Nope("y"))');
    const broken = join(out, "broken", "otelcol-broken.yaml");
    await writeFile(broken, stringify(config, { lineWidth: 0 }));
    const verdict = validate(broken);
    expect(verdict.ok).toBe(false);
    expect(verdict.output).toMatch(/Nope/);
  }, 120_000);

  it("rejects the hash key the redaction processor refuses (shorter than 32 bytes)", async () => {
    const loaded = await loadContractSet(join(REPO, "examples/shop/contracts"));
    const { files } = await generateCollectorConfig(loaded.set!, { out: join(out, "key"), region: "eu-west-1" });
    const verdict = validate(files[0]!, { CORDON_HASH_KEY: "short" });
    expect(verdict.ok).toBe(false);
    expect(verdict.output).toMatch(/hmac_key must be at least 32 bytes/);
  }, 120_000);
});
