/**
 * Exporter URL ↔ sink endpoint matching (SPEC §4): scheme, host and port equal, and the URL's
 * path starts with the sink's path (on a segment boundary).
 */
import type { Endpoint } from "../../contracts/model.js";

const DEFAULT_PORTS: ReadonlyMap<string, number> = new Map([
  ["https", 443],
  ["http", 80],
  ["grpc", 4317],
]);

export interface ParsedUrl {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

export function parseUrl(raw: string): ParsedUrl | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.replace(/:$/, "").toLowerCase();
  const port = url.port ? Number(url.port) : DEFAULT_PORTS.get(scheme);
  if (port === undefined || !url.hostname) return undefined;
  return { scheme, host: url.hostname.toLowerCase(), port, path: url.pathname.replace(/\/+$/, "") };
}

export function matchesEndpoint(url: ParsedUrl, endpoint: Endpoint): boolean {
  if (url.scheme !== endpoint.scheme.toLowerCase() || url.host !== endpoint.host.toLowerCase() || url.port !== endpoint.port) {
    return false;
  }
  const base = endpoint.path.replace(/\/+$/, "");
  return base === "" || url.path === base || url.path.startsWith(`${base}/`);
}
