/**
 * SPEC §3.4: keys followed the way a reader of the code follows them, emission sites without
 * node_modules, and exporters started by configuration. The fixture (test/fixtures/source/readers)
 * has one pattern per place; each expected finding below names the pattern that produces it.
 * The same fixture is scanned twice: inside the repository (the checker resolves
 * @opentelemetry/* through cordon's own node_modules) and copied where no node_modules can be
 * found, and both must give exactly the same findings.
 */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../contracts/finding.js";
import { isolatedCopy, messageOf, scanFixture, type Seen, seenIn } from "./helpers.js";

const FIELD = "source/undeclared-field";
const DYNAMIC = "source/dynamic-key";
const UNLOCKED = "source/unlocked-exporter";
const ENDPOINT = "source/undeclared-endpoint";
const BY_NAME = "(matched by name: no type information)";
const SEMCONV = "resolved from cordon's copy of @opentelemetry/semantic-conventions";

const docker = "services/shop/deploy/Dockerfile";
const procfile = "services/shop/deploy/Procfile";
const k8s = "services/shop/deploy/deployment.yaml";
const compose = "services/shop/deploy/docker-compose.yml";
const pkg = "services/shop/package.json";
const checkout = "services/shop/src/checkout.ts";
const common = "services/shop/src/common.ts";
const bucket = "services/shop/src/extensions/bucket.ts";
const queue = "services/shop/src/extensions/queue.ts";
const otel = "services/shop/src/otel.ts";
const REGISTER = "exporter:@opentelemetry/auto-instrumentations-node/register";

const at = seenIn("shop");

