/**
 * Walking a gateway configuration's pipeline graph (compiler/collector/config.ts) the way a
 * record of one service travels it: which filters let it through, which transforms it meets,
 * which sinks it reaches. For structural tests of routing and of sinks sharing a stage.
 */
import type { Signal } from "../../contracts/model.js";
import type { CollectorConfig, FilterConfig } from "../../compiler/collector/index.js";

/** The services a filter lets through, read from its one resource condition (either form the compiler writes). */
export function kept(filter: FilterConfig, signal: Signal): Set<string> {
  const condition = filter[signal]!.resource[0]!;
  const pattern = /IsMatch\(attributes\["service\.name"\], "\^\(\?:(.*)\)\$\$"\)/.exec(condition);
  if (pattern) return new Set(pattern[1]!.split("|").map((n) => n.replaceAll("\\", "")));
  return new Set([...condition.matchAll(/attributes\["service\.name"\] == "([^"]*)"/g)].map((m) => m[1]!));
}

export interface Path {
  readonly sinks: string[];
  /** Transforms met on the way, but the hashing ones (transform/hmac*). */
  readonly transforms: string[];
  /** The deepest count of filters on the way. */
  readonly filters: number;
  /** Pipelines on the way that run the redaction processor (hash). */
  readonly hashings: string[];
}

/** Where a record of `service` goes from the receiver. */
export function follow(config: CollectorConfig, signal: Signal, service: string): Path {
  const sinks: string[] = [];
  const transforms: string[] = [];
  const hashings: string[] = [];
  let deepest = 0;
  const walk = (from: string, filters: number): void => {
    for (const [id, pipeline] of Object.entries(config.service.pipelines)) {
      if (!id.startsWith(`${signal}/`) || !pipeline.receivers.includes(from)) continue;
      let passes = true;
      let depth = filters;
      for (const processor of pipeline.processors) {
        if (processor.startsWith("filter/")) {
          depth++;
          if (!kept(config.processors[processor] as FilterConfig, signal).has(service)) passes = false;
        }
        if (passes && processor.startsWith("transform/") && !processor.startsWith("transform/hmac")) transforms.push(processor);
        if (passes && processor.startsWith("redaction/")) hashings.push(id);
      }
      if (!passes) continue;
      deepest = Math.max(deepest, depth);
      for (const exporter of pipeline.exporters) {
        if (exporter.startsWith("otlp_http/")) sinks.push(exporter.slice("otlp_http/".length));
        else walk(exporter, depth);
      }
    }
  };
  walk("otlp", 0);
  return { sinks: sinks.sort(), transforms, filters: deepest, hashings };
}
