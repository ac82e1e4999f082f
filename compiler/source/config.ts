/**
 * Telemetry exported by configuration rather than by code (SPEC §3.4): auto-instrumentation
 * started through `NODE_OPTIONS`, `--require` or `--import` in package.json scripts,
 * Dockerfiles, Procfiles, compose files and Kubernetes manifests under a service's `source:`,
 * and the OTLP endpoints those files set. Read as text, line by line: these formats all put a
 * command or an environment variable on one line (a Kubernetes `env` entry on two).
 */
import { readFileSync, statSync } from "node:fs";
import type { Signal } from "../../contracts/model.js";

/** The files worth reading: where a command line or an environment is written. */
export function isConfigFile(name: string): boolean {
  return (
    name === "package.json" ||
    /^Procfile(?:\..+)?$/.test(name) ||
    // Containerfile: Podman's and Buildah's name for a Dockerfile.
    /^(?:Dockerfile|Containerfile)(?:\..+)?$/.test(name) ||
    /\.(?:dockerfile|ya?ml)$/i.test(name) ||
    /^\.env(?:\..+)?$/.test(name)
  );
}

export type ConfigSite =
  | { readonly kind: "preload"; readonly module: string; readonly offset: number; readonly via: string }
  | {
      readonly kind: "endpoint";
      readonly variable: string;
      readonly signal: Signal | undefined;
      /** The value when written out; undefined when it is taken from elsewhere (`${VAR}`). */
      readonly value: string | undefined;
      readonly offset: number;
    };

/** `--require X`, `-r X`, `--import X`, `--require=X` of an @opentelemetry module. */
const PRELOAD = /(?:^|[\s"'=[,])(--require|-r|--import|--loader|--experimental-loader)(?:=|\s+)["']?(@opentelemetry\/[A-Za-z0-9._/-]+)/g;
/** `OTEL_EXPORTER_OTLP_ENDPOINT=v`, `…: v`, `ENV … v`; the value is read after it (or on the next line, see below). */
const ENDPOINT = /\b(OTEL_EXPORTER_OTLP(?:_(TRACES|METRICS|LOGS))?_ENDPOINT)\b/g;
const VALUE_AFTER = /^["']?(?:\s*[=:]\s*|[ \t]+)["']?([^\s"'#,}\]]+)/;
/** A Kubernetes `env` entry: `- name: OTEL_…` then `value: v` on the next line. */
const K8S_VALUE = /^\s*value:\s*["']?([^\s"'#]*)/;

const SIGNALS: Readonly<Record<string, Signal>> = { TRACES: "traces", METRICS: "metrics", LOGS: "logs" };

/** What one configuration file says about exporters. */
export function configSites(text: string): ConfigSite[] {
  const out: ConfigSite[] = [];
  for (const m of text.matchAll(PRELOAD)) {
    const module = m[2]!;
    const offset = m.index + m[0].indexOf(module);
    const line = lineAt(text, m.index);
    out.push({ kind: "preload", module, offset, via: /NODE_OPTIONS/.test(line) ? `NODE_OPTIONS ${m[1]}` : m[1]! });
  }
  for (const m of text.matchAll(ENDPOINT)) {
    const variable = m[1]!;
    const signal = m[2] ? SIGNALS[m[2]] : undefined;
    const end = m.index + m[0].length;
    const rest = lineAt(text, end).slice(end - (text.lastIndexOf("\n", end - 1) + 1));
    let raw: string;
    let offset: number;
    const after = VALUE_AFTER.exec(rest);
    if (after && after[1]) {
      raw = after[1];
      offset = end + after[0].length - raw.length;
    } else {
      const nextStart = text.indexOf("\n", end) + 1;
      const next = nextStart > 0 ? lineAt(text, nextStart) : "";
      const v = K8S_VALUE.exec(next);
      if (!v || !v[1]) continue;
      raw = v[1];
      offset = nextStart + next.indexOf(raw);
    }
    const value = /\$|\{\{/.test(raw) ? undefined : raw;
    out.push({ kind: "endpoint", variable, signal, value, offset });
  }
  return out.sort((a, b) => a.offset - b.offset);
}

function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const end = text.indexOf("\n", offset);
  return text.slice(start, end < 0 ? text.length : end);
}

export function readConfig(file: string): { readonly text: string } | { readonly why: string } {
  try {
    const stats = statSync(file);
    if (stats.size > MAX_CONFIG_BYTES) return { why: `is larger than ${MAX_CONFIG_BYTES >> 20} MiB, not read` };
    return { text: readFileSync(file, "utf8") };
  } catch {
    return { why: "could not be read" };
  }
}

/** Configuration files are small; a bigger one is named as not read rather than read whole. */
const MAX_CONFIG_BYTES = 4 << 20;
