/**
 * Turning what the scanner saw into findings: subjects as CONTRIBUTING.md fixes them,
 * messages that say what and where, hints that say what to do.
 */
import type { Finding, Location } from "../../contracts/finding.js";
import type { ContractSet, Service, Signal, Sink } from "../../contracts/model.js";
import { rule as dynamicKey } from "../rules/source/dynamic-key.js";
import { rule as staleGenerated } from "../rules/source/stale-generated.js";
import { rule as undeclaredEndpoint } from "../rules/source/undeclared-endpoint.js";
import { rule as undeclaredField } from "../rules/source/undeclared-field.js";
import { rule as unlockedExporter } from "../rules/source/unlocked-exporter.js";
import { closest, declaredAt, whereText, wherePhrase } from "./declared.js";
import { matchesEndpoint, parseUrl } from "./endpoint.js";
import type { ExporterSite } from "./exporters.js";
import type { Emission } from "./sites.js";
import type { ConfigSite } from "./config.js";
import { isSdkRegisterModule, type SdkSite } from "./sdk.js";
import { relative, sep } from "node:path";
import type ts from "typescript";

const BY_NAME = " (matched by name: no type information)";

/** Where a file is, for subjects and messages: relative to the project root (the contracts folder's parent). */
export interface FileRef {
  readonly abs: string;
  readonly rel: string;
  /** The project root `rel` is relative to. */
  readonly root: string;
}

export function nodeLocation(file: string, node: ts.Node): Location {
  const sf = node.getSourceFile();
  const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const end = sf.getLineAndCharacterOfPosition(node.getEnd());
  return { file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export function offsetLocation(file: string, text: string, offset: number): Location {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return { file, line, column };
}

/** The place in the contract where a field would be declared, for hints. */
function declarationPath(where: Emission["where"]): string {
  switch (where.kind) {
    case "span":
      return `telemetry.spans[${where.span ?? "<span>"}].attributes`;
    case "event":
      return `telemetry.spans[${where.span ?? "<span>"}].events[${where.event ?? "<event>"}].attributes`;
    case "log":
      return "telemetry.logs.attributes";
    case "metric":
      return `telemetry.metrics[${where.metric ?? "<metric>"}].attributes`;
    case "resource":
      return "telemetry.resource";
  }
}

/** The file a node is in, for subjects and locations (a key may be written in another file than its emission site). */
function fileOf(file: FileRef, node: ts.Node): FileRef {
  const abs = node.getSourceFile().fileName;
  if (abs === file.abs) return file;
  return { abs, rel: relative(file.root, abs).split(sep).join("/"), root: file.root };
}

export function emissionFindings(service: Service, emission: Emission, file: FileRef, contractFile: string): Finding[] {
  const out: Finding[] = [];
  const declared = declaredAt(service, emission.where);
  const where = whereText(emission.where);
  const phrase = wherePhrase(emission.where);
  const suffix = emission.byName ? BY_NAME : "";
  const placeGuess = declared.placeDeclared ? undefined : closestPlace(service, emission.where);
  for (const use of emission.keys) {
    const keyFile = fileOf(file, use.node);
    const location = nodeLocation(keyFile.abs, use.node);
    const elsewhere = keyFile.abs === file.abs ? "" : ` (emitted by ${emission.api} in ${file.rel})`;
    if (use.key === undefined) {
      out.push({
        rule: dynamicKey.id,
        severity: dynamicKey.severity,
        subject: `${service.name}/${where}/${use.text} @ ${keyFile.rel}`,
        message: use.reason
          ? `The attribute key \`${use.text}\` given to ${emission.api}${elsewhere} cannot be resolved statically: ${use.reason}. It cannot be checked against ${phrase} of service \`${service.name}\`${suffix}.`
          : `The attribute key \`${use.text}\` given to ${emission.api}${elsewhere} cannot be resolved statically, so it cannot be checked against ${phrase} of service \`${service.name}\`${suffix}.`,
        hint: dynamicHint(use.text, use.reason, use.prefix),
        location,
      });
      continue;
    }
    if (declared.keys.has(use.key)) continue;
    const notDeclaredAtAll = declared.placeDeclared
      ? ""
      : ` (${phrase} is not declared in the contract at all${placeGuess ? `; did you mean \`${placeGuess}\`?` : ""})`;
    const guess = closest(use.key, declared.keys.keys());
    const note = use.note ? ` (${use.note})` : "";
    out.push({
      rule: undeclaredField.id,
      severity: undeclaredField.severity,
      subject: `${service.name}/${where}/${use.key} @ ${keyFile.rel}`,
      message: `\`${use.key}\` is emitted on ${phrase} (${emission.api}${elsewhere}) but service \`${service.name}\` does not declare it there${notDeclaredAtAll}${note}${suffix}.`,
      hint: guess
        ? `Did you mean \`${guess}\`?`
        : placeGuess
          ? `If the name is misspelt, did you mean \`${placeGuess}\`? Otherwise declare \`${use.key}\` with its data class under ${declarationPath(emission.where)} of service \`${service.name}\` in ${contractFile}, or stop emitting it.`
          : `Declare \`${use.key}\` with its data class under ${declarationPath(emission.where)} of service \`${service.name}\` in ${contractFile}, or stop emitting it.`,
      location,
    });
  }
  return out;
}

