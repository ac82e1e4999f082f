/**
 * An OTLP/HTTP request body, from bytes to a request object: content encoding (gzip, deflate)
 * inflated with a hard limit on the inflated size (a zip bomb is refused, not inflated), then
 * protobuf (protobufjs, with the schema of otlp-schema.ts) or OTLP/JSON (JSON.parse: the
 * inspector reads lowerCamelCase fields; ids and int64 strings are not needed).
 */
import { gunzip, inflate } from "node:zlib";
import { promisify } from "node:util";
import type { OtlpSignal, OtlpTypes } from "./otlp-schema.js";

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export type BodyFormat = "protobuf" | "json";

/** Why a request was refused, with the HTTP status a Collector answers it with. */
export class RequestProblem extends Error {
  constructor(
    readonly status: 400 | 404 | 405 | 413 | 415 | 503,
    /** A short, stable reason: the subject of the live/unreadable finding. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** The body format of a Content-Type header, or a 415. */
export function bodyFormat(contentType: string | undefined): BodyFormat {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  throw new RequestProblem(
    415,
    "unsupported-content-type",
    `unsupported content type ${JSON.stringify(type.slice(0, 80))}: send application/x-protobuf or application/json`,
  );
}

/** The body with its Content-Encoding undone, never longer than `limit` bytes. */
export async function decompress(body: Buffer, encoding: string | undefined, limit: number): Promise<Buffer> {
  const coding = (encoding ?? "").trim().toLowerCase();
  if (coding === "" || coding === "identity") return body;
  const inflater = coding === "gzip" || coding === "x-gzip" ? gunzipAsync : coding === "deflate" ? inflateAsync : undefined;
  if (!inflater) {
    throw new RequestProblem(415, "unsupported-encoding", `unsupported content encoding ${JSON.stringify(coding.slice(0, 40))}: send gzip, deflate or none`);
  }
  try {
    return await inflater(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
      throw new RequestProblem(413, "too-large", `the ${coding} body inflates to more than ${limit} bytes`);
    }
    throw new RequestProblem(400, `malformed-${coding}`, `the body is not valid ${coding} data`);
  }
}

/** Parse a body into an OTLP export request. */
export function parseRequest(types: OtlpTypes, signal: OtlpSignal, format: BodyFormat, body: Buffer): unknown {
  if (format === "json") {
    try {
      const text = body.toString("utf8");
      // The Collector reads OTLP/JSON's field names in snake_case too (`resource_spans`,
      // `string_value`): so does the inspector, or such a body would pass unread.
      return (SNAKE_CASE_FIELD.test(text) ? JSON.parse(text, camelCaseFields) : JSON.parse(text)) as unknown;
    } catch {
      throw new RequestProblem(400, "malformed-json", "the body is not valid JSON");
    }
  }
  try {
    return types.request[signal].decode(body);
  } catch {
    // protobufjs throws on truncated or malformed messages (and RangeError on absurd nesting).
    throw new RequestProblem(400, "malformed-protobuf", `the body is not a valid protobuf ${types.request[signal].name}`);
  }
}

const SNAKE_CASE_FIELD = /"[a-z][a-z0-9]*_[a-z0-9_]*"\s*:/;

/** JSON.parse reviver: an object's snake_case field names in lowerCamelCase (OTLP/JSON's maps are lists, never objects). */
function camelCaseFields(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (!keys.some((key) => key.includes("_"))) return value;
  // fromEntries defines own properties: a `__proto__` field stays data.
  return Object.fromEntries(keys.map((key) => [key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), (value as Record<string, unknown>)[key]]));
}

/** The answer to an accepted request: an empty Export*ServiceResponse, or one with a partial success. */
export function responseBody(types: OtlpTypes, signal: OtlpSignal, format: BodyFormat, rejected: number, message: string): Buffer {
  const counter = signal === "traces" ? "rejectedSpans" : signal === "logs" ? "rejectedLogRecords" : "rejectedDataPoints";
  const payload = rejected > 0 ? { partialSuccess: { [counter]: rejected, errorMessage: message } } : {};
  if (format === "json") {
    return Buffer.from(JSON.stringify(rejected > 0 ? { partialSuccess: { [counter]: String(rejected), errorMessage: message } } : {}));
  }
  const type = types.response[signal];
  return Buffer.from(type.encode(type.fromObject(payload)).finish());
}

/** The body of an error answer: a google.rpc.Status. */
export function statusBody(types: OtlpTypes, format: BodyFormat, status: number, message: string): Buffer {
  // gRPC codes as the Collector maps HTTP statuses: 3 invalid argument, 8 resource exhausted, 14 unavailable.
  const code = status === 413 ? 8 : status === 503 ? 14 : 3;
  if (format === "json") return Buffer.from(JSON.stringify({ code, message }));
  return Buffer.from(types.status.encode(types.status.fromObject({ code, message })).finish());
}
