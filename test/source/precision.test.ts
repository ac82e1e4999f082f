/**
 * SPEC §3.4: findings that are wrong make users declare or waive keys that are not real. Patterns
 * from real instrumentation (opentelemetry-js http, contrib graphql and dataloader) that gave
 * them, reproduced in test/fixtures/source/precision (which declares no attribute, so every key
 * that can be emitted comes back, and only where it can be):
 * - one helper records either instrument by a parameter compared with a constant
 *   (`if (kind === SpanKind.SERVER)`): a caller passing `SpanKind.CLIENT` cannot reach the
 *   server instrument; a caller passing a variable can reach both (soundness first). The same
 *   for a string const, `!==` and a ternary; a parameter assigned before the branch is no guard.
 * - a key computed under a known prefix (`\`${Names.VARIABLES}${String(key)}\``, `HEADER + name`):
 *   the dynamic key's message and hint name the prefix, so the family can be declared and waived;
 *   without a known start (`\`${name}.count\``), no prefix is claimed.
 * - links pushed into a property of a property (`queue.pending.waiting.push({ context })`): the
 *   links are read where they are stored and pushed, so links without attributes give nothing,
 *   links with attributes give their keys (pushes through another type count too), and a
 *   property also handed on elsewhere stays a
 *   dynamic key that says where.
 * Scanned with types (the repository's node_modules) and from a copy without node_modules (the
 * API's enum values are then known by name): the same findings.
 */
import { describe, expect, it } from "vitest";
import { isolatedCopy, scanFixture, type Seen, seenIn } from "./helpers.js";

const FIELD = "source/undeclared-field";
const DYNAMIC = "source/dynamic-key";
const kinds = "services/exchange/src/kinds.ts";
const variables = "services/exchange/src/variables.ts";
const batch = "services/exchange/src/batch.ts";

const at = seenIn("exchange");

const KINDS: Seen[] = [
  // served(): SpanKind.SERVER reaches only the inbound histogram; called(): CLIENT only outbound.
  at(FIELD, kinds, 30, 35, "metric:exchange.inbound.duration/exchange.route"),
  at(FIELD, kinds, 34, 35, "metric:exchange.outbound.duration/exchange.peer"),
  // relayed(kind): not a constant, so both.
  at(FIELD, kinds, 39, 24, "metric:exchange.inbound.duration/exchange.relay"),
  at(FIELD, kinds, 39, 24, "metric:exchange.outbound.duration/exchange.relay"),
  // count("in", …) / count("out", …) against `direction !== INBOUND ? sent : received`.
  at(FIELD, kinds, 48, 15, "metric:exchange.received/exchange.queue"),
  at(FIELD, kinds, 49, 16, "metric:exchange.sent/exchange.topic"),
  // swapped(SpanKind.CLIENT, …): the parameter is assigned before the branch, so the branch is no guard.
  at(FIELD, kinds, 57, 28, "metric:exchange.inbound.duration/exchange.swapped"),
];

const VARIABLES: Seen[] = [
  at(DYNAMIC, variables, 14, 23, "span:*/`${Names.VARIABLES}${String(key)}`"),
  at(DYNAMIC, variables, 19, 21, "span:*/HEADER + name.toLowerCase()"),
  at(DYNAMIC, variables, 23, 21, "span:*/`${name}.count`"),
];

const BATCH: Seen[] = [
  // flush(): `queue.pending?.waiting`, pushed `{ context }` only: nothing. resend(): the pushed link's key.
  at(FIELD, batch, 33, 66, "span:exchange.resend/exchange.retry.cause"),
  // replay(): `held.earlier` is also handed to a callback (line 46).
  at(DYNAMIC, batch, 50, 55, "span:exchange.replay/held.earlier[].attributes"),
  // requeue(): pushed into the same property seen through another type (`as Other`).
  at(FIELD, batch, 59, 98, "span:exchange.flush/exchange.requeued"),
];

const inFile = (file: string, seen: readonly Seen[]) => seen.filter((s) => s.file === file);

describe("findings only where the code can emit them (precision fixture)", () => {
  it("a helper shared by two callers: each instrument gets the keys of the callers that reach it", async () => {
    const { seen } = await scanFixture("precision");
    expect(inFile(kinds, seen)).toEqual(KINDS);
  });

  it("a key computed under a known prefix: the message and the hint name the prefix", async () => {
    const { seen, findings } = await scanFixture("precision");
    expect(inFile(variables, seen)).toEqual(VARIABLES);
    const [variable, header, computed] = findings.filter((f) => f.location?.file.endsWith(variables));
    expect(variable!.message).toContain("its part `${String(key)}` is only known at run time, after the known prefix `exchange.variables.`.");
    expect(variable!.hint).toContain("Every key it can take starts with `exchange.variables.`: declare the `exchange.variables.…` keys");
    expect(header!.message).toContain("its part `name.toLowerCase()` is only known at run time, after the known prefix `exchange.header.`.");
    expect(header!.hint).toContain("starts with `exchange.header.`");
    expect(computed!.message).toContain("its part `${name}` is only known at run time.");
    expect(computed!.message + computed!.hint).not.toContain("prefix");
  });

  it("links stored in a property of a property: read where they are stored and pushed", async () => {
    const { seen, findings } = await scanFixture("precision");
    expect(inFile(batch, seen)).toEqual(BATCH);
    const replay = findings.find((f) => f.rule === DYNAMIC && f.location?.file.endsWith(batch));
    expect(replay!.message).toContain("`held.earlier` is also used at batch.ts:46, where elements may be put in unseen");
  });

  it("without node_modules: the same findings", async () => {
    const { seen } = await scanFixture("precision", {}, isolatedCopy("precision"));
    expect(inFile(kinds, seen)).toEqual(KINDS);
    expect(inFile(variables, seen)).toEqual(VARIABLES);
    expect(inFile(batch, seen)).toEqual(BATCH);
  });
});
