/**
 * Emission sites: every place a service's code attaches attribute keys to telemetry, with the
 * signal (and, when statically known, the span, event or instrument) the keys travel on.
 */
import type ts from "typescript";
import { attributeKeys, keyUses, optionKeys, optionValues, shortText, type KeyUse } from "./attributes.js";
import { isReason, possibleElements, START, type Step } from "./follow.js";
import {
  calleeName,
  generatedCallee,
  importedFrom,
  isFromGenerated,
  isOtelDeclaration,
  resolvedSymbol,
  skipOuter,
  type ScanContext,
} from "./context.js";
import { classify, observationOf, renamed, staticName, type OtelKind, type Receiver } from "./otel.js";
import { evaluateString } from "./values.js";

export type Where =
  | { readonly kind: "span"; readonly span: string | undefined }
  | { readonly kind: "event"; readonly span: string | undefined; readonly event: string | undefined }
  | { readonly kind: "log" }
  | { readonly kind: "metric"; readonly metric: string | undefined }
  | { readonly kind: "resource" };

export interface Emission {
  readonly where: Where;
  readonly keys: readonly KeyUse[];
  /** The receiver was matched without type information. */
  readonly byName: boolean;
  /** The API used, for messages (`span.setAttribute`, `generated addEvent`, …). */
  readonly api: string;
}

/** Names worth asking the checker about: API methods, generated helpers, resourceFromAttributes. */
const CALLEE_NAMES: ReadonlySet<string> = new Set([
  "setAttribute",
  "setAttributes",
  "addEvent",
  "recordException",
  "addLink",
  "addLinks",
  "startSpan",
  "startActiveSpan",
  "emit",
  "add",
  "record",
  "observe",
  "setSpanAttributes",
  "emitLog",
  "resourceFromAttributes",
]);

/** The emission sites of one call expression (none when it is not one). */
export function emissionsOf(ctx: ScanContext, call: ts.CallExpression): Emission[] {
  const t = ctx.ts;
  const callee = skipOuter(ctx, call.expression);
  const name = calleeName(ctx, callee);
  if (!name || !t.isIdentifier(name) || !CALLEE_NAMES.has(name.text)) return [];
  const generated = generatedCallee(ctx, name);
  if (generated) return generatedHelper(ctx, name.text, call, generated === "by-name");
  const symbol = resolvedSymbol(ctx, name);
  if (t.isIdentifier(callee) && name.text === "resourceFromAttributes" && isOtelValue(ctx, callee, symbol)) {
    const [attrs] = call.arguments;
    return attrs ? [{ where: { kind: "resource" }, keys: attributeKeys(ctx, attrs), byName: false, api: "resourceFromAttributes" }] : [];
  }
  if (!t.isPropertyAccessExpression(callee)) return [];
  const method = METHODS.get(name.text);
  if (!method) return [];
  const receiver = isTypedInstrumentMethod(ctx, symbol) ? TYPED_INSTRUMENT : classify(ctx, callee.expression);
  if (!receiver || receiver.kind !== method.on) return [];
  return method.sites(ctx, call, callee.expression).map((s) => ({ ...s, byName: receiver.byName }));
}

const TYPED_INSTRUMENT: Receiver = { kind: "instrument", byName: false };

/**
 * `add`/`record` of an instrument made by a generated module's `createInstrument`: the method is
 * declared in that module (its TypedInstrument is a conditional type over the instrument kind,
 * so the receiver's type has no name to go by).
 */
function isTypedInstrumentMethod(ctx: ScanContext, symbol: ts.Symbol | undefined): boolean {
  if (!symbol || !(symbol.flags & ctx.ts.SymbolFlags.Method)) return false;
  const name = symbol.getName();
  return (name === "add" || name === "record") && isFromGenerated(ctx, symbol);
}

