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
const HIT = 'attributes["cordon.hmac.hit"]';
/** A detection group enters marked records: by its own places' scans, or (places without a group of their own) by the shared stage's. */
const isDetection = (group: StatementGroup) => group.conditions?.[0] === `${MARK} != nil` || group.conditions?.[0] === `${MARK} != nil or ${HIT} != nil`;

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
        if (isDetection(group)) {
          detectionGroups++;
          expect(group.statements.slice(0, 2), id).toEqual([`set(${WAITS}, ${MARK})`, SCAN_END]);
          continue;
        }
        if (group.statements.some((s) => s.startsWith(`set(${MARK}, `))) placesThatScan++;
        for (const s of group.statements) expect(s, `${id}: ${s}`).not.toContain(WAITS);
      }
      const contexts = groups.filter(isDetection).map((g) => g.context);
      expect(new Set(contexts).size, id).toBe(contexts.length);
    }
    expect(placesThatScan).toBeGreaterThan(10);
    expect(detectionGroups).toBeGreaterThan(3);
  });

  it("examples/shop: a catalog.get_product span the shared stage's scan clears meets no group of its own at the sinks (was 16 statements, then 1)", async () => {
    const config = await shopGateway();
    let sinks = 0;
    const ofPlace = (g: StatementGroup) => g.context === "span" && (g.conditions?.[0]?.startsWith('name == "catalog.get_product"') ?? false);
    for (const [id, groups] of transforms(config).filter(([id]) => id.startsWith("transform/traces."))) {
      // its scan only read the shared stage's mark: the place's statements wait in the detection
      // group, under the place's own condition, and the place has no group to evaluate
      expect(groups.filter(ofPlace), id).toEqual([]);
      const detection = groups.find((g) => g.context === "span" && isDetection(g))!;
      expect(detection.conditions, id).toEqual([`${MARK} != nil or ${HIT} != nil`]);
      if (detection.statements.some((s) => s.includes('(name == "catalog.get_product" and resource.attributes["service.name"] == "catalog")'))) sinks++;
    }
    expect(sinks).toBe(2); // eu-collector and vendor-apm
    // the shared stage's group: its keep_keys, 8 type checks, the scan
    const shared = transforms(config).find(([id]) => id === "transform/traces")![1].filter(ofPlace);
    expect(shared).toHaveLength(1);
    expect(shared[0]!.statements.filter((s) => s.startsWith(`set(${MARK}, `))).toHaveLength(1);
  });

  it("a place whose every statement needs the shared stage's mark tests the mark before its own condition", () => {
    const gate = `set(${MARK}, true) where ${HIT} != nil`;
    const reads = (name: string, ...rest: string[]): StatementGroup => ({ context: "span", conditions: [`name == "${name}"`, `name == "${name}2"`], statements: [gate, SCAN_LOCAL, ...rest, SCAN_END] });
    const names = `set(name, "redacted") where ${MARK} != nil and IsString(name) and IsMatch(name, "x")`;
    const out = detached([
      reads("a", names),
      // a statement that runs without the mark (an `or` outside brackets does not need it)
      reads("b", names, `set(name, "r") where ${MARK} != nil and IsMatch(name, "y") or IsMatch(name, "z")`),
      reads("c", names, 'keep_keys(attributes, ["k"])'),
    ]);
    // (the fourth, the detection group: nothing waits for the scan here)
    expect(out.slice(0, 3).map((g) => g.conditions)).toEqual([
      [`${HIT} != nil and ((name == "a") or (name == "a2"))`],
      ['name == "b"', 'name == "b2"'],
      ['name == "c"', 'name == "c2"'],
    ]);
    expect(out[0]!.statements).toEqual([`set(${MARK}, 1) where ${HIT} != nil`, names]);
  });

  it("examples/shop: at each sink, a span group that only reads the shared stage's mark costs a span without it one lookup", async () => {
    const config = await shopGateway();
    let groups = 0;
    for (const [id, all] of transforms(config).filter(([id]) => /^transform\/traces\./.test(id))) {
      for (const group of all.filter((g) => g.statements[0]?.endsWith(`where ${HIT} != nil`) && !isDetection(g))) {
        expect(group.conditions, `${id}: ${group.statements.join("; ")}`).toHaveLength(1);
        if (group.statements.slice(1).every((s) => s.includes(` where ${MARK} != nil and `))) {
          expect(group.conditions![0]!.startsWith(`${HIT} != nil and (`), id).toBe(true);
          groups++;
        }
      }
    }
    expect(groups).toBe(4); // the "any other span" and "any other event" places at eu-collector and vendor-apm
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