/** A hint that fits why the key is dynamic: a parameter or helper result can be resolved; a run-time part must be declared. */
function dynamicHint(text: string, reason: string | undefined, prefix: string | undefined): string {
  if (prefix) {
    return `Every key it can take starts with \`${prefix}\`: declare the \`${prefix}…\` keys the service may emit and waive this finding (it stands for all of them), or write one call per declared key instead of computing \`${text}\`.`;
  }
  if (reason && /parameter|caller|called from|passed around/.test(reason)) {
    return "Pass an object whose keys are written out (a literal, or a helper returning one) at every call site, or type the parameter with the generated module's attribute type, or use the generated setSpanAttributes helper.";
  }
  if (reason && /library|declaration|implementation|not an object|not a named function/.test(reason)) {
    return "Build the attributes in the service's own code (an object literal or a helper that returns one), or declare every key the library may add.";
  }
  if (reason && /run time/.test(reason)) {
    return `Write one call per key the contract declares instead of computing \`${text}\`, or declare the keys it can take.`;
  }
  return "Use a literal, a const, an enum member or a semantic-conventions constant for the key, or the generated typed helpers.";
}

/** For a span, event or metric name the contract does not declare: the closest declared name. */
function closestPlace(service: Service, where: Emission["where"]): string | undefined {
  const tel = service.telemetry;
  switch (where.kind) {
    case "span":
      return where.span === undefined ? undefined : closest(where.span, tel.spans.map((s) => s.name));
    case "event": {
      if (where.span !== undefined && !tel.spans.some((s) => s.name === where.span)) return closest(where.span, tel.spans.map((s) => s.name));
      const events = tel.spans.filter((s) => where.span === undefined || s.name === where.span).flatMap((s) => s.events.map((e) => e.name));
      return where.event === undefined ? undefined : closest(where.event, events);
    }
    case "metric":
      return where.metric === undefined ? undefined : closest(where.metric, tel.metrics.map((m) => m.name));
    default:
      return undefined;
  }
}

export function exporterFindings(set: ContractSet, service: Service, site: ExporterSite, file: FileRef): Finding[] {
  const out: Finding[] = [];
  const subject = `${service.name}/exporter:${site.className} @ ${file.rel}`;
  const suffix = site.byName ? BY_NAME : "";
  if (site.url.kind === "static") {
    for (const alt of site.url.alternatives) {
      const finding = endpointFinding(set, service, { className: site.className, signal: site.signal, value: alt.value, subject, suffix }, nodeLocation(file.abs, alt.node));
      if (finding) out.push(finding);
    }
  }
  const locked = site.flow.factory && site.flow.bypass === undefined;
  if (!locked) {
    const envNote =
      site.url.kind === "none"
        ? " It has no `url`, so it follows OTEL_EXPORTER_OTLP_*ENDPOINT at run time, which the contract cannot vouch for."
        : "";
    const bypass = site.flow.bypass;
    const factory = `the generated createTelemetry of service \`${service.name}\``;
    const what = !bypass
      ? `does not reach ${factory}, so what it exports is`
      : site.flow.factory
        ? `reaches ${factory} but is also handed to ${bypassText(file, bypass)}, which bypasses it: what it exports there is`
        : `is handed to ${bypassText(file, bypass)} instead of ${factory}, so what it exports is`;
    out.push({
      rule: unlockedExporter.id,
      severity: unlockedExporter.severity,
      subject,
      message: `\`new ${site.className}(…)\` ${what} neither redacted per sink nor region-locked.${envNote}${suffix}`,
      hint: `Pass it only to createTelemetry({ exporters: { ${site.signal ?? "traces"}: { "<sink>": exporter } } }) from the service's generated module and use the processors it returns.`,
      location: nodeLocation(file.abs, site.node),
    });
  }
  return out;
}

interface EndpointUse {
  /** `OTLPTraceExporter`, `OTEL_EXPORTER_OTLP_ENDPOINT`: what sets the URL, for messages. */
  readonly className: string;
  readonly signal: Signal | undefined;
  readonly value: string;
  readonly subject: string;
  readonly suffix: string;
}

/** A `source/undeclared-endpoint` when the URL matches no sink of the service for its signal. */
export function endpointFinding(set: ContractSet, service: Service, use: EndpointUse, location: Location): Finding | undefined {
  const sinks = sinksFor(set, service, use.signal);
  const url = parseUrl(use.value);
  if (url && sinks.some((s) => matchesEndpoint(url, s.endpoint))) return undefined;
  const declaredList = sinks.map((s) => `${s.name} (${s.endpoint.raw})`).join(", ") || "none";
  return {
    rule: undeclaredEndpoint.id,
    severity: undeclaredEndpoint.severity,
    subject: use.subject,
    message: url
      ? `${use.className} exports to \`${use.value}\`, which matches no sink of service \`${service.name}\`${use.signal ? ` for ${use.signal}` : ""}; declared: ${declaredList}${use.suffix}.`
      : `${use.className}'s url \`${use.value}\` is not a valid URL${use.suffix}.`,
    hint: `Point it at a declared sink's endpoint, or declare the destination as a Sink and add it to telemetry.sinks of service \`${service.name}\`.`,
    location,
  };
}

