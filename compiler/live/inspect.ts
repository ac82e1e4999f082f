/**
 * The checks of SPEC §6 applied to decoded OTLP requests, record by record. Works on protobufjs
 * messages and OTLP/JSON objects alike (same lowerCamelCase field names); everything that comes
 * off the wire is treated as untrusted shape: a list that is not a list is empty, a record that
 * is not an object is rejected (and counted), a name that is not a string is "".
 */
import type { NodeRef } from "../../contracts/model.js";
import type { OtlpSignal } from "./otlp-schema.js";
import { exampleOf, textExample } from "./example.js";
import { boundedName, printableName } from "./names.js";
import { type ClassDetector, type FieldCheck, type LiveModel, type Scope, type ServiceModel, undeclaredScope } from "./model.js";
import type { FindingTally, LiveFindingInit } from "./tally.js";
import { conforms, forEachString, stringOf, typeName } from "./values.js";
import { describeAction, isRedactedForm } from "./redacted-form.js";

type Obj = Record<string, unknown>;

const EMPTY: readonly unknown[] = [];
const UNDECLARED_KEYS_CACHED = 256;
const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : EMPTY);
const isObject = (value: unknown): value is Obj => value !== null && typeof value === "object";
const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** What one request held. */
export interface Inspected {
  /** Spans, log records or metric data points read. */
  readonly records: number;
  /** Records that were not objects (OTLP/JSON only): not read, answered as rejected. */
  readonly rejected: number;
}

export interface Counters {
  spans: number;
  logs: number;
  points: number;
}

/** A service as seen in one resource: its model, or the unknown name it sent. */
type Sender = { readonly model: ServiceModel } | { readonly model?: undefined; readonly name: string };

export class LiveInspector {
  readonly counters: Counters = { spans: 0, logs: 0, points: 0 };
  /** Per declared service: which of its field sites were seen. */
  readonly seen = new Map<string, Uint8Array>();
  /** Per declared service: records received. */
  readonly records = new Map<string, number>();
  /**
   * Tally keys of undeclared keys met in declared scopes, so a key sent on every span is not
   * concatenated and hashed anew each time (at most UNDECLARED_KEYS_CACHED per scope).
   */
  private readonly undeclaredKeys = new Map<Scope, Map<string, string>>();

  constructor(
    private readonly model: LiveModel,
    private readonly tally: FindingTally,
  ) {
    for (const [name, service] of model.services) this.seen.set(name, new Uint8Array(service.sites.length));
  }

  inspect(signal: OtlpSignal, request: unknown): Inspected {
    if (!isObject(request)) return { records: 0, rejected: 1 };
    switch (signal) {
      case "traces":
        return this.traces(request);
      case "logs":
        return this.logs(request);
      case "metrics":
        return this.metrics(request);
    }
  }

  // --- signals -------------------------------------------------------------------------------

  private traces(request: Obj): Inspected {
    let records = 0;
    let rejected = 0;
    for (const resourceSpans of list(request.resourceSpans)) {
      if (!isObject(resourceSpans)) {
        rejected++;
        continue;
      }
      const sender = this.sender(resourceSpans.resource);
      for (const scopeSpans of list(resourceSpans.scopeSpans)) {
        if (!isObject(scopeSpans)) {
          rejected++;
          continue;
        }
        let n = 0;
        for (const span of list(scopeSpans.spans)) {
          if (!isObject(span)) {
            rejected++;
            continue;
          }
          n++;
          if (sender.model) this.span(sender.model, span);
          else this.unknownSpan(sender.name, span);
        }
        records += n;
        this.afterScope(sender, scopeSpans.scope, n, "span:*");
      }
    }
    this.counters.spans += records;
    return { records, rejected };
  }

  private logs(request: Obj): Inspected {
    let records = 0;
    let rejected = 0;
    for (const resourceLogs of list(request.resourceLogs)) {
      if (!isObject(resourceLogs)) {
        rejected++;
        continue;
      }
      const sender = this.sender(resourceLogs.resource);
      for (const scopeLogs of list(resourceLogs.scopeLogs)) {
        if (!isObject(scopeLogs)) {
          rejected++;
          continue;
        }
        let n = 0;
        for (const record of list(scopeLogs.logRecords)) {
          if (!isObject(record)) {
            rejected++;
            continue;
          }
          n++;
          if (sender.model) this.logRecord(sender.model, record);
          else this.unknownLogRecord(sender.name, record);
        }
        records += n;
        this.afterScope(sender, scopeLogs.scope, n, "log");
      }
    }
    this.counters.logs += records;
    return { records, rejected };
  }

