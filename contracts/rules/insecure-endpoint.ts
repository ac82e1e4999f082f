import { BlockList, isIP } from "node:net";
import type { RuleMeta } from "../finding.js";
import type { Issue } from "../issue.js";
import type { Sink } from "../model.js";

const ID = "contract/insecure-endpoint";

export const rule = {
  id: ID,
  severity: "warning",
  docs: {
    summary: "A sink's endpoint sends telemetry over plain http:// to a host that is not this machine.",
    what: "A Sink whose `endpoint` uses `http://` and whose host is not a loopback address (`localhost`, a `*.localhost` name, 127.0.0.0/8, `::1`).",
    why: "Telemetry carries the attributes the contracts classify — even redacted values, hashes and resource attributes say a lot — and over plain HTTP anyone on the path reads or alters them. A loopback collector (an agent on the same host) never leaves the machine, so it is not flagged.",
    fix: "Use `https://` for the endpoint, or send to a collector on the same host (`http://localhost:4318`) that forwards over TLS.",
    example: "kind: Sink\nname: vendor-apm\nregion: us-east-1\nendpoint: http://otlp.vendor.example:4318   # warning: clear text across the network\n# fix: endpoint: https://otlp.vendor.example:4318",
  },
  check(model: { readonly sinks: ReadonlyMap<string, Sink> }): Issue[] {
    const issues: Issue[] = [];
    for (const sink of model.sinks.values()) {
      const { scheme, host } = sink.endpoint;
      if (scheme !== "http" || isLoopback(host)) continue;
      issues.push({
        rule: ID,
        file: sink.ref.file,
        doc: sink.ref.doc,
        path: [...sink.ref.path, "endpoint"],
        message: `sink \`${sink.name}\` sends telemetry to ${host} over plain http://: it crosses the network in clear text`,
        hint: `use https://${sink.endpoint.raw.replace(/^http:\/\//i, "")}, or a collector on this host (http://localhost:4318) that forwards over TLS`,
      });
    }
    return issues;
  },
} as const satisfies RuleMeta & { check: unknown };

/** localhost, *.localhost (RFC 6761), 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const family = isIP(host);
  if (family === 0) return false;
  const loopback = new BlockList();
  loopback.addSubnet("127.0.0.0", 8, "ipv4");
  loopback.addAddress("::1", "ipv6");
  return loopback.check(host, family === 6 ? "ipv6" : "ipv4");
}
