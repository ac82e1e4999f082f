/**
 * What a sink's detector leaves of a hit is scanned again only where the runtime scans it again
 * (runtime/sink-context.ts `redactMatch`): after a mask or a truncation, by EVERY detector of
 * the sink — a redaction that leaves a match in place has redacted nothing, so the value is
 * dropped; never after a replacement (the contract's constant) or a digest.
 *
 * The property test found the first case (FC_SEED=151724546 FC_PATH=10: `with: 'L"#S8xyy'` under
 * `x+y`, sent by the runtime, dropped by the Collector, which rescanned the constant); the
 * Collector also rescanned a digest with the patterns of other sinks' classes (dropping
 * `hmac-sha256:…` where a pattern finds `sha256`) and rescanned a truncation only with the
 * patterns of mask, truncate and replace detectors — so a truncation that ends a value where
 * a `drop` detector's `end$` matches went out. Each value here is checked against the runtime
 * (the module `cordon build --target ts` generates) and against the real Collector.
 */
import { createHmac } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Attributes } from "@opentelemetry/api";
import type { ContractSet } from "../../contracts/model.js";
import { HASH_KEY, skipWithoutCollector } from "./otelcol.js";
import { loadValid, writeFiles } from "../helpers/contract-files.js";
import { collectorLog, logService, runtimeLog } from "./one-log.js";

const hmac = (v: string) => `hmac-sha256:${createHmac("sha256", HASH_KEY).update(v).digest("hex")}`;

/** Values of one log record, declared `public` (kept) at the US sink, where every other class's detectors run. */
const SENT = {
  replaced: "a xxy b", // promo (x+y) → replace "xxy", which x+y finds again: sent as it is
  truncated: "the end secret", // tail (secret) → truncate 7 = "the end", which closing (end$, drop) finds: dropped
  hashed: "cus_abcd", // digest → hash; `sha256` (masked) finds the digest: sent all the same
  masked: "sha256 of it", // masked → mask keep_last 4 = "********f it": nothing found, sent
  plain: "nothing here",
};

const EXPECTED: Attributes = { replaced: "xxy", hashed: hmac("cus_abcd"), masked: "********f it", plain: "nothing here" };

let dir: string;
let set: ContractSet;

beforeAll(async () => {
  const files: Record<string, string> = {
    "classes.yaml": `apiVersion: cordon/v1
kind: DataClasses
classes:
  - { name: public, level: 0 }
  - { name: promo, level: 1, raw_in_telemetry: false, redaction: { replace: { with: "xxy" } }, detectors: [{ pattern: "x+y" }] }
  - { name: tail, level: 1, raw_in_telemetry: false, redaction: { truncate: { length: 7 } }, detectors: [{ pattern: "secret" }] }
  - { name: closing, level: 1, raw_in_telemetry: false, redaction: drop, detectors: [{ pattern: "end$" }] }
  - { name: digest, level: 1, raw_in_telemetry: false, redaction: hash, detectors: [{ pattern: "cus_[a-z]{4}" }] }
  - { name: masked, level: 1, raw_in_telemetry: false, redaction: { mask: { keep_last: 4 } }, detectors: [{ pattern: "sha256" }] }
`,
    "residency.yaml": `apiVersion: cordon/v1
kind: Residency
regions:
  eu-west-1: { jurisdiction: EU }
  us-east-1: { jurisdiction: US }
default: allow
`,
    "tiers.yaml": "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - { name: tier-2, rto: 24h, rpo: 24h }\n",
    "sinks.yaml": "apiVersion: cordon/v1\nkind: Sink\nname: us-a\nregion: us-east-1\nendpoint: https://us-a.example.com:4318\nsignals: [logs]\n",
    "svc.yaml": logService("us-a", Object.keys(SENT) .map((k) => `      ${k}: { class: public, type: string }`)),
  };
  dir = writeFiles(files, "cordon-rescan-");
  set = await loadValid(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a detector's redacted form is scanned again as in the runtime", () => {
  it("the runtime sends each sink the expected values", async () => {
    expect(await runtimeLog(set, "svc", "us-a", SENT)).toEqual(EXPECTED);
  });

  it.skipIf(skipWithoutCollector)("the real Collector sends the same: a replacement or digest a detector finds is kept, a truncation one finds is dropped", async () => {
    expect(await collectorLog(set, "eu-west-1", "svc", Object.entries(SENT).map(([key, v]) => ({ key, value: { stringValue: v } })))).toEqual(EXPECTED);
  }, 120_000);
});