  private metrics(request: Obj): Inspected {
    let records = 0;
    let rejected = 0;
    for (const resourceMetrics of list(request.resourceMetrics)) {
      if (!isObject(resourceMetrics)) {
        rejected++;
        continue;
      }
      const sender = this.sender(resourceMetrics.resource);
      for (const scopeMetrics of list(resourceMetrics.scopeMetrics)) {
        if (!isObject(scopeMetrics)) {
          rejected++;
          continue;
        }
        let n = 0;
        for (const metric of list(scopeMetrics.metrics)) {
          if (!isObject(metric)) {
            rejected++;
            continue;
          }
          const points = dataPointsOf(metric);
          n += points.length;
          if (sender.model) this.metric(sender.model, metric, points);
          else this.unknownMetric(sender.name, metric, points);
        }
        records += n;
        this.afterScope(sender, scopeMetrics.scope, n, "metric:*");
      }
    }
    this.counters.points += records;
    return { records, rejected };
  }

  // --- records -------------------------------------------------------------------------------

  private span(model: ServiceModel, span: Obj): void {
    const name = text(span.name);
    const scope: Scope = model.spans.get(name) ?? undeclaredScope(`span:${this.printable(name)}`, model);
    this.attributes(model, scope, span.attributes);
    const events = (scope as { events?: ReadonlyMap<string, Scope> }).events;
    for (const event of list(span.events)) {
      if (!isObject(event)) continue;
      const eventName = text(event.name);
      const eventScope = events?.get(eventName) ?? undeclaredScope(`${scope.where}/event:${this.printable(eventName)}`, model);
      this.attributes(model, eventScope, event.attributes);
      this.freeText(model, eventScope.where, "name", eventName);
    }
    if (model.sinkDetectors.length > 0) {
      this.freeText(model, scope.where, "name", name);
      for (const link of list(span.links)) if (isObject(link)) this.undeclaredValues(model, `${scope.where}/link`, link.attributes);
      if (isObject(span.status)) this.freeText(model, scope.where, "status.message", text(span.status.message));
    }
  }

  private logRecord(model: ServiceModel, record: Obj): void {
    this.attributes(model, model.logs, record.attributes);
    if (model.sinkDetectors.length > 0) {
      forEachString(record.body, (s) => this.freeText(model, "log", "body", s));
      this.freeText(model, "log", "event_name", text(record.eventName));
      this.freeText(model, "log", "severity_text", text(record.severityText));
    }
  }

  private metric(model: ServiceModel, metric: Obj, points: readonly unknown[]): void {
    const name = text(metric.name);
    const scope = model.metrics.get(name) ?? undeclaredScope(`metric:${this.printable(name)}`, model);
    for (const point of points) {
      if (!isObject(point)) continue;
      this.attributes(model, scope, point.attributes);
      for (const exemplar of list(point.exemplars)) {
        if (isObject(exemplar)) this.undeclaredValues(model, `${scope.where}/exemplar`, exemplar.filteredAttributes);
      }
    }
  }

  /** The service of a resource (its `service.name`), its resource attributes checked once per resource. */
  private sender(resource: unknown): Sender {
    const attributes = isObject(resource) ? resource.attributes : undefined;
    let name = "";
    for (const kv of list(attributes)) {
      if (isObject(kv) && kv.key === "service.name") name = stringOf(kv.value) ?? "";
    }
    const model = this.model.services.get(name);
    if (!model) return { name };
    this.attributes(model, model.resource, attributes);
    return { model };
  }