/** `new Resource({...})` from @opentelemetry/resources. */
export function resourceEmission(ctx: ScanContext, node: ts.NewExpression): Emission[] {
  const t = ctx.ts;
  const callee = skipOuter(ctx, node.expression);
  const id = t.isIdentifier(callee) ? callee : t.isPropertyAccessExpression(callee) ? callee.name : undefined;
  if (!id || !t.isIdentifier(id) || id.text !== "Resource") return [];
  if (!isOtelValue(ctx, t.isIdentifier(callee) ? callee : id, resolvedSymbol(ctx, id))) return [];
  const attrs = node.arguments?.[0];
  return attrs ? [{ where: { kind: "resource" }, keys: attributeKeys(ctx, attrs), byName: false, api: "new Resource" }] : [];
}

function isOtelValue(ctx: ScanContext, id: ts.Identifier, symbol: ts.Symbol | undefined): boolean {
  const decl = symbol?.declarations?.[0];
  if (decl && isOtelDeclaration(decl)) return true;
  const root = ctx.ts.isPropertyAccessExpression(id.parent) ? leftmost(ctx, id.parent) : id;
  return (root && importedFrom(ctx, root)?.startsWith("@opentelemetry/")) ?? false;
}

function leftmost(ctx: ScanContext, e: ts.Expression): ts.Identifier | undefined {
  let x = e;
  while (ctx.ts.isPropertyAccessExpression(x)) x = x.expression;
  return ctx.ts.isIdentifier(x) ? x : undefined;
}

type SiteOf = Omit<Emission, "byName">;

interface Method {
  readonly on: OtelKind;
  readonly sites: (ctx: ScanContext, call: ts.CallExpression, receiver: ts.Expression) => SiteOf[];
}

const METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  [
    "setAttribute",
    {
      on: "span",
      sites: (ctx, call, receiver) => {
        const [key] = call.arguments;
        return key ? [{ where: spanWhere(ctx, receiver), keys: keyUses(ctx, key), api: "span.setAttribute" }] : [];
      },
    },
  ],
  [
    "setAttributes",
    {
      on: "span",
      sites: (ctx, call, receiver) => attributesSite(ctx, spanWhere(ctx, receiver), call.arguments[0], "span.setAttributes"),
    },
  ],
  [
    "addEvent",
    {
      on: "span",
      sites: (ctx, call, receiver) => {
        const [name, attrs] = call.arguments;
        if (!attrs || !isAttributesArgument(ctx, attrs)) return [];
        const event = name ? evaluateString(ctx, name) : undefined;
        return attributesSite(ctx, { kind: "event", span: staticName(ctx, receiver), event }, attrs, "span.addEvent");
      },
    },
  ],
  [
    "recordException",
    {
      on: "span",
      // API 1.x takes (exception, time): the SDK adds an `exception` event with the exception.*
      // attributes it reads off the exception. A later API taking attributes second is read too.
      sites: (ctx, call, receiver) => {
        const where: Where = { kind: "event", span: staticName(ctx, receiver), event: "exception" };
        const [exception, attrs] = call.arguments;
        const added: SiteOf[] = exception ? [{ where, keys: exceptionKeys(ctx, exception), api: "span.recordException" }] : [];
        if (!attrs || !ctx.ts.isObjectLiteralExpression(skipOuter(ctx, attrs))) return added;
        return [...added, ...attributesSite(ctx, where, attrs, "span.recordException")];
      },
    },
  ],
  [
    "addLink",
    {
      on: "span",
      sites: (ctx, call, receiver) => linkSites(ctx, spanWhere(ctx, receiver), call.arguments[0] && { values: [call.arguments[0]] }, "span.addLink"),
    },
  ],
  [
    "addLinks",
    {
      on: "span",
      sites: (ctx, call, receiver) => linkSites(ctx, spanWhere(ctx, receiver), linksOf(ctx, call.arguments[0]), "span.addLinks"),
    },
  ],
  ["startSpan", { on: "tracer", sites: (ctx, call) => startSpanSites(ctx, call, "tracer.startSpan") }],
  ["startActiveSpan", { on: "tracer", sites: (ctx, call) => startSpanSites(ctx, call, "tracer.startActiveSpan") }],
  [
    "emit",
    {
      on: "logger",
      sites: (ctx, call) => {
        // A LogRecord is an object; `emitter.emit("event", …)` (no types to tell) is not one.
        const [record] = call.arguments;
        if (!record || isLiteral(ctx, record)) return [];
        const where: Where = { kind: "log" };
        // The SDK turns a record's `exception` into exception.* attributes of the log record.
        const exception = propertyExpression(ctx, record, "exception");
        const thrown: SiteOf[] = exception ? [{ where, keys: exceptionKeys(ctx, exception), api: "logger.emit" }] : [];
        return [...attributesSite(ctx, where, optionProperty(ctx, record, "attributes"), "logger.emit"), ...thrown];
      },
    },
  ],
  ["add", { on: "instrument", sites: (ctx, call, receiver) => metricSites(ctx, call, receiver, "add") }],
  ["record", { on: "instrument", sites: (ctx, call, receiver) => metricSites(ctx, call, receiver, "record") }],
  [
    "observe",
    {
      on: "observation",
      // ObservableResult.observe(value, attributes) reports to the instrument the callback was
      // registered on; BatchObservableResult.observe(instrument, value, attributes) names it.
      sites: (ctx, call, receiver) => {
        const observation = observationOf(ctx, receiver);
        const [first, second, third] = call.arguments;
        // Only BatchObservableResult.observe takes three arguments (instrument, value, attributes).
        if (observation.batch || third) {
          if (!first || !third) return [];
          return attributesSite(ctx, { kind: "metric", metric: staticName(ctx, first) }, third, "batchObservableResult.observe");
        }
        return second ? attributesSite(ctx, { kind: "metric", metric: observation.metric }, second, "observableResult.observe") : [];
      },
    },
  ],
]);

