import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { scanFixture } from "./helpers.js";

const EXAMPLES = resolve(import.meta.dirname, "../../examples");

describe("examples", () => {
  it("shop: the services' own code passes", async () => {
    const { seen } = await scanFixture("shop", {}, resolve(EXAMPLES, "shop"));
    expect(seen).toEqual([]);
  });

  it("shop-pr: the seeded violations are reported where they are", async () => {
    const { seen } = await scanFixture("shop-pr", {}, resolve(EXAMPLES, "shop-pr"));
    const debug = "services/checkout/src/debug-tracing.ts";
    const order = "services/checkout/src/place-order.ts";
    expect(seen).toEqual([
      { rule: "source/unlocked-exporter", file: debug, line: 10, column: 20, subject: `checkout/exporter:OTLPTraceExporter @ ${debug}` },
      { rule: "source/undeclared-endpoint", file: debug, line: 11, column: 10, subject: `checkout/exporter:OTLPTraceExporter @ ${debug}` },
      { rule: "source/undeclared-field", file: order, line: 46, column: 23, subject: `checkout/span:checkout.place_order/shipping.postcode @ ${order}` },
    ]);
  });
});
