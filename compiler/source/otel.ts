/**
 * Is this receiver an OpenTelemetry Span, Tracer, Meter, Logger or metric instrument?
 *
 * With types, the checker decides: the receiver's type must be declared in an
 * `@opentelemetry/*` package (or be a generated module's typed instrument), so a DOM element's
 * or a user class's `setAttribute` never matches. Without types (plain JS, no node_modules:
 * the type is `any`), the receiver's provenance and name decide, and the finding says so.
 */
import type ts from "typescript";
import { calleeName, generatedCallee, isFromGenerated, isOtelDeclaration, resolvedSymbol, skipOuter, type ScanContext } from "./context.js";
import { argumentsOf, isReason } from "./follow.js";
import { functionName, isModuleBinding, referencesOf } from "./references.js";
import { evaluateString } from "./values.js";

export type OtelKind = "span" | "tracer" | "meter" | "logger" | "instrument" | "observation";

export interface Receiver {
  readonly kind: OtelKind;
  /** True when no type information was available and the match is syntactic. */
  readonly byName: boolean;
}

const TYPE_NAMES: ReadonlyMap<string, OtelKind> = new Map<string, OtelKind>([
  ["Span", "span"],
  ["SpanImpl", "span"],
  ["NonRecordingSpan", "span"],
  ["Tracer", "tracer"],
  ["Meter", "meter"],
  ["Logger", "logger"],
  ["Counter", "instrument"],
  ["UpDownCounter", "instrument"],
  ["Histogram", "instrument"],
  ["Gauge", "instrument"],
  ["SyncInstrument", "instrument"],
  ["ObservableGauge", "instrument"],
  ["ObservableCounter", "instrument"],
  ["ObservableUpDownCounter", "instrument"],
  ["ObservableResult", "observation"],
  ["BatchObservableResult", "observation"],
]);

/** The receiver's kind, or undefined when it is known not to be OpenTelemetry (or cannot be told). */
export function classify(ctx: ScanContext, receiver: ts.Expression): Receiver | undefined {
  const t = ctx.ts;
  let type: ts.Type;
  try {
    type = ctx.checker.getNonNullableType(ctx.checker.getTypeAtLocation(receiver));
  } catch {
    type = ctx.checker.getAnyType();
  }
  if (type.flags & (t.TypeFlags.Any | t.TypeFlags.Unknown)) {
    const kind = provenance(ctx, receiver, 0);
    return kind ? { kind, byName: true } : undefined;
  }
  for (const part of type.isUnion() ? type.types : [type]) {
    const kind = kindOfType(ctx, part);
    if (kind) return { kind, byName: false };
  }
  return undefined;
}

function kindOfType(ctx: ScanContext, type: ts.Type): OtelKind | undefined {
  for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
    if (!symbol) continue;
    const decl = symbol.declarations?.[0];
    if (!decl) continue;
    const name = symbol.getName();
    if (isOtelDeclaration(decl)) {
      const kind = TYPE_NAMES.get(name);
      if (kind) return kind;
    } else if (isFromGenerated(ctx, symbol) && /Instrument|Counter|Histogram|Gauge/.test(name)) {
      return "instrument";
    }
  }
  return undefined;
}

const CALL_KINDS: ReadonlyMap<string, OtelKind> = new Map<string, OtelKind>([
  ["getActiveSpan", "span"],
  ["getSpan", "span"],
  ["startSpan", "span"],
  ["getTracer", "tracer"],
  ["getMeter", "meter"],
  ["getLogger", "logger"],
  ["createCounter", "instrument"],
  ["createUpDownCounter", "instrument"],
  ["createHistogram", "instrument"],
  ["createGauge", "instrument"],
  ["createObservableGauge", "instrument"],
  ["createObservableCounter", "instrument"],
  ["createObservableUpDownCounter", "instrument"],
  ["createInstrument", "instrument"],
]);

const NAME_KINDS: readonly (readonly [RegExp, OtelKind])[] = [
  [/span$/i, "span"],
  [/tracer$/i, "tracer"],
  [/meter$/i, "meter"],
  [/logger$/i, "logger"],
  [/(?:counter|histogram|gauge)s?$/i, "instrument"],
];