const EXPECTED: Seen[] = [
  // Auto-instrumentation preloaded through NODE_OPTIONS in a Dockerfile; an endpoint there that
  // matches the sink (line 5) is fine, the vendor one for traces (line 6) is not.
  at(UNLOCKED, docker, 4, 29, REGISTER),
  at(ENDPOINT, docker, 6, 40, "exporter:OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
  at(UNLOCKED, procfile, 1, 14, REGISTER),
  // Kubernetes: `- name: NODE_OPTIONS` / `value: --import …`, and a name/value pair for the endpoint.
  at(UNLOCKED, k8s, 13, 32, REGISTER),
  at(ENDPOINT, k8s, 15, 23, "exporter:OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"),
  // compose: a literal endpoint is checked; `${METRICS_URL}` (line 6) has no static value.
  at(ENDPOINT, compose, 5, 36, "exporter:OTEL_EXPORTER_OTLP_ENDPOINT"),
  at(UNLOCKED, pkg, 5, 30, REGISTER),
  at(UNLOCKED, pkg, 6, 27, `${REGISTER} #2`),
  // tag(span, attrs) sets its parameter: the literal one caller passes is read where it is written.
  at(FIELD, checkout, 16, 15, "span:shop.checkout/payment.method"),
  // for (const key of CART_KEYS): a loop over a constant array.
  at(FIELD, checkout, 19, 50, "span:shop.checkout/cart.currency"),
  at(FIELD, checkout, 19, 50, "span:shop.checkout/cart.size"),
  // ATTR_URL_PATH from @opentelemetry/semantic-conventions.
  at(FIELD, checkout, 20, 21, "span:shop.checkout/url.path"),
  // A header name only known at run time: the one key with no static answer.
  at(DYNAMIC, checkout, 35, 21, "span:*/`http.request.header.${name}`"),
  // An instrument created in a method (refresh), not the constructor; shop.route is declared.
  at(FIELD, checkout, 47, 53, "metric:shop.latency/shop.status"),
  // label(span, extra) where extra is a parameter of a function nobody in the program calls.
  at(DYNAMIC, checkout, 56, 15, "span:*/...extra"),
  // commonAttrs() returns a literal: reached from startSpan's spread and, through requestAttrs'
  // spread, from tag(); the same key at the same place for the same span is reported once.
  // …and from copyAll(): `for (const [key] of Object.entries(commonAttrs(host)))`, on a span nobody names.
  at(FIELD, common, 8, 13, "span:*/server.address"),
  at(FIELD, common, 8, 13, "span:shop.checkout/server.address"),
  at(FIELD, common, 8, 13, "span:shop.chekout/server.address"),
  at(FIELD, common, 8, 41, "span:*/shop.tenant"),
  at(FIELD, common, 8, 41, "span:shop.checkout/shop.tenant"),
  at(FIELD, common, 8, 41, "span:shop.chekout/shop.tenant"),
  // requestAttrs builds its object by assignment before returning it.
  at(FIELD, common, 13, 9, "span:shop.checkout/http.request.method"),
  at(FIELD, common, 14, 9, "span:shop.checkout/retry"),
  // cartAttrs: CART_KEYS.forEach(k => { out[k] = … }).
  at(FIELD, common, 21, 9, "span:shop.checkout/cart.currency"),
  at(FIELD, common, 21, 9, "span:shop.checkout/cart.size"),
  // registry.preSpan() → ext.preSpan() on the Extension interface: every implementation,
  // including one that overrides an abstract method of a base class.
  at(FIELD, bucket, 5, 32, "span:*/bucket.name"),
  at(FIELD, queue, 7, 43, "span:*/messaging.system"),
  at(FIELD, queue, 8, 37, "span:*/queue.name"),
  // `process.env.X || "…"` and `?? local` where local is `c ? sink : localhost`: each static
  // alternative is checked; the one matching the sink is not reported.
  at(UNLOCKED, otel, 7, 3, "exporter:OTLPTraceExporter"),
  at(ENDPOINT, otel, 7, 58, "exporter:OTLPTraceExporter"),
  at(UNLOCKED, otel, 8, 3, "exporter:OTLPTraceExporter #2"),
  at(ENDPOINT, otel, 8, 58, "exporter:OTLPTraceExporter #2"),
  // A NodeSDK with no exporter of its own exports by OTEL_* variables.
  at(UNLOCKED, otel, 11, 20, "exporter:NodeSDK"),
];

const message = (findings: readonly Finding[], subject: string): string => messageOf(findings, "shop", subject);

describe("keys followed the way a reader follows them (readers fixture)", () => {
  it("with node_modules reachable: exact keys, lines and rules", async () => {
    const { seen, findings } = await scanFixture("readers");
    expect(seen).toEqual(EXPECTED);
    expect(message(findings, "span:shop.chekout/shop.tenant")).toContain("did you mean `shop.checkout`?");
    expect(message(findings, "span:*/`http.request.header.${name}`")).toContain("its part `${name}` is only known at run time");
    expect(message(findings, "span:*/messaging.system")).not.toContain(SEMCONV);
    expect(message(findings, "span:*/...extra")).toContain(
      "`extra` is a parameter of `fromOutside` typed `Attributes`, and no call of `fromOutside` was found in the program",
    );
    const foreign = findings.find((f) => f.subject.startsWith("shop/span:*/bucket.name"));
    expect(foreign?.message).toContain("emitted by tracer.startSpan in services/shop/src/checkout.ts");
  });

  it("without node_modules: the same findings, and they say types were unavailable", async () => {
    const root = isolatedCopy("readers");
    const { seen, findings } = await scanFixture("readers", {}, root);
    expect(seen).toEqual(EXPECTED);
    // Semantic-conventions names come from cordon's generated table, and say so.
    for (const subject of ["span:shop.checkout/url.path", "span:*/messaging.system", "span:shop.checkout/http.request.method"]) {
      expect(message(findings, subject)).toContain(SEMCONV);
    }
    // The metric site was found by the shape of the calls, and says so.
    expect(message(findings, "metric:shop.latency/shop.status")).toContain(BY_NAME);
  });
});
