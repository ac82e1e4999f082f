/** Write contract sets into temp folders and load them, for tests. */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadContractSet } from "../../contracts/load.js";
import type { ContractSet } from "../../contracts/model.js";

export function writeFiles(files: Record<string, string>, prefix = "cordon-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

/** Load a set that must be valid; fail the test with its findings otherwise. */
export async function loadValid(dir: string): Promise<ContractSet> {
  const { set, findings } = await loadContractSet(dir);
  if (!set) {
    throw new Error(
      `contract set in ${dir} did not load:\n${findings.map((f) => `${f.rule} ${f.location?.line}:${f.location?.column} ${f.message}`).join("\n")}`,
    );
  }
  return set;
}

/**
 * A Service document: tier-2, deployed in eu-west-1 only, sending to `sinks`; `telemetry` is the
 * rest of its `telemetry:` block (YAML lines indented by two spaces: `spans:`, `logs:`, …).
 */
export function serviceYaml(name: string, sinks: readonly string[], telemetry: string): string {
  return `apiVersion: cordon/v1
kind: Service
name: ${name}
owner: team
tier: tier-2
region: eu-west-1
deployment: { regions: [eu-west-1], strategy: none, replication: { mode: none } }
telemetry:
  sinks: [${sinks.join(", ")}]
${telemetry}`;
}