  /** Counting per service, the unknown-service finding, and the scope's own strings at a sink. */
  private afterScope(sender: Sender, scope: unknown, records: number, where: string): void {
    if (records === 0) return;
    if (!sender.model) {
      const name = boundedName(sender.name);
      this.tally.count(
        `live/unknown-service\u0000${name}`,
        "live/unknown-service",
        "*",
        () => {
          const printed = sender.name === "" ? "(none)" : this.printable(sender.name);
          return {
            rule: "live/unknown-service",
            subject: printed,
            message: `telemetry from service.name ${sender.name === "" ? "(none: no service.name resource attribute)" : `"${printed}"`}, which no contract declares`,
            hint: "Set the OTEL_SERVICE_NAME (or the resource's service.name) to the name of the service's contract, or add a Service contract for it.",
            at: [],
            service: "*",
          };
        },
        records,
      );
      return;
    }
    const name = sender.model.service.name;
    this.records.set(name, (this.records.get(name) ?? 0) + records);
    if (sender.model.sinkDetectors.length > 0 && isObject(scope)) {
      this.freeText(sender.model, where, "scope.name", text(scope.name));
      this.undeclaredValues(sender.model, `${where}/scope`, scope.attributes);
    }
  }

  // --- senders no contract declares (with --sink) ----------------------------------------------
  // Nothing of cordon's redacted their telemetry and their origin is unknown: every string that
  // arrives is vetted with the detectors of every class that may not go raw to the sink.

  private unknownSpan(sender: string, span: Obj): void {
    if (this.model.unknownSenderDetectors.length === 0) return;
    const where = `span:${this.printable(text(span.name))}`;
    this.unknownText(sender, where, "name", text(span.name));
    if (isObject(span.status)) this.unknownText(sender, where, "status.message", text(span.status.message));
    this.unknownAttributes(sender, where, span.attributes);
    for (const event of list(span.events)) {
      if (!isObject(event)) continue;
      const eventWhere = `${where}/event:${this.printable(text(event.name))}`;
      this.unknownText(sender, eventWhere, "name", text(event.name));
      this.unknownAttributes(sender, eventWhere, event.attributes);
    }
    for (const link of list(span.links)) if (isObject(link)) this.unknownAttributes(sender, `${where}/link`, link.attributes);
  }

  private unknownLogRecord(sender: string, record: Obj): void {
    if (this.model.unknownSenderDetectors.length === 0) return;
    forEachString(record.body, (s) => this.unknownText(sender, "log", "body", s));
    this.unknownText(sender, "log", "event_name", text(record.eventName));
    this.unknownText(sender, "log", "severity_text", text(record.severityText));
    this.unknownAttributes(sender, "log", record.attributes);
  }

  private unknownMetric(sender: string, metric: Obj, points: readonly unknown[]): void {
    if (this.model.unknownSenderDetectors.length === 0) return;
    const where = `metric:${this.printable(text(metric.name))}`;
    this.unknownText(sender, where, "name", text(metric.name));
    for (const point of points) if (isObject(point)) this.unknownAttributes(sender, where, point.attributes);
  }

  private unknownAttributes(sender: string, where: string, attributes: unknown): void {
    for (const kv of list(attributes)) {
      if (!isObject(kv)) continue;
      let hit: string | undefined;
      forEachString(kv.value, (s) => {
        if (hit === undefined && firstStringHit(this.model.unknownSenderDetectors, s)) hit = s;
      });
      if (hit !== undefined) this.unknownLeak(sender, `${where}/${this.printable(text(kv.key))}`, boundedName(text(kv.key)), hit);
    }
  }

  private unknownText(sender: string, where: string, part: string, value: string): void {
    if (value !== "" && firstStringHit(this.model.unknownSenderDetectors, value)) this.unknownLeak(sender, `${where}/(${part})`, `(${part})`, value);
  }

  private unknownLeak(sender: string, where: string, key: string, value: string): void {
    const hit = firstStringHit(this.model.unknownSenderDetectors, value)!;
    const name = boundedName(sender);
    this.tally.count(`live/leak\u0000*\u0000${name}\u0000${where.slice(0, where.lastIndexOf("/"))}\u0000${key}`, "live/leak", "*", () => {
      const printed = sender === "" ? "(none)" : this.printable(sender);
      return {
        rule: "live/leak",
        subject: `${printed}/${where}`,
        message:
          `the ${hit.detector.label} detector of class ${hit.class}, which may not go raw to ${this.model.sink}, fires on ${where.slice(where.lastIndexOf("/") + 1)} ` +
          `in telemetry from service.name ${sender === "" ? "(none)" : `"${printed}"`}, which no contract declares, so nothing redacted it`,
        hint: "Set the service's service.name to the name of its contract and export through its generated createTelemetry() (or the generated Collector, which drops services it does not know).",
        at: [],
        example: textExample(value),
        service: "*",
      };
    });
  }

