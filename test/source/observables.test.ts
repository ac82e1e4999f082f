/**
 * Observable instruments: `result.observe(value, attributes)` in a callback is an emission of
 * the instrument the callback is registered on (inline or named, `addCallback`), and
 * `batch.observe(instrument, value, attributes)` of the instrument it names — with types, and
 * in plain JavaScript by the callback's registration. A user object's `observe` is not one.
 */
import { describe, expect, it } from "vitest";
import { scanFixture } from "./helpers.js";

const UNDECLARED = "source/undeclared-field";
const queue = "services/queue/src/metrics.ts";
const poller = "services/poller/src/poll.js";

describe("observable instruments", () => {
  it("checks what callbacks observe against the instrument they report to", async () => {
    const { seen, findings } = await scanFixture("observables");
    expect(seen).toEqual([
      { rule: UNDECLARED, file: poller, line: 6, column: 50, subject: `poller/metric:poller.lag/poller.partition @ ${poller}` },
      { rule: UNDECLARED, file: queue, line: 11, column: 23, subject: `queue/metric:queue.depth/queue.shard @ ${queue}` },
      { rule: UNDECLARED, file: queue, line: 16, column: 52, subject: `queue/metric:queue.consumers/consumer.host @ ${queue}` },
      // queue.name is declared on queue.depth, not on queue.consumers.
      { rule: UNDECLARED, file: queue, line: 24, column: 35, subject: `queue/metric:queue.consumers/queue.name @ ${queue}` },
    ]);
    expect(findings.map((f) => f.message)).toContain(
      "`queue.name` is emitted on metric `queue.consumers` (batchObservableResult.observe) but service `queue` does not declare it there.",
    );
  });
});