function spanWhere(ctx: ScanContext, receiver: ts.Expression): Where {
  return { kind: "span", span: staticName(ctx, receiver) };
}

function attributesSite(ctx: ScanContext, where: Where, attrs: Property, api: string): SiteOf[] {
  if (attrs === undefined) return [];
  const keys = isRead(attrs) ? attrs.read : attributeKeys(ctx, attrs);
  return keys.length > 0 ? [{ where, keys, api }] : [];
}

function metricSites(ctx: ScanContext, call: ts.CallExpression, receiver: ts.Expression, method: string): SiteOf[] {
  const attrs = call.arguments[1];
  const where: Where = { kind: "metric", metric: staticName(ctx, receiver) };
  return attrs ? attributesSite(ctx, where, attrs, `instrument.${method}`) : [];
}

/**
 * `startSpan(name, options?, context?)`; `startActiveSpan(name, fn)`, `(name, options, fn)`,
 * `(name, options, context, fn)`: the callback is always last, options only ever second.
 */
function startSpanSites(ctx: ScanContext, call: ts.CallExpression, api: string): SiteOf[] {
  const t = ctx.ts;
  const [name, second] = call.arguments;
  const where: Where = { kind: "span", span: startedName(ctx, call, name) };
  const active = api === "tracer.startActiveSpan";
  if (!second || (active && call.arguments.length < 3) || t.isFunctionLike(skipOuter(ctx, second))) return [];
  return [
    ...attributesSite(ctx, where, optionProperty(ctx, second, "attributes"), api),
    ...linkSites(ctx, where, optionLinks(ctx, second), `${api} links`),
  ];
}

