/**
 * SPEC §3.4: keys followed where one function hands an attribute object to another, patterns
 * found in real instrumentation (opentelemetry-js-contrib kafkajs, opentelemetry-js http) that
 * `check --src` passed without reporting. The fixture (test/fixtures/source/handoff) declares no
 * attribute, so every key the code can emit must come back, each where it is written:
 * - an options object that is a parameter (`startSpan(name, options)`): every caller's `attributes`;
 * - a destructured parameter (`({ attributes }: Options)`): that property of every caller's argument;
 * - a destructured variable (`const { hook } = options`) merged with `Object.assign`;
 * - keys put into a parameter before it is passed on (`p[K] = v`, `p = Object.assign(p, …)`), and `??=`;
 * - keys put into an object after it went into an options object, and `options.attributes = …`;
 * - a log record's `exception` (the SDK adds exception.* attributes: checked against the real
 *   sdk-logs below);
 * - `batch.observe(instrument, value, attributes)` where the result is a method's parameter;
 * - `...(cond && {…})`; a `let` assigned later, then destructured; links built by `push`;
 * - a span renamed by `updateName` is no longer the span it was started as;
 * - a function imported by name (`import { f }` is not a use that hides f's callers, for the
 *   attributes it is passed and for the span it is passed).
 * Scanned inside the repository and from a copy with no node_modules: the same findings.
 */
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../contracts/finding.js";
import { isolatedCopy, messageOf, scanFixture, type Seen, seenIn } from "./helpers.js";

const FIELD = "source/undeclared-field";
const DYNAMIC = "source/dynamic-key";
const attrs = "services/relay/src/attrs.ts";
const relay = "services/relay/src/relay.ts";
const gauges = "services/relay/src/gauges.ts";
const failures = "services/relay/src/failures.ts";

const at = seenIn("relay");

const EXPECTED: Seen[] = [
  // requestAttributes(): the literal and the assignment, reaching startSpan through start(options).
  at(FIELD, attrs, 6, 36, "span:relay.send/relay.method"),
  at(FIELD, attrs, 7, 37, "span:relay.send/relay.synthetic"),
  // responseMetricAttributes(): `=` and `??=`, merged into finish()'s parameter by Object.assign.
  at(FIELD, attrs, 15, 33, "metric:relay.duration/relay.status"),
  at(FIELD, attrs, 16, 7, "metric:relay.duration/relay.error"),
  // markRetried(span): its one caller (in relay.ts, which imports it by name) passes relay.retry.
  at(FIELD, attrs, 22, 21, "span:relay.retry/relay.retried"),
  // logger.emit({ exception }): the exception.* attributes the SDK derives, as for recordException.
  at(FIELD, failures, 5, 61, "log/exception.message"),
  at(FIELD, failures, 5, 61, "log/exception.stacktrace"),
  at(FIELD, failures, 5, 61, "log/exception.type"),
  at(FIELD, failures, 5, 82, "log/relay.stage"),
  at(FIELD, failures, 9, 61, "log/exception.message #2"),
  // observeDepth(result: BatchObservableResult, …): three arguments, the third the attributes.
  at(FIELD, gauges, 13, 41, "metric:relay.queue.depth/relay.queue"),
  // deliver(): `...(cond && {…})`, and `let started; started = begin(…)` destructured.
  at(FIELD, gauges, 26, 61, "span:*/relay.batch.count"),
  at(FIELD, gauges, 31, 28, "span:*/relay.batch.id"),
  // linksOf(): links pushed into an array a function returns.
  at(FIELD, gauges, 36, 71, "span:relay.deliver/relay.link.reason"),
  // The hook attributes: `const { hook } = options`, options being what send() passes.
  at(FIELD, relay, 14, 93, "span:relay.send/relay.hooked"),
  // …and its links, read through the same options parameter.
  at(FIELD, relay, 14, 190, "span:relay.send/relay.link.of"),
  // startConsumer({ topic, attributes }): the caller's `attributes` property.
  at(FIELD, relay, 19, 54, "span:relay.consume/relay.batch.size"),
  at(FIELD, relay, 29, 82, "span:relay.consume/relay.topic"),
  // finish(): a key assigned into the parameter before observe() records it.
  at(FIELD, relay, 35, 33, "metric:relay.duration/relay.error.type"),
  // finish()'s one caller.
  at(FIELD, relay, 44, 22, "metric:relay.duration/relay.method"),
  // orphan(): no caller, so no static answer.
  at(DYNAMIC, relay, 48, 63, "span:relay.orphan/...attributes"),
  // route(): `span.updateName(\`GET ${path}\`)` — no longer `relay.route`, so any span; `same` keeps its name.
  at(FIELD, relay, 60, 82, "span:*/relay.path"),
  at(FIELD, relay, 61, 21, "span:*/relay.matched"),
  at(FIELD, relay, 64, 81, "span:relay.same/relay.kept"),
  // late(): a key assigned after the object went into the options; `other.attributes = {…}`.
  at(FIELD, relay, 74, 14, "span:relay.late/relay.late.id"),
  at(FIELD, relay, 76, 24, "span:relay.late/relay.late.other"),
];

const message = (findings: readonly Finding[], subject: string): string => messageOf(findings, "relay", subject);

describe("attribute objects handed from one function to another (handoff fixture)", () => {
  it("reports every key where it is written, and says why the one it cannot resolve is dynamic", async () => {
    const { seen, findings } = await scanFixture("handoff");
    expect(seen).toEqual(EXPECTED);
    expect(message(findings, "span:relay.orphan/...attributes")).toContain(
      "`attributes` is destructured from an object cordon cannot read: a parameter is a parameter of `orphan` typed `ConsumeOptions`, and no call of `orphan` was found in the program",
    );
  });

  it("a log record's exception: the keys the real SDK sets, no more, no fewer", async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    const logger = provider.getLogger("relay");
    // The records failures.ts writes (lines 5 and 9).
    logger.emit({ body: "failed", exception: new Error("boom"), attributes: { "relay.stage": "send" } });
    logger.emit({ body: "failed", exception: "boom" });
    await provider.forceFlush();
    const emitted = exporter.getFinishedLogRecords().map((r) => Object.keys(r.attributes).sort());
    const { findings } = await scanFixture("handoff");
    const reportedAt = (line: number) =>
      findings
        .filter((f) => f.location?.file.endsWith(failures) && f.location.line === line)
        .map((f) => f.subject.split(" @")[0]!.split("/").pop())
        .sort();
    expect([reportedAt(5), reportedAt(9)]).toEqual(emitted);
    await provider.shutdown();
  });

  it("without node_modules: the same findings", async () => {
    const { seen } = await scanFixture("handoff", {}, isolatedCopy("handoff"));
    expect(seen).toEqual(EXPECTED);
  });
});
