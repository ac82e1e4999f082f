/**
 * `--sink` beyond declared fields: a detector of a class that may not go raw to the sink
 * firing anywhere — an undeclared attribute, a span name, a status message, an event name — is
 * a `live/leak`; hashed values in their redacted form are not; and a service that does not
 * export a signal to the sink at all may send nothing of it there.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadContractSet } from "../../contracts/load.js";
import { runLiveCheck, type LiveRun } from "../../compiler/live/index.js";
import { REPO } from "../helpers/cli.js";
import { post } from "./support.js";

const str = (s: string) => ({ stringValue: s });
const HMAC = `hmac-sha256:${"ab".repeat(32)}`;

let run: LiveRun;

beforeAll(async () => {
  const set = (await loadContractSet(join(REPO, "examples", "shop", "contracts"))).set!;
  let listening!: (address: string) => void;
  const address = new Promise<string>((resolve) => (listening = resolve));
  const running = runLiveCheck(set, { host: "127.0.0.1", port: 0, untilIdle: 0, asOf: "2026-11-01", sink: "vendor-apm", onListening: listening });
  const url = `http://${await address}`;
  const resource = { attributes: [{ key: "service.name", value: str("checkout") }] };
  const span = (name: string, attributes: unknown[], extra: object = {}) => ({ name, attributes, ...extra });
  await post(
    `${url}/v1/traces`,
    Buffer.from(
      JSON.stringify({
        resourceSpans: [
          {
            resource,
            scopeSpans: [
              {
                scope: { name: "checkout" },
                spans: [
                  span("checkout.place_order", [
                    { key: "user.id", value: str(HMAC) }, // hashed as it must be
                    { key: "user.email", value: str(HMAC) },
                    { key: "order.id", value: str("o-1") },
                    { key: "debug.card", value: str("card 4111 1111 1111 1111") }, // undeclared, a PAN
                  ]),
                  span("checkout.place_order", [], { status: { code: 2, message: "declined for ana@shop.eu" } }),
                  span("checkout.get_cart", [], { events: [{ name: "lookup ana@shop.eu", attributes: [] }] }),
                ],
              },
            ],
          },
        ],
      }),
    ),
    { "content-type": "application/json" },
  );
  // vendor-apm takes no logs: nothing of checkout's logs may arrive there
  await post(
    `${url}/v1/logs`,
    Buffer.from(JSON.stringify({ resourceLogs: [{ resource, scopeLogs: [{ logRecords: [{ body: str("ok"), attributes: [{ key: "order.id", value: str("o-2") }] }] }] }] })),
    { "content-type": "application/json" },
  );
  await post(`${url}/stop`, Buffer.alloc(0), {});
  run = await running;
});

describe("live-check --sink vendor-apm: detectors everywhere", () => {
  const leaks = () => run.result.findings.filter((f) => f.rule === "live/leak").map((f) => f.subject).sort();

  it("reports each place a detector of a class not raw at the sink fires, and nothing hashed", () => {
    expect(leaks()).toEqual(
      [
        "checkout/span:checkout.place_order/debug.card",
        "checkout/span:checkout.place_order/(status.message)",
        "checkout/span:checkout.get_cart/event:redacted/(name)",
        "checkout/log/order.id",
      ].sort(),
    );
  });

  it("names the detector and class, and keeps the value's shape only", () => {
    const card = run.result.findings.find((f) => f.subject === "checkout/span:checkout.place_order/debug.card")!;
    expect(card.message).toContain("pan detector of class payment_card");
    expect(card.message).toContain('"xxxx 9999 9999 9999 9999"');
    expect(JSON.stringify(run.result.findings)).not.toContain("ana@shop.eu");
    expect(JSON.stringify(run.result.findings)).not.toContain("4111");
  });
});