/** The span's name as exported: the one it is started with, unless the variable holding it renames it. */
function startedName(ctx: ScanContext, call: ts.CallExpression, name: ts.Expression | undefined): string | undefined {
  const t = ctx.ts;
  const started = name ? evaluateString(ctx, name) : undefined;
  let up: ts.Node = call.parent;
  while (t.isParenthesizedExpression(up) || t.isAsExpression(up) || t.isNonNullExpression(up) || t.isSatisfiesExpression(up)) up = up.parent;
  if (t.isVariableDeclaration(up) || t.isPropertyDeclaration(up)) return renamed(ctx, up, started);
  if (t.isBinaryExpression(up) && up.operatorToken.kind === t.SyntaxKind.EqualsToken) {
    const decl = t.isIdentifier(up.left) ? resolvedSymbol(ctx, up.left)?.valueDeclaration : undefined;
    if (decl && t.isVariableDeclaration(decl)) return renamed(ctx, decl, started);
  }
  return started;
}

/** The links an array may hold: literal, or built (`links.push({…})`) and returned elsewhere. */
function linksOf(ctx: ScanContext, links: ts.Expression | undefined): Links | undefined {
  return links && { step: possibleElements(ctx, links, START), from: skipOuter(ctx, links) };
}

interface Links {
  readonly step: Step;
  readonly from?: ts.Expression;
  /** How the links are named in a dynamic key: `links`, or `options.links` of an options object. */
  readonly label?: string;
}

/** `options.links`: written in the literal, or followed like `options.attributes` when the options are not one. */
function optionLinks(ctx: ScanContext, options: ts.Expression): Links | undefined {
  const e = skipOuter(ctx, options);
  if (ctx.ts.isObjectLiteralExpression(e)) return linksOf(ctx, propertyExpression(ctx, e, "links"));
  const found = optionValues(ctx, e, "links");
  const label = `${shortText(e)}.links`;
  if (isReason(found)) return { step: found, from: e, label };
  const step = found.values.map((v) => possibleElements(ctx, v, START));
  const failed = step.find(isReason);
  return { step: failed ?? { values: step.flatMap((s) => (isReason(s) ? [] : s.values)) }, from: e, label };
}

function linkSites(ctx: ScanContext, where: Where, links: Links | { readonly values: readonly ts.Expression[] } | undefined, api: string): SiteOf[] {
  if (!links) return [];
  const step = "step" in links ? links.step : links;
  if (isReason(step)) {
    const node = (links as Links).from!;
    const label = (links as Links).label ?? shortText(node);
    const key: KeyUse = { key: undefined, text: `${label}[].attributes`, node, reason: `the links cannot be read: ${step.reason}` };
    return [{ where, keys: [key], api }];
  }
  return step.values.flatMap((link) => attributesSite(ctx, where, optionProperty(ctx, link, "attributes"), api));
}

/** Calls to the typed helpers of a generated module (CONTRIBUTING.md). */
function generatedHelper(ctx: ScanContext, helper: string, call: ts.CallExpression, byName: boolean): Emission[] {
  const a = call.arguments;
  const name = (i: number) => (a[i] ? evaluateString(ctx, a[i]) : undefined);
  const site = (where: Where, attrs: Property): Emission[] =>
    attributesSite(ctx, where, attrs, `generated ${helper}`).map((s) => ({ ...s, byName }));
  switch (helper) {
    case "startSpan":
    case "startActiveSpan":
    case "setSpanAttributes":
      return site({ kind: "span", span: name(1) }, a[2]);
    case "addEvent":
      return site({ kind: "event", span: name(1), event: name(2) }, a[3]);
    case "emitLog":
      return site({ kind: "log" }, optionProperty(ctx, a[1], "attributes"));
    default:
      return [];
  }
}

/** An attributes argument, the keys read out of an options object that is not a literal, or nothing. */
type Property = ts.Expression | Read | undefined;
interface Read {
  readonly read: readonly KeyUse[];
}

function isRead(p: ts.Expression | Read): p is Read {
  return "read" in p;
}