  // --- attributes ----------------------------------------------------------------------------

  private attributes(model: ServiceModel, scope: Scope, attributes: unknown): void {
    const seen = this.seen.get(model.service.name)!;
    for (const kv of list(attributes)) {
      if (!isObject(kv)) continue;
      const key = text(kv.key);
      const check = scope.fields.get(key);
      if (check) {
        seen[check.site] = 1;
        this.declared(model, check, kv.value);
        continue;
      }
      if (scope.reportsUndeclared) this.undeclared(model, scope, key, kv.value);
      if (model.sinkDetectors.length > 0) {
        this.detect(model, () => `${scope.where}/${this.printable(key)}`, `${scope.where}\u0000${boundedName(key)}`, kv.value, scope.ref);
      }
    }
  }

  private declared(model: ServiceModel, check: FieldCheck, value: unknown): void {
    const { field } = check;
    const action = check.sinkAction;
    if (action !== undefined && action.kind !== "keep") {
      // At the sink the value must arrive in its redacted form (its declared type no longer applies).
      if (!isRedactedForm(value, action)) {
        this.finding(model, check, "live/leak", value, () => ({
          message: `${field.key} arrives at ${this.model.sink} other than ${describeAction(action)} (its effective action there)`,
          hint: "The value reached the sink unredacted: make sure the service exports through the generated createTelemetry() (or the Collector built by `cordon build --target collector`) and that nothing bypasses it.",
        }));
      }
      return;
    }
    if (!conforms(value, field.type)) {
      this.finding(model, check, "live/wrong-type", value, () => ({
        message: `${field.key} is declared ${field.type} but arrives as ${typeName(value)}`,
        hint: `Send a ${field.type} (the generated runtime drops values of the wrong type), or correct the declared type.`,
      }));
    }
    if (check.moreSensitive.length > 0) {
      const hit = firstHit(check.moreSensitive, value);
      if (hit) {
        this.finding(model, check, "live/misclassified", value, () => ({
          message: `${field.key} is classed ${field.class}, but the ${hit.detector.label} detector of the more sensitive class ${hit.class} fires on its value`,
          hint: `Class the field ${hit.class} (or stop putting ${hit.class} data in it): its class decides where its raw value may go.`,
        }));
      }
    }
    if (action !== undefined && model.sinkDetectors.length > 0) {
      this.detect(model, () => `${check.where}/${field.key}`, `${check.where}\u0000${field.key}`, value, field.ref, field.definitionRef);
    }
  }

  private undeclared(model: ServiceModel, scope: Scope, key: string, value: unknown): void {
    const service = model.service.name;
    let cache = scope.declared ? this.undeclaredKeys.get(scope) : undefined;
    if (scope.declared && !cache) this.undeclaredKeys.set(scope, (cache = new Map()));
    let tallyKey = cache?.get(key);
    if (tallyKey === undefined) {
      tallyKey = `live/undeclared-field\u0000${service}\u0000${scope.where}\u0000${boundedName(key)}`;
      if (cache && cache.size < UNDECLARED_KEYS_CACHED) cache.set(key, tallyKey);
    }
    this.tally.count(tallyKey, "live/undeclared-field", service, () => {
      const printed = this.printable(key);
      const what = scope.where.startsWith("span:")
        ? scope.where.includes("/event:")
          ? `event ${scope.where.slice(scope.where.indexOf("/event:") + 7)} of span ${scope.where.slice(5, scope.where.indexOf("/event:"))}`
          : `span ${scope.where.slice(5)}`
        : scope.where === "log"
          ? "its logs"
          : `metric ${scope.where.slice(7)}`;
      return {
        rule: "live/undeclared-field",
        subject: `${service}/${scope.where}/${printed}`,
        message: `${service} sends ${printed}, which its contract does not declare for ${what}${scope.declared ? "" : " (not declared at all)"}`,
        hint: `Declare ${printed} with its data class under ${scope.where === "log" ? "telemetry.logs" : scope.declared ? `the ${scope.where.split("/")[0]!.replace(":", " ")}` : "the service's telemetry"}, or stop sending it.`,
        at: [scope.ref],
        example: exampleOf(value),
        service,
      };
    });
  }

