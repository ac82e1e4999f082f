/**
 * A per-sink copy of a metrics collection: every data point's attributes redacted for the
 * sink. Dropping or hashing attributes can make two points of one metric identical; they are
 * then merged (sums added, gauges: the latest, histograms: buckets added when boundaries
 * agree), because a backend receiving two points with the same attributes would
 * double-count or overwrite. Points that cannot be merged are dropped (fail closed) and
 * counted.
 */
import type { Attributes } from "@opentelemetry/api";
import type { Resource } from "@opentelemetry/resources";
import type { DataPoint, DataPointType, Histogram, MetricData, ResourceMetrics, ScopeMetrics } from "@opentelemetry/sdk-metrics";
import type { SinkRedactors } from "./redactors.js";
import { sdk } from "./sdk.js";
import type { SinkContext } from "./sink-context.js";

export interface MetricsCopier {
  /** The copy and the number of data points it holds. */
  copy(metrics: ResourceMetrics): { metrics: ResourceMetrics; points: number };
}

/** A canonical key of an attribute set (sorted keys; JSON of values). */
function attributesKey(attributes: Attributes): string {
  const keys = Object.keys(attributes).sort();
  let key = "";
  for (const k of keys) key += JSON.stringify(k) + ":" + JSON.stringify(attributes[k]) + ",";
  return key;
}

function laterOf(a: DataPoint<number>, b: DataPoint<number>): DataPoint<number> {
  const [as, an] = a.endTime;
  const [bs, bn] = b.endTime;
  return bs > as || (bs === as && bn >= an) ? b : a;
}

function mergeHistogram(a: Histogram, b: Histogram): Histogram | undefined {
  const ab = a.buckets.boundaries;
  const bb = b.buckets.boundaries;
  if (ab.length !== bb.length || ab.some((x, i) => x !== bb[i])) return undefined;
  return {
    buckets: { boundaries: ab, counts: a.buckets.counts.map((c, i) => c + (b.buckets.counts[i] ?? 0)) },
    sum: a.sum === undefined || b.sum === undefined ? undefined : a.sum + b.sum,
    count: a.count + b.count,
    min: a.min === undefined || b.min === undefined ? undefined : Math.min(a.min, b.min),
    max: a.max === undefined || b.max === undefined ? undefined : Math.max(a.max, b.max),
  };
}

/** Merge two points that became identical, or undefined when they cannot be. */
function merge(type: DataPointType, a: DataPoint<unknown>, b: DataPoint<unknown>): DataPoint<unknown> | undefined {
  const { DataPointType } = sdk().metrics;
  switch (type) {
    case DataPointType.SUM:
      return { ...a, value: (a.value as number) + (b.value as number) };
    case DataPointType.GAUGE:
      return laterOf(a as DataPoint<number>, b as DataPoint<number>);
    case DataPointType.HISTOGRAM: {
      const value = mergeHistogram(a.value as Histogram, b.value as Histogram);
      return value === undefined ? undefined : { ...a, value };
    }
    default:
      return undefined;
  }
}

export function metricsCopier(r: SinkContext, redact: SinkRedactors, resourceFor: (resource: Resource) => Resource): MetricsCopier {
  const copyMetric = (metric: MetricData): { metric: MetricData; points: number } => {
    const name = metric.descriptor.name;
    const byKey = new Map<string, DataPoint<unknown>>();
    for (const point of metric.dataPoints as DataPoint<unknown>[]) {
      const attributes = redact.metric(name, point.attributes, r);
      const key = attributesKey(attributes);
      const copy: DataPoint<unknown> = { ...point, attributes };
      const existing = byKey.get(key);
      if (existing === undefined) {
        byKey.set(key, copy);
        continue;
      }
      const merged = merge(metric.dataPointType, existing, copy);
      if (merged === undefined) r.countDroppedOnError(1);
      else byKey.set(key, merged);
    }
    const dataPoints = [...byKey.values()];
    return { metric: { ...metric, dataPoints } as MetricData, points: dataPoints.length };
  };
  return {
    copy(metrics: ResourceMetrics) {
      let points = 0;
      const scopeMetrics: ScopeMetrics[] = metrics.scopeMetrics.map((scope) => ({
        scope: r.scanScope(scope.scope),
        metrics: scope.metrics.map((metric) => {
          const copied = copyMetric(metric);
          points += copied.points;
          return copied.metric;
        }),
      }));
      return { metrics: { resource: resourceFor(metrics.resource), scopeMetrics }, points };
    },
  };
}