/** Syntactic guess: where the value came from, else what it is called. */
function provenance(ctx: ScanContext, node: ts.Expression, depth: number): OtelKind | undefined {
  const t = ctx.ts;
  if (depth > 6) return undefined;
  const e = skipOuter(ctx, node);
  if (t.isCallExpression(e)) {
    const name = calleeName(ctx, e.expression);
    return name ? CALL_KINDS.get(name.text) : undefined;
  }
  const nameNode = t.isIdentifier(e) ? e : t.isPropertyAccessExpression(e) ? e.name : undefined;
  if (!nameNode) return undefined;
  const symbol = resolvedSymbol(ctx, nameNode);
  const decl = symbol?.valueDeclaration;
  if (decl && t.isVariableDeclaration(decl) && decl.initializer) {
    const fromInit = provenance(ctx, decl.initializer, depth + 1);
    if (fromInit) return fromInit;
  }
  // A class member: its initialiser or any `this.x = …` in the class (`_updateMetricInstruments()`).
  if (decl && t.isPropertyDeclaration(decl)) {
    const kinds = new Set(memberAssignments(ctx, decl).map((v) => provenance(ctx, v, depth + 1)));
    if (kinds.size === 1 && !kinds.has(undefined)) return [...kinds][0];
  }
  if (decl && t.isParameter(decl) && activeSpanCall(ctx, decl)) return "span";
  if (decl && t.isParameter(decl) && registrationsOf(ctx, decl).length > 0) return "observation";
  // A parameter every caller fills from the same kind of value (`recordPool(this._connectionsCount)`).
  if (decl && t.isParameter(decl)) {
    const step = argumentsOf(ctx, decl);
    if (!isReason(step) && step.values.length > 0) {
      const kinds = new Set(step.values.map((v) => provenance(ctx, v, depth + 1)));
      if (kinds.size === 1 && !kinds.has(undefined)) return [...kinds][0];
    }
  }
  for (const [pattern, kind] of NAME_KINDS) if (pattern.test(nameNode.text)) return kind;
  return undefined;
}

/**
 * When `param` is the span parameter of a `startActiveSpan` callback (the API's method or
 * the generated helper), the call and its name argument.
 */
export function activeSpanCall(ctx: ScanContext, param: ts.ParameterDeclaration): ts.CallExpression | undefined {
  const t = ctx.ts;
  const fn = param.parent;
  if (!(t.isArrowFunction(fn) || t.isFunctionExpression(fn)) || fn.parameters[0] !== param) return undefined;
  const call = fn.parent;
  if (!t.isCallExpression(call) || call.arguments[call.arguments.length - 1] !== fn) return undefined;
  const name = calleeName(ctx, call.expression);
  return name?.text === "startActiveSpan" ? call : undefined;
}

/** The name argument of a span-starting or instrument-creating call, API method or generated helper. */
function nameArgument(ctx: ScanContext, call: ts.CallExpression): ts.Expression | undefined {
  const t = ctx.ts;
  const callee = skipOuter(ctx, call.expression);
  const name = calleeName(ctx, callee);
  if (!name) return undefined;
  const generated = t.isIdentifier(name) && generatedCallee(ctx, name) !== undefined;
  switch (name.text) {
    case "startSpan":
    case "startActiveSpan":
    case "createInstrument":
      return generated ? call.arguments[1] : t.isPropertyAccessExpression(callee) ? call.arguments[0] : undefined;
    case "createCounter":
    case "createUpDownCounter":
    case "createHistogram":
    case "createGauge":
    case "createObservableGauge":
    case "createObservableCounter":
    case "createObservableUpDownCounter":
      return t.isPropertyAccessExpression(callee) ? call.arguments[0] : undefined;
    default:
      return undefined;
  }
}

/**
 * The statically known name of the span or instrument a receiver holds: `const span =
 * tracer.startSpan("x")`, the `startActiveSpan("x", span => …)` parameter, `const c =
 * meter.createCounter("x")` (also as a class property), or a call chained directly.
 */
