/**
 * Regional gateways (SPEC §4): which services each region's gateway serves, one file per region,
 * `--region`, and a builder manifest that names exactly the components used, at the release the
 * Collector in otelcol/ is built from.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadContractSet } from "../../contracts/load.js";
import type { ContractSet } from "../../contracts/model.js";
import {
  acceptedServices,
  builderManifest,
  COLLECTOR_RELEASE,
  componentTypes,
  gatewayConfig,
  servingRegions,
  type FilterConfig,
} from "../../compiler/collector/index.js";
import { cordon } from "../helpers/cli.js";
import { REPO } from "../codegen/support.js";

async function load(folder: string): Promise<ContractSet> {
  const loaded = await loadContractSet(join(REPO, folder));
  if (!loaded.set) throw new Error(`${folder} does not load`);
  return loaded.set;
}

describe("which services a regional gateway serves", () => {
  it("examples/shop: EU gateways serve the EU services, US gateways the US service whose personal data must stay in the US", async () => {
    const set = await load("examples/shop/contracts");
    const names = (region: string) => acceptedServices(set, region).map((s) => s.name);
    const eu = [...set.services.values()].filter((s) => s.jurisdiction === "EU").map((s) => s.name);
    expect(eu.length).toBeGreaterThan(3);
    // every EU service has personal fields (raw only in the EU): served in both EU regions, never in the US
    expect(names("eu-west-1")).toEqual(eu);
    expect(names("eu-central-1")).toEqual(eu);
    // catalog's fields are all public or internal (raw anywhere); recommendations is at home in
    // us-east-1 and carries US personal data (raw only in the US)
    expect(names("us-east-1")).toEqual(["catalog", "recommendations"]);
    expect(names("us-west-2")).toEqual(["catalog", "recommendations"]);
    expect(servingRegions(set)).toEqual(["eu-west-1", "eu-central-1", "us-east-1", "us-west-2"]);
  });

  it("a refused service appears in no filter of the region's configuration", async () => {
    const set = await load("examples/shop/contracts");
    for (const region of set.regions.keys()) {
      const served = new Set(acceptedServices(set, region).map((s) => s.name));
      const refused = [...set.services.keys()].filter((s) => !served.has(s));
      if (!servingRegions(set).includes(region)) continue;
      const config = gatewayConfig(set, region);
      const filters = Object.entries(config.processors).filter(([id]) => id.startsWith("filter/"));
      expect(filters.length).toBeGreaterThan(0);
      for (const [, filter] of filters) {
        const text = JSON.stringify(filter as FilterConfig);
        for (const name of refused) expect(text).not.toContain(`\\"${name}\\"`);
      }
      // and every pipeline the receiver feeds starts with its filter
      for (const pipeline of Object.values(config.service.pipelines)) {
        if (pipeline.receivers.includes("otlp")) expect(pipeline.processors[0]).toMatch(/^filter\//);
      }
    }
  });
});

describe("the builder manifest", () => {
  it("names exactly the component types the configurations use, pinned to the release otelcol/go.mod builds", async () => {
    const set = await load("examples/shop/contracts");
    const configs = servingRegions(set).map((r) => gatewayConfig(set, r));
    const manifest = builderManifest(configs);
    const used = componentTypes(configs);
    const listed = [...(manifest.receivers ?? []), ...(manifest.processors ?? []), ...(manifest.exporters ?? []), ...(manifest.connectors ?? [])];
    expect(listed).toHaveLength(used.size);
    const goMod = await readFile(join(REPO, "otelcol", "go.mod"), "utf8");
    const mainGo = await readFile(join(REPO, "otelcol", "main.go"), "utf8");
    for (const { gomod } of listed) {
      const [module, version] = gomod.split(" ");
      expect(version).toBe(`v${COLLECTOR_RELEASE}`);
      // the Collector the tests run is built from the same module at the same version …
      expect(goMod).toMatch(new RegExp(`^\\s*${module!.replaceAll(".", "\\.")} ${version!.replaceAll(".", "\\.")}$`, "m"));
      // … and registers it
      expect(mainGo).toContain(`"${module}"`);
    }
    // and registers nothing else: every component import of main.go is in the manifest
    const imported = [...mainGo.matchAll(/"([^"]+\/(?:receiver|processor|exporter|connector)\/[a-z]+)"/g)].map((m) => m[1]);
    expect(imported.sort()).toEqual(listed.map((l) => l.gomod.split(" ")[0]).sort());
  });
});

describe("cordon build --target collector", () => {
  it("writes one configuration per serving region and the builder manifest", async () => {
    const out = await mkdtemp(join(tmpdir(), "cordon-gw-"));
    try {
      const run = cordon(["build", "--contracts", join(REPO, "examples/shop/contracts"), "--target", "collector", "--out", out]);
      expect(run.code, run.stderr).toBe(0);
      const set = await load("examples/shop/contracts");
      const entries = (await readdir(out)).sort();
      expect(entries).toEqual([...servingRegions(set), "builder-config.yaml"].sort());
      const manifest = parse(await readFile(join(out, "builder-config.yaml"), "utf8"));
      expect(manifest.processors.map((p: { gomod: string }) => p.gomod)).toContain(
        `github.com/open-telemetry/opentelemetry-collector-contrib/processor/redactionprocessor v${COLLECTOR_RELEASE}`,
      );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("--region R writes only R's gateway; an undeclared region is a usage error", async () => {
    const out = await mkdtemp(join(tmpdir(), "cordon-gw-"));
    try {
      const contracts = join(REPO, "examples/shop/contracts");
      const run = cordon(["build", "--contracts", contracts, "--target", "collector", "--out", out, "--region", "eu-west-1"]);
      expect(run.code, run.stderr).toBe(0);
      expect((await readdir(out)).sort()).toEqual(["builder-config.yaml", "eu-west-1"]);
      const bad = cordon(["build", "--contracts", contracts, "--target", "collector", "--out", out, "--region", "mars-1"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--region mars-1 is not declared/);
      const wrongTarget = cordon(["build", "--contracts", contracts, "--out", out, "--region", "eu-west-1"]);
      expect(wrongTarget.code).toBe(2);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
