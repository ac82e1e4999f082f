/**
 * The region lock's eyes: which URL an exporter will really send to, and whether it is the
 * endpoint a sink declares (SPEC §4: scheme, host and port equal, path starting with the
 * sink's path).
 */

export interface ParsedEndpoint {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
  /** Without trailing slash; "" for none. */
  readonly path: string;
}

const DEFAULT_PORTS: ReadonlyMap<string, number> = new Map([
  ["http", 80],
  ["https", 443],
  ["grpc", 443],
]);

/** Parse `scheme://host[:port][/path]`; undefined when it is not a URL. */
export function parseEndpoint(raw: string): ParsedEndpoint | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.replace(/:$/, "").toLowerCase();
  const port = url.port === "" ? DEFAULT_PORTS.get(scheme) : Number(url.port);
  if (port === undefined || url.hostname === "") return undefined;
  return { scheme, host: url.hostname.toLowerCase(), port, path: url.pathname.replace(/\/+$/, "") };
}

/**
 * Does the exporter's URL reach the declared endpoint? The path must continue the sink's path
 * at a segment boundary (`/otlp` admits `/otlp/v1/traces`, not `/otlp-other`).
 */
export function endpointMatches(declared: ParsedEndpoint, found: ParsedEndpoint): boolean {
  if (declared.scheme !== found.scheme || declared.host !== found.host || declared.port !== found.port) return false;
  if (declared.path === "") return true;
  return found.path === declared.path || found.path.startsWith(declared.path + "/");
}

function field(value: unknown, name: string): unknown {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return undefined;
  try {
    return Object.prototype.hasOwnProperty.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
  } catch {
    return undefined;
  }
}

function path(value: unknown, names: readonly string[]): unknown {
  let current = value;
  for (const name of names) current = field(current, name);
  return current;
}

/**
 * Where the OTLP exporters of @opentelemetry/exporter-*-otlp-http (and -proto) 0.2xx keep the
 * URL they resolved at construction (explicit `url`, else OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT,
 * else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/<signal>`, else localhost): the HTTP transport's
 * parameters, behind the retrying transport. Reading the resolved value — not the options or
 * the environment — is what makes the lock judge the endpoint that is really used.
 */
const KNOWN_URL_PATHS: readonly (readonly string[])[] = [
  ["_delegate", "_transport", "_transport", "_parameters", "url"],
  ["_delegate", "_transport", "_parameters", "url"],
];

/** The URL the exporter will send to, or undefined when it cannot be read. */
export function readExporterEndpoint(exporter: unknown): string | undefined {
  for (const names of KNOWN_URL_PATHS) {
    const url = path(exporter, names);
    if (typeof url === "string" && url !== "") return url;
  }
  return undefined;
}
