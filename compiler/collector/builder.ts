/**
 * `<out>/builder-config.yaml`: an OpenTelemetry Collector Builder (ocb) manifest naming exactly
 * the components the generated gateway configurations use, each pinned to the release cordon
 * is tested against (otelcol/go.mod builds the same components at the same versions, and
 * test/collector/builder.test.ts keeps the two in step).
 */
import type { CollectorConfig } from "./config.js";

/** The Collector release the configurations are tested against (core 0.x / contrib 0.x). */
export const COLLECTOR_RELEASE = "0.161.0";

const CORE = "go.opentelemetry.io/collector";
const CONTRIB = "github.com/open-telemetry/opentelemetry-collector-contrib";

/** Go module of each component type cordon may write. */
export const COMPONENT_MODULES: Readonly<Record<string, { kind: Kind; module: string }>> = {
  otlp: { kind: "receivers", module: `${CORE}/receiver/otlpreceiver` },
  filter: { kind: "processors", module: `${CONTRIB}/processor/filterprocessor` },
  transform: { kind: "processors", module: `${CONTRIB}/processor/transformprocessor` },
  redaction: { kind: "processors", module: `${CONTRIB}/processor/redactionprocessor` },
  batch: { kind: "processors", module: `${CORE}/processor/batchprocessor` },
  otlp_http: { kind: "exporters", module: `${CORE}/exporter/otlphttpexporter` },
  forward: { kind: "connectors", module: `${CORE}/connector/forwardconnector` },
};

type Kind = "receivers" | "processors" | "exporters" | "connectors";
const KINDS: readonly Kind[] = ["receivers", "processors", "exporters", "connectors"];

/** Component types (`transform` of `transform/x`) used by the configurations. */
export function componentTypes(configs: readonly CollectorConfig[]): Set<string> {
  const types = new Set<string>();
  for (const config of configs) {
    for (const kind of KINDS) for (const id of Object.keys(config[kind])) types.add(id.split("/")[0]!);
  }
  return types;
}

export interface BuilderManifest {
  dist: { name: string; description: string; output_path: string };
  receivers?: { gomod: string }[];
  processors?: { gomod: string }[];
  exporters?: { gomod: string }[];
  connectors?: { gomod: string }[];
  providers: { gomod: string }[];
}

/** The manifest for these configurations (components in a fixed order, so the file is stable). */
export function builderManifest(configs: readonly CollectorConfig[]): BuilderManifest {
  const used = componentTypes(configs);
  const manifest: BuilderManifest = {
    dist: {
      name: "otelcol-cordon",
      description: "OpenTelemetry Collector for cordon's regional gateways",
      output_path: "./otelcol-cordon",
    },
    providers: [
      { gomod: `${CORE}/confmap/provider/envprovider v1.67.0` },
      { gomod: `${CORE}/confmap/provider/fileprovider v1.67.0` },
    ],
  };
  for (const kind of KINDS) {
    const modules = Object.entries(COMPONENT_MODULES)
      .filter(([type, c]) => c.kind === kind && used.has(type))
      .map(([, c]) => ({ gomod: `${c.module} v${COLLECTOR_RELEASE}` }));
    if (modules.length > 0) manifest[kind] = modules;
  }
  return manifest;
}
