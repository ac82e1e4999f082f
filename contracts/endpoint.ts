import type { Endpoint } from "./model.js";

const DEFAULT_PORTS: Readonly<Record<string, number>> = { https: 443, http: 80 };

export type EndpointResult = { readonly ok: true; readonly endpoint: Endpoint } | { readonly ok: false; readonly message: string; readonly hint?: string };

/** `scheme://host[:port][/path]` (SPEC §1.5), http or https, no credentials, query or fragment. */
export function parseEndpoint(raw: string): EndpointResult {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(raw)?.[1]?.toLowerCase();
  if (!scheme) return { ok: false, message: `endpoint "${raw}" has no scheme`, hint: `write it as https://${raw.replace(/^\/*/, "")}` };
  if (!(scheme in DEFAULT_PORTS)) return { ok: false, message: `endpoint scheme "${scheme}" is not supported`, hint: "OTLP endpoints use https:// (or http:// inside a private network)" };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `endpoint "${raw}" is not a valid URL`, hint: "write scheme://host[:port][/path]" };
  }
  if (url.username || url.password) return { ok: false, message: "the endpoint contains credentials", hint: "remove user:password@ — credentials never belong in a contract" };
  if (url.search || url.hash) return { ok: false, message: "the endpoint has a query or fragment", hint: "write scheme://host[:port][/path] only" };
  if (!url.hostname) return { ok: false, message: `endpoint "${raw}" has no host` };
  const port = url.port === "" ? DEFAULT_PORTS[scheme]! : Number(url.port);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/+$/, "");
  return { ok: true, endpoint: { raw, scheme, host: url.hostname, port, path } };
}
