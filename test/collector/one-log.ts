/**
 * One log record of a service through each tier, for tests that compare the two on a handful of
 * values: the attributes the runtime gives one sink, and those a real gateway sends (it has one
 * sink per region in those tests).
 */
import { rm } from "node:fs/promises";
import { expect } from "vitest";
import type { Attributes } from "@opentelemetry/api";
import type { ContractSet } from "../../contracts/model.js";
import { gatewayConfig } from "../../compiler/collector/index.js";
import { serviceYaml } from "../helpers/contract-files.js";
import { logsOf, startReceiver } from "../runtime/otlp-receiver.js";
import { HASH_KEY, exportingTo, startCollectorOnFreePorts } from "./otelcol.js";
import { loadPlan, runtimeRedact, tempDir } from "./runtime-plan.js";

/** Service `svc` (tier-2, in eu-west-1) sending log records with `attributes` (YAML lines of its `logs.attributes`) to `sink`. */
export function logService(sink: string, attributes: readonly string[]): string {
  return serviceYaml("svc", [sink], `  logs:
    attributes:
${attributes.join("\n")}
`);
}

/** An OTLP/JSON attribute (`{ key, value: { stringValue } }` and the like). */
export interface OtlpAttribute {
  readonly key: string;
  readonly value: Readonly<Record<string, unknown>>;
}

/** The attributes `service`'s generated runtime gives `sink` for one log record. */
export async function runtimeLog(set: ContractSet, service: string, sink: string, attributes: Attributes): Promise<Attributes> {
  const scratch = await tempDir();
  try {
    const plan = await loadPlan(set, service, scratch, 0);
    const out = runtimeRedact(plan, HASH_KEY, { kind: "log" }, { "service.name": service }, attributes);
    return { ...out.get(sink)!.attributes };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The attributes of the one log record `region`'s real gateway sends on, sent `attributes` by `service`. */
export async function collectorLog(set: ContractSet, region: string, service: string, attributes: readonly OtlpAttribute[]): Promise<Attributes> {
  const receiver = await startReceiver();
  const gateway = await startCollectorOnFreePorts((listen) => exportingTo(gatewayConfig(set, region, { listen }), receiver.url));
  try {
    const body = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
          scopeLogs: [{ scope: { name: "t" }, logRecords: [{ timeUnixNano: "1700000000000000000", attributes }] }],
        },
      ],
    };
    const res = await fetch(`${gateway.url}/v1/logs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(res.status, await res.text()).toBe(200);
    for (let poll = 0; poll < 600 && logsOf(receiver.received).length === 0; poll++) await new Promise((r) => setTimeout(r, 50));
    const logs = logsOf(receiver.received);
    expect(logs.length, gateway.log().slice(-2000)).toBe(1);
    return { ...logs[0]!.attributes } as Attributes;
  } finally {
    await gateway.stop();
    await receiver.close();
  }
}