export function staticName(ctx: ScanContext, receiver: ts.Expression, depth = 0): string | undefined {
  const t = ctx.ts;
  if (depth > 6) return undefined;
  const e = skipOuter(ctx, receiver);
  if (t.isCallExpression(e)) {
    const arg = nameArgument(ctx, e);
    return arg ? evaluateString(ctx, arg) : undefined;
  }
  const nameNode = t.isIdentifier(e) ? e : t.isPropertyAccessExpression(e) ? e.name : undefined;
  if (!nameNode) return undefined;
  const symbol = resolvedSymbol(ctx, nameNode);
  const decl = symbol?.valueDeclaration;
  if (!decl) return undefined;
  if (t.isParameter(decl)) return renamed(ctx, decl, parameterName(ctx, decl, depth));
  if (t.isVariableDeclaration(decl) && decl.initializer && t.getCombinedNodeFlags(decl) & t.NodeFlags.Const) {
    return renamed(ctx, decl, staticName(ctx, decl.initializer, depth + 1));
  }
  if (t.isPropertyDeclaration(decl)) {
    const names = new Set(memberAssignments(ctx, decl).map((i) => staticName(ctx, i, depth + 1)));
    return renamed(ctx, decl, names.size === 1 ? [...names][0] : undefined);
  }
  return undefined;
}

/**
 * The name a span is exported under when the variable, property or parameter holding it is
 * renamed (`span.updateName(n)`, as HTTP and GraphQL instrumentations do once the route or
 * operation is known): the started name only if every rename gives that same name; otherwise
 * not known statically, so the keys are checked against every span rather than one whose name
 * the exported span no longer has.
 */
export function renamed(ctx: ScanContext, holder: ts.Declaration, started: string | undefined): string | undefined {
  const t = ctx.ts;
  const name = (holder as ts.NamedDeclaration).name;
  if (started === undefined || !name || !t.isIdentifier(name) || !holder.getSourceFile().text.includes("updateName")) return started;
  for (const ref of referencesOf(ctx, name, new Set())) {
    const site = t.isPropertyAccessExpression(ref.parent) && ref.parent.name === ref ? ref.parent : ref;
    const access = site.parent;
    if (!t.isPropertyAccessExpression(access) || access.expression !== site || access.name.text !== "updateName") continue;
    const call = access.parent;
    if (!t.isCallExpression(call) || call.expression !== access) continue;
    const to = call.arguments[0];
    if (!to || evaluateString(ctx, to) !== started) return undefined;
  }
  return started;
}

/**
 * The span or instrument a parameter holds: the `startActiveSpan` callback's span, or, for a
 * named function (`function tag(span: Span)`, `startActiveSpan("x", handle)`), the one every
 * caller the Program shows passes in. Callers that disagree, or a use that is not a call, leave
 * it unknown (checked against every span).
 */
function parameterName(ctx: ScanContext, param: ts.ParameterDeclaration, depth: number): string | undefined {
  const call = activeSpanCall(ctx, param);
  if (call) {
    const arg = nameArgument(ctx, call);
    return arg ? evaluateString(ctx, arg) : undefined;
  }
  if (ctx.parameterNames.has(param)) return ctx.parameterNames.get(param);
  ctx.parameterNames.set(param, undefined); // a recursive function asks again: unknown meanwhile
  const name = callersAgree(ctx, param, depth);
  ctx.parameterNames.set(param, name);
  return name;
}

function callersAgree(ctx: ScanContext, param: ts.ParameterDeclaration, depth: number): string | undefined {
  const t = ctx.ts;
  const fn = param.parent;
  const index = fn.parameters.indexOf(param);
  const fnName = functionName(ctx, fn);
  if (!fnName || index < 0 || param.dotDotDotToken) return undefined;
  const names = new Set<string | undefined>();
  for (const ref of referencesOf(ctx, fnName, new Set())) {
    if (isModuleBinding(ctx, ref)) continue;
    const site = t.isPropertyAccessExpression(ref.parent) && ref.parent.name === ref ? ref.parent : ref;
    const parent = site.parent;
    if (!t.isCallExpression(parent)) return undefined;
    if (parent.expression === site) {
      const arg = parent.arguments[index];
      names.add(arg ? staticName(ctx, arg, depth + 1) : undefined);
    } else if (index === 0 && parent.arguments[parent.arguments.length - 1] === site && calleeName(ctx, parent.expression)?.text === "startActiveSpan") {
      const arg = nameArgument(ctx, parent);
      names.add(arg ? evaluateString(ctx, arg) : undefined);
    } else return undefined;
    if (names.has(undefined) || names.size > 1) return undefined;
  }
  return names.size === 1 ? [...names][0] : undefined;
}