const UNLOCKED_HINT =
  "Start the SDK in code with what the generated createTelemetry returns (e.g. `new NodeSDK({ spanProcessors: telemetry.spanProcessors, logRecordProcessors: telemetry.logRecordProcessors, metricReaders: telemetry.metricReaders })`) instead of from environment variables.";

/** An SDK started in code whose exporters come from the environment. */
export function sdkFinding(service: Service, site: SdkSite, file: FileRef): Finding {
  const shown = site.className.startsWith("@") ? `Loading \`${site.className}\`` : `\`new ${site.className}(…)\``;
  return {
    rule: unlockedExporter.id,
    severity: unlockedExporter.severity,
    subject: `${service.name}/exporter:${site.className} @ ${file.rel}`,
    message: `${shown} ${site.why}, so it exports through OTLP exporters built from OTEL_* environment variables: what it exports is neither redacted per sink nor region-locked${site.byName ? BY_NAME : ""}.`,
    hint: UNLOCKED_HINT,
    location: nodeLocation(file.abs, site.node),
  };
}

/** What a package.json script, Dockerfile, Procfile, compose file or manifest says about exporters. */
export function configFindings(set: ContractSet, service: Service, sites: readonly ConfigSite[], file: FileRef, text: string): Finding[] {
  const out: Finding[] = [];
  for (const site of sites) {
    const location = offsetLocation(file.abs, text, site.offset);
    if (site.kind === "preload") {
      if (!isSdkRegisterModule(site.module)) continue;
      out.push({
        rule: unlockedExporter.id,
        severity: unlockedExporter.severity,
        subject: `${service.name}/exporter:${site.module} @ ${file.rel}`,
        message: `\`${site.via} ${site.module}\` in ${file.rel} starts OpenTelemetry auto-instrumentation, which exports every span, metric and log it records through OTLP exporters built from OTEL_* environment variables: neither redacted per sink nor region-locked.`,
        hint: UNLOCKED_HINT,
        location,
      });
    } else if (site.value !== undefined) {
      const finding = endpointFinding(
        set,
        service,
        { className: site.variable, signal: site.signal, value: site.value, subject: `${service.name}/exporter:${site.variable} @ ${file.rel}`, suffix: "" },
        location,
      );
      if (finding) out.push(finding);
    }
  }
  return out;
}

/** `new BatchSpanProcessor(…)` at `services/x/src/otel.ts:12`: where a bypass is, for messages. */
function bypassText(file: FileRef, node: ts.CallExpression | ts.NewExpression): string {
  const callee = node.expression.getText().replace(/\s+/g, "");
  const short = callee.length > 50 ? `${callee.slice(0, 47)}...` : callee;
  const sf = node.getSourceFile();
  const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const where = sf.fileName === file.abs ? `line ${line}` : `${relative(file.root, sf.fileName).split(sep).join("/")}:${line}`;
  return `\`${/^new\b/.test(node.getText()) ? "new " : ""}${short}(…)\` (${where})`;
}

function sinksFor(set: ContractSet, service: Service, signal: Signal | undefined): Sink[] {
  return service.telemetry.sinks
    .map((name) => set.sinks.get(name))
    .filter((s): s is Sink => s !== undefined && (signal === undefined || s.signals.includes(signal)));
}

export function staleFinding(
  set: ContractSet,
  serviceName: string,
  file: FileRef,
  text: string,
  stamp: { digest: string; offset: number },
): Finding | undefined {
  if (stamp.digest === set.digest) return undefined;
  return {
    rule: staleGenerated.id,
    severity: staleGenerated.severity,
    subject: `${serviceName}/generated @ ${file.rel}`,
    message: `${file.rel} was generated from contracts ${stamp.digest}, but the contracts are now ${set.digest}.`,
    hint: "Run `cordon build` and commit the regenerated module.",
    location: offsetLocation(file.abs, text, stamp.offset),
  };
}

/** Findings at the same location with the same rule and subject are one finding (SPEC §3.4). */
export function oncePerLocation(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const l = f.location;
    const key = `${f.rule}\u0000${f.subject}\u0000${l?.file ?? ""}:${l?.line ?? 0}:${l?.column ?? 0}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Two findings of one rule never share a subject: repeats get ` #2`, ` #3` in location order. */
export function numberRepeats(findings: readonly Finding[]): Finding[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = `${f.rule}\u0000${f.subject}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? f : { ...f, subject: `${f.subject} #${n}` };
  });
}

export function byLocation(a: Finding, b: Finding): number {
  const la = a.location;
  const lb = b.location;
  return (
    compare(la?.file ?? "", lb?.file ?? "") ||
    (la?.line ?? 0) - (lb?.line ?? 0) ||
    (la?.column ?? 0) - (lb?.column ?? 0) ||
    compare(a.rule, b.rule) ||
    compare(a.subject, b.subject)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
