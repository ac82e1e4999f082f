/**
 * A double under `mask` or `truncate` is redacted as the text the runtime's `String(value)`
 * writes. The Collector's `Concat` writes a one-digit exponent with two digits (`-6.6e-08`,
 * where String() writes `-6.6e-8`): the property test found it (FC_SEED=151724546 FC_PATH=10,
 * a resource's `-6.62573492751567e-8` masked to `*********92751567e-08` against the runtime's
 * `********492751567e-8`). Doubles on both sides of every cut-off of the text form go through
 * the runtime and through the real Collector, truncated to more characters than they have (so
 * the whole text comes out) and masked.
 */
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Attributes } from "@opentelemetry/api";
import type { ContractSet } from "../../contracts/model.js";
import { skipWithoutCollector } from "./otelcol.js";
import { loadValid, writeFiles } from "../helpers/contract-files.js";
import { collectorLog, logService, runtimeLog } from "./one-log.js";

/** Around String()'s cut-offs: exponent form below 1e-6 and from 1e21, one-digit exponents from 1e-7 to 1e-9. */
const VALUES = [-6.62573492751567e-8, 1.5e-7, 9.99e-7, 1.0000001e-6, 2.5e-5, 1.25e-9, 9.5e-10, 1e-10, 0.1, 123.456, 1.5e300, -1.7976931348623157e308, 5e-324, 1.5e21];

const SENT: Attributes = Object.fromEntries(VALUES.flatMap((v, i) => [[`t${i}`, v], [`m${i}`, v]]));
const EXPECTED: Attributes = Object.fromEntries(VALUES.flatMap((v, i) => [[`t${i}`, String(v)], [`m${i}`, `${"*".repeat(Math.max(0, String(v).length - 4))}${String(v).slice(-4)}`]]));

let dir: string;
let set: ContractSet;

beforeAll(async () => {
  const fields = VALUES.flatMap((_, i) => [
    `      t${i}: { class: personal, type: double, redaction: { truncate: { length: 40 } } }`,
    `      m${i}: { class: personal, type: double, redaction: { mask: { keep_last: 4 } } }`,
  ]);
  const files: Record<string, string> = {
    "classes.yaml": "apiVersion: cordon/v1\nkind: DataClasses\nclasses:\n  - { name: personal, level: 1, raw_in_telemetry: false }\n",
    "residency.yaml": "apiVersion: cordon/v1\nkind: Residency\nregions:\n  eu-west-1: { jurisdiction: EU }\ndefault: allow\n",
    "tiers.yaml": "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - { name: tier-2, rto: 24h, rpo: 24h }\n",
    "sinks.yaml": "apiVersion: cordon/v1\nkind: Sink\nname: eu-a\nregion: eu-west-1\nendpoint: https://eu-a.example.com:4318\nsignals: [logs]\n",
    "svc.yaml": logService("eu-a", fields),
  };
  dir = writeFiles(files, "cordon-doubles-");
  set = await loadValid(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a double masked or truncated is the runtime's String(value)", () => {
  it("the runtime", async () => {
    expect(await runtimeLog(set, "svc", "eu-a", SENT)).toEqual(EXPECTED);
  });

  it.skipIf(skipWithoutCollector)("the real Collector: the same text, one-digit exponents included", async () => {
    expect(await collectorLog(set, "eu-west-1", "svc", Object.entries(SENT).map(([key, v]) => ({ key, value: { doubleValue: v } })))).toEqual(EXPECTED);
  }, 120_000);
});