/** The values a class member is given: its initialiser and every `this.x = …` in the class's own members. */
function memberAssignments(ctx: ScanContext, decl: ts.PropertyDeclaration): ts.Expression[] {
  const t = ctx.ts;
  const out: ts.Expression[] = decl.initializer ? [decl.initializer] : [];
  const cls = decl.parent;
  if (!t.isClassLike(cls)) return out;
  const name = decl.name.getText();
  const visit = (node: ts.Node): void => {
    if (
      t.isBinaryExpression(node) &&
      node.operatorToken.kind === t.SyntaxKind.EqualsToken &&
      t.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === t.SyntaxKind.ThisKeyword &&
      node.left.name.text === name
    ) {
      out.push(node.right);
    }
    t.forEachChild(node, visit);
  };
  for (const member of cls.members) if (member !== decl) visit(member);
  return out;
}

/**
 * What an observable callback's result (`result.observe(…)`) reports to: for an
 * `ObservableResult`, the instrument whose `addCallback` took the callback (its name when every
 * registration agrees); a `BatchObservableResult` names the instrument in each `observe` call.
 */
export interface Observation {
  readonly batch: boolean;
  readonly metric: string | undefined;
}

const REGISTRATIONS: ReadonlySet<string> = new Set(["addCallback", "addBatchObservableCallback"]);

export function observationOf(ctx: ScanContext, receiver: ts.Expression): Observation {
  const t = ctx.ts;
  const e = skipOuter(ctx, receiver);
  const decl = t.isIdentifier(e) ? resolvedSymbol(ctx, e)?.valueDeclaration : undefined;
  const registrations = decl && t.isParameter(decl) ? registrationsOf(ctx, decl) : [];
  let batch = registrations.length > 0 && registrations.every((call) => calleeName(ctx, call.expression)?.text === "addBatchObservableCallback");
  // `(result: BatchObservableResult) => …` says so even when @opentelemetry/api is not installed.
  const annotated = decl && t.isParameter(decl) && decl.type && t.isTypeReferenceNode(decl.type) ? decl.type.typeName : undefined;
  const written = annotated && (t.isIdentifier(annotated) ? annotated.text : annotated.right.text);
  if (written === "BatchObservableResult") batch = true;
  else if (written === "ObservableResult") batch = false;
  try {
    const type = ctx.checker.getNonNullableType(ctx.checker.getTypeAtLocation(receiver));
    const name = (type.aliasSymbol ?? type.getSymbol())?.getName();
    if (name === "BatchObservableResult") batch = true;
    else if (name === "ObservableResult") batch = false;
  } catch {
    // no type: the registrations decide
  }
  if (batch) return { batch, metric: undefined };
  const names = new Set(
    registrations.map((call) => {
      const callee = skipOuter(ctx, call.expression);
      return t.isPropertyAccessExpression(callee) && calleeName(ctx, callee)?.text === "addCallback" ? staticName(ctx, callee.expression) : undefined;
    }),
  );
  return { batch, metric: names.size === 1 ? [...names][0] : undefined };
}

/**
 * The `addCallback(fn)` / `addBatchObservableCallback(fn, …)` calls that register the callback
 * whose first parameter is `param`: the call itself for an inline callback, every reference of
 * a named one (none when some reference is anything else).
 */
function registrationsOf(ctx: ScanContext, param: ts.ParameterDeclaration): ts.CallExpression[] {
  const t = ctx.ts;
  const fn = param.parent;
  if (!t.isFunctionLike(fn) || fn.parameters[0] !== param) return [];
  const registers = (node: ts.Node, arg: ts.Node): node is ts.CallExpression =>
    t.isCallExpression(node) && node.arguments[0] === arg && REGISTRATIONS.has(calleeName(ctx, node.expression)?.text ?? "");
  if ((t.isArrowFunction(fn) || t.isFunctionExpression(fn)) && registers(fn.parent, fn)) return [fn.parent];
  const name = functionName(ctx, fn);
  if (!name) return [];
  const calls: ts.CallExpression[] = [];
  for (const ref of referencesOf(ctx, name, new Set())) {
    const site = t.isPropertyAccessExpression(ref.parent) && ref.parent.name === ref ? ref.parent : ref;
    if (!registers(site.parent, site)) return [];
    calls.push(site.parent);
  }
  return calls;
}
