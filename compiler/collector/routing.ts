/**
 * Routing records by service to the statement groups of their own bucket of services, without
 * the routing connector (contrib has none at the release cordon is tested against, 0.161.0).
 *
 * Why: the transform processor evaluates the condition of every statement group on every
 * record (processor/transformprocessor/internal/common/traces.go walks the whole batch once per
 * group), so with one group per place a record's cost grows with the number of services in the
 * configuration — hundreds of condition evaluations per span for 500 services.
 *
 * How: a binary tree of pipelines. Each inner pipeline keeps the services of its half (a filter
 * on the resource's `service.name`: once per resource, not per record) and hands what is left to
 * the two halves below it through a forward connector; each leaf is one bucket. The forward
 * connector copies a request once per extra branch, so a record is copied log2(buckets) times on
 * its way down (each copy then filtered away, resource by resource, on the branch that is not
 * its own) and is evaluated against its bucket's groups only.
 */
import type { Signal } from "../../contracts/model.js";
import type { FilterConfig, Pipeline } from "./config.js";
import { ottlString, regexEscape } from "./ottl.js";

/** Services per bucket: few enough groups per record, few enough levels of copies (bench/collector.mjs). */
export const BUCKET_SERVICES = 32;

/** The services in buckets of at most `size`, in order (one bucket when they all fit). */
export function bucketsOf<T>(items: readonly T[], size: number): T[][] {
  const buckets: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) buckets.push(items.slice(i, i + Math.max(1, size)));
  return buckets;
}

/**
 * Keeps the resources of `services` only: one anchored pattern over the names, so a tree's
 * filters stay small (each level names every service once). Only resources that passed the
 * gateway's own filter (an exact `==` per service) get here, so `service.name` is one of the
 * served names, as a string.
 */
export function routeFilter(signal: Signal, services: readonly string[]): FilterConfig {
  const names = ottlString(`^(?:${services.map(regexEscape).join("|")})$`);
  return { error_mode: "propagate", [signal]: { resource: [`not IsMatch(attributes["service.name"], ${names})`] } };
}

export interface RouteTree {
  readonly processors: Record<string, FilterConfig>;
  readonly connectors: Record<string, Record<string, never>>;
  readonly pipelines: Record<string, Pipeline>;
  /** For each bucket, the connector its leaf pipeline receives from. */
  readonly feeds: string[];
}

/**
 * The inner pipelines of the tree below connector `root` (fed with every bucket's records).
 * Names hold a dot, which no sink name has (NAME_PATTERN): `<signal>/route.<lo>-<hi>` never
 * collides with a sink's `<signal>/<sink>`.
 */
export function routeTree(
  signal: Signal,
  buckets: readonly (readonly string[])[],
  root: string,
): RouteTree {
  const tree: RouteTree = { processors: {}, connectors: {}, pipelines: {}, feeds: [] };
  const split = (lo: number, hi: number, from: string): void => {
    const mid = Math.ceil((lo + hi) / 2);
    for (const [a, b] of [
      [lo, mid],
      [mid, hi],
    ] as const) {
      if (b - a === 1) {
        tree.feeds[a] = from;
        continue;
      }
      const id = `${signal}.route.${a}-${b}`;
      tree.processors[`filter/${id}`] = routeFilter(signal, buckets.slice(a, b).flat());
      tree.connectors[`forward/${id}`] = {};
      tree.pipelines[`${signal}/route.${a}-${b}`] = { receivers: [from], processors: [`filter/${id}`], exporters: [`forward/${id}`] };
      split(a, b, `forward/${id}`);
    }
  };
  if (buckets.length === 1) tree.feeds[0] = root;
  else split(0, buckets.length, root);
  return tree;
}
