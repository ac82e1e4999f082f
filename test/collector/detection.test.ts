/**
 * The per-value detector statements wait outside the places' groups (compiler/collector/detection.ts):
 * a record that the scan clears evaluates its place's scan and free text, not one statement per
 * value. What they do when a record is marked is the end-to-end and property tests' business
 * (the real Collector); here, the work a record does is counted in the generated configuration.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContractSet } from "../../contracts/load.js";
import { gatewayConfig, type StatementGroup, type TransformConfig } from "../../compiler/collector/index.js";
import { detached } from "../../compiler/collector/detection.js";
import { SCAN_END, SCAN_LOCAL } from "../../compiler/collector/scan.js";
import { REPO } from "../codegen/support.js";

const MARK = 'attributes["cordon.hmac.scan"]';
const WAITS = 'cache["cordon.scan"]';

async function shopGateway() {
  const loaded = await loadContractSet(join(REPO, "examples/shop/contracts"));
  if (!loaded.set) throw new Error("examples/shop does not load");
  return gatewayConfig(loaded.set, "eu-west-1");
}

function transforms(config: Awaited<ReturnType<typeof shopGateway>>): [string, StatementGroup[]][] {
  return Object.entries(config.processors)
    .filter(([id]) => id.startsWith("transform/"))
    .map(([id, p]) => {
      const t = p as TransformConfig;
      return [id, [...(t.trace_statements ?? []), ...(t.log_statements ?? []), ...(t.metric_statements ?? [])]];
    });
}

describe("per-value detector statements, out of the places' groups", () => {
  it("examples/shop: no place's group holds a statement that waits for the scan; one detection group per context enters only marked records", async () => {
    const config = await shopGateway();
    let detectionGroups = 0;
    let placesThatScan = 0;
    for (const [id, groups] of transforms(config)) {
      for (const group of groups) {
        if (group.conditions?.[0] === `${MARK} != nil`) {
          detectionGroups++;
          expect(group.statements.slice(0, 2), id).toEqual([`set(${WAITS}, ${MARK})`, SCAN_END]);
          continue;
        }
        if (group.statements.some((s) => s.startsWith(`set(${MARK}, `))) placesThatScan++;
        for (const s of group.statements) expect(s, `${id}: ${s}`).not.toContain(WAITS);
      }
      const contexts = groups.filter((g) => g.conditions?.[0] === `${MARK} != nil`).map((g) => g.context);
      expect(new Set(contexts).size, id).toBe(contexts.length);
    }
    expect(placesThatScan).toBeGreaterThan(10);
    expect(detectionGroups).toBeGreaterThan(3);
  });

  it("examples/shop: a catalog.get_product span the scan clears evaluates 1–2 statements at each sink (was 16)", async () => {
    const config = await shopGateway();
    let sinks = 0;
    // the sinks' transforms (the shared stage's group holds its type checks, then the same kind of scan)
    for (const [, groups] of transforms(config).filter(([id]) => id.startsWith("transform/traces."))) {
      const place = groups.find((g) => g.context === "span" && g.conditions?.[0]?.includes('name == "catalog.get_product"'));
      if (!place?.statements.some((s) => s.startsWith(`set(${MARK}, `))) continue;
      sinks++;
      // the scan (its joined text first where it looks for two literals); the declared name is
      // not scanned, status.message waits in the detection group
      expect(place.statements.length).toBeLessThanOrEqual(2);
    }
    expect(sinks).toBe(2); // eu-collector and vendor-apm
  });

  it("numbers each scanning group, moves what waits into its context's detection group, placed after the context's last group", () => {
    const place = (context: StatementGroup["context"], name: string): StatementGroup => ({
      context,
      conditions: [`name == "${name}"`],
      statements: [`set(${MARK}, true) where IsMatch(name, "x")`, SCAN_LOCAL, `delete_key(attributes, "${name}") where ${WAITS} == true and IsMatch(attributes["${name}"], "x")`, `set(name, "r") where ${MARK} != nil`, SCAN_END],
    });
    const plain: StatementGroup = { context: "span", conditions: ['name == "p"'], statements: ['delete_key(attributes, "p")'] };
    const out = detached([place("span", "a"), place("spanevent", "e"), plain, place("span", "b"), { context: "resource", statements: ["keep_keys(attributes, [])"] }]);
    expect(out.map((g) => `${g.context}:${g.conditions?.[0] ?? ""}`)).toEqual([
      'span:name == "a"',
      'spanevent:name == "e"',
      `spanevent:${MARK} != nil`,
      'span:name == "p"',
      'span:name == "b"',
      `span:${MARK} != nil`,
      "resource:",
    ]);
    expect(out[0]!.statements).toEqual([`set(${MARK}, 1) where IsMatch(name, "x")`, `set(name, "r") where ${MARK} != nil`]);
    expect(out[5]!.statements).toEqual([
      `set(${WAITS}, ${MARK})`,
      SCAN_END,
      `delete_key(attributes, "a") where ${WAITS} == 1 and IsMatch(attributes["a"], "x")`,
      `delete_key(attributes, "b") where ${WAITS} == 3 and IsMatch(attributes["b"], "x")`,
    ]);
    expect(out[2]!.statements[2]).toBe(`delete_key(attributes, "e") where ${WAITS} == 2 and IsMatch(attributes["e"], "x")`);
    expect(out[3]).toBe(plain);
  });
});
