/**
 * A small valid contract set for the black-box SPEC tests (test/spec/*): each test writes it
 * with a few files added, replaced or removed, and runs the built CLI on it as a user would.
 */
import { cordon, type CliRun } from "../helpers/cli.js";
import { writeFiles } from "../helpers/contract-files.js";
import type { JsonFinding } from "../../compiler/format/json.js";

/** The first lines of the Service document `checkout` every §1–§5 test writes, up to its home region. */
export const CHECKOUT_HEAD = `apiVersion: cordon/v1
kind: Service
name: checkout
owner: team
tier: tier-2
region: eu-west-1
`;
/** checkout's deployment: one EU region, backups there. */
export const EU_DEPLOYMENT = `deployment: { regions: [eu-west-1], strategy: backup-restore, replication: { mode: none }, backup: { interval: 1h, regions: [eu-west-1] } }
`;

export const BASE: Readonly<Record<string, string>> = {
  "classes.yaml": `apiVersion: cordon/v1
kind: DataClasses
classes:
  - name: public
    level: 0
  - name: internal
    level: 1
  - name: personal
    level: 2
    redaction: hash
`,
  "residency.yaml": `apiVersion: cordon/v1
kind: Residency
regions:
  eu-west-1: { jurisdiction: EU }
  us-east-1: { jurisdiction: US }
rules:
  - class: personal
    allowed_in: [EU]
default: deny
`,
  "tiers.yaml": `apiVersion: cordon/v1
kind: Tiers
tiers:
  - name: tier-0
    rto: 15m
    rpo: 0s
  - name: tier-2
    rto: 24h
    rpo: 24h
`,
  "sink.yaml": `apiVersion: cordon/v1
kind: Sink
name: eu-collector
region: eu-west-1
endpoint: https://otel.eu.example:4318
signals: [traces, logs, metrics]
`,
  "checkout.yaml": `${CHECKOUT_HEAD}${EU_DEPLOYMENT}telemetry:
  sinks: [eu-collector]
  spans:
    - name: checkout.place_order
      attributes:
        user.email: { class: personal, type: string }
`,
};

export type { JsonFinding } from "../../compiler/format/json.js";

export interface JsonRun extends CliRun {
  readonly summary: { errors: number; warnings: number; waived: number };
  readonly findings: readonly JsonFinding[];
  /** `rule subject` of every finding, sorted: what most tests compare. */
  readonly ruleSubjects: readonly string[];
}

/** A project folder with `contracts/` holding BASE changed by `files` (null deletes a BASE file). */
export function project(files: Record<string, string | null> = {}): string {
  const merged: Record<string, string> = {};
  for (const [name, text] of Object.entries({ ...BASE, ...files })) if (text !== null) merged[`contracts/${name}`] = text;
  return writeFiles(merged, "cordon-spec-");
}

/** `cordon check --format json` in `cwd` (default: the project), parsed. */
export function checkJson(cwd: string, args: readonly string[] = []): JsonRun {
  const run = cordon(["check", "--format", "json", ...args], { cwd });
  let parsed: { summary: JsonRun["summary"]; findings: JsonFinding[] };
  try {
    parsed = JSON.parse(run.stdout) as typeof parsed;
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return {
    ...run,
    summary: parsed.summary,
    findings: parsed.findings,
    ruleSubjects: parsed.findings.map((f) => `${f.rule} ${f.subject}`).sort(),
  };
}

/** One EU region that allows everything, one internal class, one tier and one sink: the set §3.4 and §6 tests add a service to. */
export const EU_ALLOW = `apiVersion: cordon/v1
kind: DataClasses
classes:
  - { name: internal, level: 1 }
---
apiVersion: cordon/v1
kind: Residency
regions:
  eu-west-1: { jurisdiction: EU }
rules: []
default: allow
---
apiVersion: cordon/v1
kind: Tiers
tiers:
  - { name: tier-2, rto: 48h, rpo: 48h }
---
apiVersion: cordon/v1
kind: Sink
name: eu-collector
region: eu-west-1
endpoint: https://otel.eu.example:4318
signals: [traces, logs, metrics]
`;
