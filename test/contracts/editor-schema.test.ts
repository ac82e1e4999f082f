/**
 * The editor schema is as strict as the CLI and says what every property is for:
 * - every property (and map value) carries a description — what hover shows and
 *   docs/contract-reference.md prints;
 * - the duration pattern accepts exactly the strings contract/duration accepts (the parser
 *   is the oracle), the endpoint pattern at least every endpoint the parser accepts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDuration } from "../../contracts/duration.js";
import { parseEndpoint } from "../../contracts/endpoint.js";
import { DURATION_PATTERN, ENDPOINT_PATTERN } from "../../contracts/schema/editor-patterns.js";
import { editorSchema } from "../../contracts/schema/index.js";

type Schema = Record<string, any>;

/** Every property of the schema with its path: object properties and map values, through items and branches. */
function properties(node: unknown, path: string, out: Array<[string, Schema]>): Array<[string, Schema]> {
  if (Array.isArray(node)) {
    node.forEach((child, i) => properties(child, `${path}[${i}]`, out));
    return out;
  }
  if (node === null || typeof node !== "object") return out;
  const schema = node as Schema;
  for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    out.push([`${path}.${key}`, child]);
    properties(child, `${path}.${key}`, out);
  }
  for (const [key, child] of Object.entries((schema.patternProperties ?? {}) as Record<string, Schema>)) {
    out.push([`${path}.<${key}>`, child]);
    properties(child, `${path}.<key>`, out);
  }
  for (const keyword of ["items", "anyOf", "oneOf", "allOf", "then", "else", "additionalProperties"]) {
    if (schema[keyword] && typeof schema[keyword] === "object") properties(schema[keyword], `${path}/${keyword}`, out);
  }
  for (const [name, definition] of Object.entries((schema.definitions ?? {}) as Record<string, Schema>)) properties(definition, name, out);
  return out;
}

const durationRegex = new RegExp(DURATION_PATTERN, "u");
const endpointRegex = new RegExp(ENDPOINT_PATTERN, "u");

describe("editor schema", () => {
  const schema = editorSchema() as Schema;
  const all = properties(schema, "", []);

  it("describes every property", () => {
    expect(all.length).toBeGreaterThan(150);
    const undescribed = all.filter(([, child]) => typeof child.description !== "string" || child.description.trim() === "").map(([path]) => path);
    expect(undescribed).toEqual([]);
  });

  it("gives durations and endpoints the editor's patterns, not string|number", () => {
    const tier = schema.definitions.Tiers.properties.tiers.items.properties;
    expect(tier.rto).toMatchObject({ type: "string", pattern: DURATION_PATTERN });
    expect(tier.rto.anyOf).toBeUndefined();
    expect(schema.definitions.Sink.properties.endpoint).toMatchObject({ type: "string", pattern: ENDPOINT_PATTERN });
    // No editor-only marker leaks into what editors read.
    expect(JSON.stringify(schema)).not.toContain("x-cordon-editor");
  });

  it("keeps enums as enums", () => {
    const service = schema.definitions.Service.properties;
    expect(service.deployment.properties.strategy.enum).toEqual(["active-active", "warm-standby", "pilot-light", "backup-restore", "none"]);
    expect(service.telemetry.properties.undeclared.enum).toEqual(["drop", "keep"]);
  });
});

describe("the duration pattern accepts exactly what contract/duration accepts", () => {
  const digits = fc.stringMatching(/^\d{1,4}$/);
  const unit = fc.constantFrom("d", "h", "m", "s", "w", "D", "H", "M", "S", "W", "T", "t", "P", "p", ".", " ", "hr", "sec", " seconds", "y", "Y", "");
  /** Strings built from the grammar's own pieces, valid and broken alike. */
  const durationLike = fc
    .array(fc.oneof(digits, unit), { maxLength: 8 })
    .map((parts) => parts.join(""));
  const known = fc.constantFrom("0s", "90s", "15m", "4h", "1d", "1h30m", "PT15M", "P1D", "p1d", "P2W", "PT0.5S", " 15m ", "30 seconds", "1hr", "P", "PT", "P1DT", "P1W1D", "1m1h", "", "5", "P1Y", "1h 30m");

  it("agrees with the parser on every string", () => {
    fc.assert(
      fc.property(fc.oneof(durationLike, known, fc.string({ maxLength: 12 })), (text) => {
        const parsed = parseDuration(text);
        const tooLong = !parsed.ok && /too long/.test(parsed.message);
        if (!tooLong) expect(durationRegex.test(text), JSON.stringify(text)).toBe(parsed.ok);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("the endpoint pattern accepts every endpoint the parser accepts", () => {
  const scheme = fc.constantFrom("https", "http", "HTTPS", "Http", "ftp", "grpc", "", "https:", "h");
  const rest = fc.constantFrom("", "/", "//", ":", "@", "?", "#", "\t", " ", "[::1]", "127.0.0.1", "host", "otel.example", ":4318", "/v1/traces", "user:pw@", "%41");
  const endpointLike = fc
    .tuple(scheme, fc.constantFrom("://", ":/", "", "//"), fc.array(rest, { maxLength: 5 }))
    .map(([s, sep, parts]) => `${s}${sep}${parts.join("")}`);

  it("never refuses what the CLI accepts, and refuses an endpoint without a scheme", () => {
    fc.assert(
      fc.property(fc.oneof(endpointLike, fc.string({ maxLength: 20 })), (text) => {
        if (parseEndpoint(text).ok) expect(endpointRegex.test(text), JSON.stringify(text)).toBe(true);
      }),
      { numRuns: 5000 },
    );
    for (const bad of ["debug.internal:4318", "otel.example", "grpc://otel.example:4317", "//otel.example"]) {
      expect(parseEndpoint(bad).ok).toBe(false);
      expect(endpointRegex.test(bad)).toBe(false);
    }
  });
});