/**
 * `options.attributes` of an options object: the expression when it is there, undefined when the
 * object visibly has none, and otherwise the keys followed through what the object may be (a
 * parameter's arguments, a function's returns), or a dynamic key saying why it cannot be read.
 */
function optionProperty(ctx: ScanContext, options: ts.Expression | undefined, key: string): Property {
  if (!options) return undefined;
  const t = ctx.ts;
  const e = skipOuter(ctx, options);
  // A literal written at the call has what it shows; one held in a variable may be given the
  // property later (`options.attributes = …`), which optionKeys reads too.
  if (t.isObjectLiteralExpression(e)) return propertyExpression(ctx, e, key);
  if (e.kind === t.SyntaxKind.NullKeyword || (t.isIdentifier(e) && e.text === "undefined")) return undefined;
  return { read: optionKeys(ctx, e, key) };
}

function propertyExpression(ctx: ScanContext, options: ts.Expression | undefined, key: string): ts.Expression | undefined {
  const t = ctx.ts;
  const obj = options && objectLiteralOf(ctx, options);
  if (!obj) return undefined;
  for (const prop of obj.properties) {
    const name = prop.name && (t.isIdentifier(prop.name) || t.isStringLiteral(prop.name)) ? prop.name.text : undefined;
    if (name !== key) continue;
    if (t.isPropertyAssignment(prop)) return prop.initializer;
    if (t.isShorthandPropertyAssignment(prop)) return prop.name;
  }
  return undefined;
}

function objectLiteralOf(ctx: ScanContext, expr: ts.Expression, depth = 0): ts.ObjectLiteralExpression | undefined {
  const t = ctx.ts;
  const e = skipOuter(ctx, expr);
  if (t.isObjectLiteralExpression(e)) return e;
  if (depth < 4 && t.isIdentifier(e)) {
    const decl = resolvedSymbol(ctx, e)?.valueDeclaration;
    if (decl && t.isVariableDeclaration(decl) && decl.initializer) return objectLiteralOf(ctx, decl.initializer, depth + 1);
  }
  return undefined;
}

/** addEvent's second argument is attributes or a start time: only the former counts. */
function isAttributesArgument(ctx: ScanContext, expr: ts.Expression): boolean {
  const t = ctx.ts;
  const e = skipOuter(ctx, expr);
  if (t.isObjectLiteralExpression(e)) return true;
  if (t.isNumericLiteral(e) || t.isArrayLiteralExpression(e) || t.isNewExpression(e)) return false;
  const type = ctx.checker.getNonNullableType(ctx.checker.getTypeAtLocation(e));
  if (type.flags & (t.TypeFlags.NumberLike | t.TypeFlags.Undefined | t.TypeFlags.Null)) return false;
  if (ctx.checker.isArrayType(type) || ctx.checker.isTupleType(type)) return false;
  return type.getSymbol()?.getName() !== "Date";
}

function isLiteral(ctx: ScanContext, expr: ts.Expression): boolean {
  const t = ctx.ts;
  const e = skipOuter(ctx, expr);
  return t.isStringLiteralLike(e) || t.isTemplateExpression(e) || t.isNumericLiteral(e);
}

/**
 * The keys the SDK sets for `span.recordException(e)` and a log record's `exception`: a string
 * exception is its message; anything else may carry a code or name (exception.type), a message
 * and a stack (exception.stacktrace).
 */
function exceptionKeys(ctx: ScanContext, exception: ts.Expression): KeyUse[] {
  const keys = isStringTyped(ctx, exception) ? ["exception.message"] : ["exception.type", "exception.message", "exception.stacktrace"];
  return keys.map((key) => ({ key, text: key, node: exception }));
}

function isStringTyped(ctx: ScanContext, e: ts.Expression): boolean {
  try {
    const type = ctx.checker.getTypeAtLocation(e);
    return (type.flags & ctx.ts.TypeFlags.StringLike) !== 0;
  } catch {
    return false;
  }
}
