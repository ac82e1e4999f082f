/**
 * What a service's contract declares at a place: the keys a span, event, log, metric or the
 * resource may carry. An unknown span or instrument name means "any span" / "any metric".
 */
import type { Field, Service } from "../../contracts/model.js";
import type { Where } from "./sites.js";

export interface Declared {
  /** Keys declared at that place (for unknown names: at any matching place). */
  readonly keys: ReadonlyMap<string, Field>;
  /** False when the named span, event or metric is not declared at all. */
  readonly placeDeclared: boolean;
}

function collect(fields: Iterable<readonly Field[]>): Map<string, Field> {
  const keys = new Map<string, Field>();
  for (const list of fields) for (const f of list) if (!keys.has(f.key)) keys.set(f.key, f);
  return keys;
}

export function declaredAt(service: Service, where: Where): Declared {
  const tel = service.telemetry;
  switch (where.kind) {
    case "span": {
      const spans = tel.spans.filter((s) => where.span === undefined || s.name === where.span);
      return { keys: collect(spans.map((s) => s.attributes)), placeDeclared: spans.length > 0 };
    }
    case "event": {
      const spans = tel.spans.filter((s) => where.span === undefined || s.name === where.span);
      const events = spans.flatMap((s) => s.events).filter((e) => where.event === undefined || e.name === where.event);
      return { keys: collect(events.map((e) => e.attributes)), placeDeclared: events.length > 0 };
    }
    case "log":
      return { keys: collect([tel.logs.attributes]), placeDeclared: true };
    case "metric": {
      const metrics = tel.metrics.filter((m) => where.metric === undefined || m.name === where.metric);
      return { keys: collect(metrics.map((m) => m.attributes)), placeDeclared: metrics.length > 0 };
    }
    case "resource":
      return { keys: collect([tel.resource]), placeDeclared: true };
  }
}

/** `<where>` of a subject: `span:<name>`, `span:<name>/event:<event>`, `log`, `metric:<name>`, `resource` (`*` = not known statically). */
export function whereText(where: Where): string {
  switch (where.kind) {
    case "span":
      return `span:${where.span ?? "*"}`;
    case "event":
      return `span:${where.span ?? "*"}/event:${where.event ?? "*"}`;
    case "log":
      return "log";
    case "metric":
      return `metric:${where.metric ?? "*"}`;
    case "resource":
      return "resource";
  }
}

/** The place in words, for messages. */
export function wherePhrase(where: Where): string {
  switch (where.kind) {
    case "span":
      return where.span === undefined ? "any span" : `span \`${where.span}\``;
    case "event": {
      const event = where.event === undefined ? "any event" : `event \`${where.event}\``;
      return `${event} of ${where.span === undefined ? "any span" : `span \`${where.span}\``}`;
    }
    case "log":
      return "logs";
    case "metric":
      return where.metric === undefined ? "any metric" : `metric \`${where.metric}\``;
    case "resource":
      return "the resource";
  }
}

/** Closest declared key within edit distance 2, for a "did you mean". */
export function closest(key: string, candidates: Iterable<string>): string | undefined {
  let best: { key: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(key, c);
    if (d <= 2 && (!best || d < best.d)) best = { key: c, d };
  }
  return best?.key;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
