/**
 * Routing by service (compiler/collector/routing.ts): a gateway for more services than one
 * bucket holds sends each record down a tree of filtered pipelines to its own bucket, so the
 * record meets only its bucket's statement groups. Checked on the configuration's graph — every
 * service reaches each of its sinks exactly once, through its own bucket's transforms only, in
 * log2(buckets) filters — and with the real Collector (`validate`); the property test sends
 * records through routed gateways (test/collector/property.test.ts).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContractSet } from "../../contracts/load.js";
import type { ContractSet } from "../../contracts/model.js";
import { sinkView } from "../../compiler/flows.js";
import { acceptedServices, gatewayConfig, gatewayYaml } from "../../compiler/collector/index.js";
import { bucketsOf } from "../../compiler/collector/routing.js";
import { REPO } from "../codegen/support.js";
import { follow } from "./graph.js";
import { skipWithoutCollector, validate } from "./otelcol.js";

async function shop(): Promise<ContractSet> {
  const loaded = await loadContractSet(join(REPO, "examples/shop/contracts"));
  if (!loaded.set) throw new Error("examples/shop does not load");
  return loaded.set;
}

/** Every service a transform's group conditions select. */
function servicesIn(transform: unknown): string[] {
  const text = JSON.stringify(transform);
  const compared = [...text.matchAll(/service\.name\\"\] == \\"([^"\\]*)\\"/g)].map((m) => m[1]!);
  const matched = [...text.matchAll(/service\.name\\"\], \\"\^\(\?:([^)]*)\)/g)].flatMap((m) => m[1]!.replaceAll("\\\\", "").split("|"));
  return [...compared, ...matched];
}

describe("routing by service", () => {
  it("splits services into buckets of at most the given size, in order", () => {
    expect(bucketsOf(["a", "b", "c", "d", "e"], 2)).toEqual([["a", "b"], ["c", "d"], ["e"]]);
    expect(bucketsOf(["a", "b"], 32)).toEqual([["a", "b"]]);
    expect(bucketsOf(["a", "b"], 0)).toEqual([["a"], ["b"]]);
  });

  for (const bucketServices of [1, 2, 3]) {
    it(`examples/shop, ${bucketServices} service(s) per bucket: each service reaches each of its sinks once, through its own bucket only`, async () => {
      const set = await shop();
      const region = "eu-west-1";
      const config = gatewayConfig(set, region, { bucketServices });
      const accepted = acceptedServices(set, region);
      const buckets = Math.ceil(accepted.length / bucketServices);
      expect(buckets).toBeGreaterThan(1);
      for (const service of accepted) {
        for (const signal of ["traces", "logs", "metrics"] as const) {
          const want = service.telemetry.sinks.filter((sink) => set.sinks.has(sink) && sinkView(set, service, sink).signals.includes(signal)).sort();
          const path = follow(config, signal, service.name);
          expect(path.sinks, `${service.name} ${signal}`).toEqual(want);
          if (want.length === 0) continue;
          // the gateway's filter, then one per level of the tree, then the bucket's own (and a sink's)
          expect(path.filters, `${service.name} ${signal}`).toBeLessThanOrEqual(1 + Math.ceil(Math.log2(buckets)) + 1);
          // every transform it meets is its bucket's: none is another bucket's
          const own = new Set(path.transforms.map((t) => /\.bucket\.(\d+)/.exec(t)?.[1]));
          expect(own.size, `${service.name} ${signal}: ${path.transforms.join(", ")}`).toBeLessThanOrEqual(1);
          // and holds the statement groups of its bucket's services only: what a record is evaluated against
          const selected = new Set(path.transforms.flatMap((t) => servicesIn(config.processors[t])));
          expect(selected.has(service.name)).toBe(true);
          expect(selected.size, `${service.name} ${signal}: ${[...selected].join(", ")}`).toBeLessThanOrEqual(bucketServices);
        }
      }
    });
  }

  it("a service the gateway does not serve reaches no sink of a routed gateway", async () => {
    const set = await shop();
    const config = gatewayConfig(set, "eu-west-1", { bucketServices: 1 });
    for (const signal of ["traces", "logs", "metrics"] as const) {
      expect(follow(config, signal, "recommendations").sinks).toEqual([]);
      expect(follow(config, signal, "stranger").sinks).toEqual([]);
    }
  });
});

describe.skipIf(skipWithoutCollector)("the real Collector accepts a routed gateway", () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "cordon-routing-"));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("examples/shop, one service per bucket: every region's configuration validates", async () => {
    const set = await shop();
    for (const region of ["eu-west-1", "us-east-1"]) {
      const file = join(out, `${region}.yaml`);
      await writeFile(file, gatewayYaml(set, region, { bucketServices: 1 }));
      const verdict = validate(file);
      expect(verdict.output, file).not.toMatch(/error/i);
      expect(verdict.ok, `${file}\n${verdict.output}`).toBe(true);
    }
  }, 120_000);
});