  /** Detectors of classes not allowed raw at the sink, on every string of a value (at a sink only). */
  private detect(model: ServiceModel, whereOf: () => string, key: string, value: unknown, ...at: (NodeRef | undefined)[]): void {
    let hit: ClassDetector | undefined;
    forEachString(value, (s) => {
      hit ??= firstStringHit(model.sinkDetectors, s);
    });
    if (!hit) return;
    const found = hit;
    const service = model.service.name;
    this.tally.count(`live/leak\u0000${service}\u0000${key}`, "live/leak", service, () => {
      const where = whereOf();
      return {
        rule: "live/leak",
        subject: `${service}/${where}`,
        message: `the ${found.detector.label} detector of class ${found.class}, which may not go raw to ${this.model.sink}, fires on a value of ${where.slice(where.lastIndexOf("/") + 1)} arriving there`,
        hint: "The runtime's detectors should have redacted it: check that the service exports through the generated createTelemetry() (or the generated Collector) for this sink.",
        at: at.length > 0 ? at : [model.service.telemetry.ref ?? model.service.ref],
        example: exampleOf(value),
        service,
      };
    });
  }

  /** Undeclared attributes of links, exemplars and scopes: detectors only. */
  private undeclaredValues(model: ServiceModel, where: string, attributes: unknown): void {
    for (const kv of list(attributes)) {
      if (!isObject(kv)) continue;
      const key = text(kv.key);
      this.detect(model, () => `${where}/${this.printable(key)}`, `${where}\u0000${boundedName(key)}`, kv.value);
    }
  }

  /** A name or free text (span name, status message, log body, …) at a sink. */
  private freeText(model: ServiceModel, where: string, part: string, value: string): void {
    if (value === "" || model.sinkDetectors.length === 0) return;
    const hit = firstStringHit(model.sinkDetectors, value);
    if (!hit) return;
    const service = model.service.name;
    this.tally.count(`live/leak\u0000${service}\u0000${where}\u0000(${part})`, "live/leak", service, () => ({
      rule: "live/leak",
      subject: `${service}/${where}/(${part})`,
      message: `the ${hit.detector.label} detector of class ${hit.class}, which may not go raw to ${this.model.sink}, fires on the ${part} of ${where}`,
      hint: "The runtime's detectors should have redacted it: check that the service exports through the generated createTelemetry() (or the generated Collector) for this sink.",
      at: [model.service.telemetry.ref ?? model.service.ref],
      example: textExample(value),
      service,
    }));
  }

  private finding(
    model: ServiceModel,
    check: FieldCheck,
    rule: "live/leak" | "live/wrong-type" | "live/misclassified",
    value: unknown,
    describe: () => { message: string; hint: string },
  ): void {
    const service = model.service.name;
    this.tally.count(`${rule}\u0000${service}\u0000${check.site}`, rule, service, (): LiveFindingInit => {
      const { message, hint } = describe();
      return {
        rule,
        subject: `${service}/${check.where}/${check.field.key}`,
        message,
        hint,
        at: [check.field.ref, check.field.definitionRef],
        example: exampleOf(value),
        service,
      };
    });
  }

  private printable(name: string): string {
    return printableName(name, this.model.nameDetectors);
  }
}

function firstStringHit(detectors: readonly ClassDetector[], s: string): ClassDetector | undefined {
  for (const d of detectors) if (d.detector.mayMatch(s) && d.detector.scan(s)) return d;
  return undefined;
}

function firstHit(detectors: readonly ClassDetector[], value: unknown): ClassDetector | undefined {
  let hit: ClassDetector | undefined;
  forEachString(value, (s) => {
    hit ??= firstStringHit(detectors, s);
  });
  return hit;
}

/** The data points of a metric, whatever its kind. */
function dataPointsOf(metric: Obj): readonly unknown[] {
  for (const kind of ["sum", "gauge", "histogram", "exponentialHistogram", "summary"] as const) {
    const data = metric[kind];
    if (isObject(data)) return list(data.dataPoints);
  }
  return EMPTY;
}
