/**
 * Resolving an attribute object to its keys, the way a reader of the code does: object literals
 * (computed keys, spreads), variables and the keys assigned into them before the use, what helper
 * functions return (through interfaces and base classes to every implementation), parameters (to
 * the argument of every call site), properties of objects built elsewhere, loops over constant
 * arrays, and, as a last resort, the properties of the expression's type when the type lists them.
 * What cannot be resolved comes back as an entry without a key and a reason: a `source/dynamic-key`.
 */
import type ts from "typescript";
import { resolvedSymbol, skipOuter, type ScanContext } from "./context.js";
import { argumentsOf, arrayElements, deeper, isReason, LIMITS, returnedValues, START, type Step, type Walk } from "./follow.js";
import { isUnresolvedSemconv, SEMCONV_NOTE } from "./semconv.js";
import { evaluateString, evaluateStrings } from "./values.js";

export interface KeyUse {
  /** The resolved key, or undefined when it cannot be known statically. */
  readonly key: string | undefined;
  /** The source text standing for the key (for dynamic keys' subjects and messages). */
  readonly text: string;
  /** Where to point: the key expression, property name, or the object that could not be read. */
  readonly node: ts.Node;
  /** For an unresolved key: why, in words, when there is more to say than "dynamic". */
  readonly reason?: string;
  /** For a resolved key: how, when the finding should say so (cordon's semconv table). */
  readonly note?: string;
  /** For an unresolved key: the start every value has (`graphql.variables.` of `${VARIABLES}${key}`). */
  readonly prefix?: string;
}

export function shortText(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, " ");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The keys of a single-key site (`setAttribute(k, v)`): several when k's type is a union of literals. */
export function keyUses(ctx: ScanContext, key: ts.Expression, walk: Walk = START): KeyUse[] {
  const values = evaluateStrings(ctx, key);
  if (values) {
    const note = isUnresolvedSemconv(ctx, key) ? SEMCONV_NOTE : undefined;
    return values.map((value) => (note ? { key: value, text: value, node: key, note } : { key: value, text: value, node: key }));
  }
  const e = skipOuter(ctx, key);
  if (ctx.ts.isIdentifier(e) && walk.depth < LIMITS.depth) {
    const source = keysSource(ctx, e);
    if (source) {
      return attributeKeys(ctx, source, deeper(walk, e)).map((use) =>
        use.key === undefined ? { ...use, reason: `\`${e.text}\` is a key of \`${shortText(source)}\`${use.reason ? `, and ${use.reason}` : ""}` } : use,
      );
    }
    const step = keyVariableStep(ctx, e);
    if (step) {
      if (isReason(step)) return [{ key: undefined, text: shortText(key), node: key, reason: step.reason }];
      return step.values.flatMap((v) => keyUses(ctx, v, deeper(walk, e)));
    }
  }
  return [{ key: undefined, text: shortText(key), node: key, ...variableReason(ctx, e) }];
}

/** `const name = \`x.${y}\`` used as a key: the reason (and known prefix) is the initialiser's. */
function variableReason(ctx: ScanContext, e: ts.Expression): Computed {
  const t = ctx.ts;
  if (!t.isIdentifier(e)) return computedReason(ctx, e);
  const decl = resolvedSymbol(ctx, e)?.valueDeclaration;
  if (!decl || !t.isVariableDeclaration(decl) || !decl.initializer) return {};
  const inner = computedReason(ctx, skipOuter(ctx, decl.initializer));
  return inner.reason ? { ...inner, reason: `\`${e.text}\` is \`${shortText(decl.initializer)}\`, and ${inner.reason}` } : {};
}

/**
 * A key held in a variable that is not a constant: a loop variable over a constant array
 * (`for (const k of KEYS)`, `KEYS.forEach(k => …)`), or a parameter (every caller's argument).
 */
function keyVariableStep(ctx: ScanContext, id: ts.Identifier): Step | undefined {
  const t = ctx.ts;
  const decl = resolvedSymbol(ctx, id)?.valueDeclaration;
  if (!decl) return undefined;
  if (t.isParameter(decl)) return argumentsOf(ctx, decl, id);
  if (t.isVariableDeclaration(decl) && t.isVariableDeclarationList(decl.parent) && t.isForOfStatement(decl.parent.parent)) {
    return arrayElements(ctx, decl.parent.parent.expression, START);
  }
  return undefined;
}

/**
 * A key taken from another object's keys: `for (const [k] of Object.entries(obj))`,
 * `Object.entries(obj).forEach(([k, v]) => …)`, `for (const k of Object.keys(obj))`,
 * `Object.keys(obj).forEach(k => …)`: the object whose keys they are.
 */
function keysSource(ctx: ScanContext, id: ts.Identifier): ts.Expression | undefined {
  const t = ctx.ts;
  const decl = resolvedSymbol(ctx, id)?.valueDeclaration;
  if (!decl) return undefined;
  // The iterated value: the for-of expression or the receiver of forEach/map, and whether the key is destructured.
  let holder: ts.Node = decl;
  let destructured = false;
  if (t.isBindingElement(holder)) {
    const pattern = holder.parent;
    if (!t.isArrayBindingPattern(pattern) || pattern.elements[0] !== holder) return undefined;
    destructured = true;
    holder = pattern.parent;
  }
  let iterated: ts.Expression | undefined;
  if (t.isVariableDeclaration(holder) && t.isVariableDeclarationList(holder.parent) && t.isForOfStatement(holder.parent.parent)) {
    iterated = holder.parent.parent.expression;
  } else if (t.isParameter(holder)) {
    const fn = holder.parent;
    const call = fn.parent;
    if ((t.isArrowFunction(fn) || t.isFunctionExpression(fn)) && fn.parameters[0] === holder && t.isCallExpression(call) && call.arguments[0] === fn) {
      const callee = call.expression;
      if (t.isPropertyAccessExpression(callee) && /^(?:forEach|map|flatMap|filter|some|every)$/.test(callee.name.text)) iterated = callee.expression;
    }
  }
  const e = iterated && skipOuter(ctx, iterated);
  if (!e || !t.isCallExpression(e) || !t.isPropertyAccessExpression(e.expression)) return undefined;
  const { expression: obj, name } = e.expression;
  if (!t.isIdentifier(obj) || obj.text !== "Object") return undefined;
  const wanted = destructured ? "entries" : "keys";
  return name.text === wanted ? e.arguments[0] : undefined;
}

interface Computed {
  readonly reason?: string;
  readonly prefix?: string;
}

/**
 * For `\`prefix.${x}\`` and `PREFIX + x`: which part is computed, and the known start of every
 * value (what comes before that part), which names the family of keys the site can emit.
 */
function computedReason(ctx: ScanContext, e: ts.Expression): Computed {
  const t = ctx.ts;
  const parts: { text?: string; expr?: ts.Expression }[] = [];
  if (t.isTemplateExpression(e)) {
    parts.push({ text: e.head.text });
    for (const span of e.templateSpans) parts.push({ expr: span.expression }, { text: span.literal.text });
  } else if (t.isBinaryExpression(e) && e.operatorToken.kind === t.SyntaxKind.PlusToken) {
    const operands = concatenated(ctx, e);
    // `1 + 2 + key` adds before it concatenates: a known start only when the first operand is a string.
    if (!isStringTyped(ctx, operands[0]!)) return computedPart(ctx, operands);
    parts.push(...operands.map((expr) => ({ expr })));
  } else return {};
  let prefix = "";
  for (const part of parts) {
    const value = part.text ?? evaluateString(ctx, part.expr!);
    if (value !== undefined) {
      prefix += value;
      continue;
    }
    const shown = t.isTemplateExpression(e) ? `\${${shortText(part.expr!)}}` : shortText(part.expr!);
    const after = prefix ? `, after the known prefix \`${prefix}\`` : "";
    return prefix ? { reason: `its part \`${shown}\` is only known at run time${after}`, prefix } : { reason: `its part \`${shown}\` is only known at run time` };
  }
  return {};
}

/** `PREFIX + x` whose start cannot be told: only which part is computed. */
function computedPart(ctx: ScanContext, operands: readonly ts.Expression[]): Computed {
  const part = operands.find((o) => evaluateString(ctx, o) === undefined);
  return part ? { reason: `its part \`${shortText(part)}\` is only known at run time` } : {};
}

function isStringTyped(ctx: ScanContext, e: ts.Expression): boolean {
  const t = ctx.ts;
  if (t.isStringLiteralLike(e) || t.isTemplateExpression(e)) return true;
  try {
    return (ctx.checker.getTypeAtLocation(e).flags & t.TypeFlags.StringLike) !== 0;
  } catch {
    return false;
  }
}

/** The operands of `a + b + c`, left to right. */
function concatenated(ctx: ScanContext, e: ts.Expression): ts.Expression[] {
  const t = ctx.ts;
  const x = skipOuter(ctx, e);
  return t.isBinaryExpression(x) && x.operatorToken.kind === t.SyntaxKind.PlusToken ? [...concatenated(ctx, x.left), ...concatenated(ctx, x.right)] : [x];
}

/** The keys of an attribute object. */
export function attributeKeys(ctx: ScanContext, expr: ts.Expression, walk: Walk = START): KeyUse[] {
  const t = ctx.ts;
  const e = skipOuter(ctx, expr);
  if (walk.depth > LIMITS.depth) {
    return [dynamic(e, `cordon followed it ${LIMITS.depth} steps (functions, parameters, variables) without reaching its keys`)];
  }
  if (walk.onPath.has(e)) return []; // recursion: the keys are those of the other paths
  const next = deeper(walk, e);
  if (t.isObjectLiteralExpression(e)) return objectLiteralKeys(ctx, e, next);
  if (t.isConditionalExpression(e)) return [...attributeKeys(ctx, e.whenTrue, next), ...attributeKeys(ctx, e.whenFalse, next)];
  if (t.isBinaryExpression(e) && isDefaulting(t, e.operatorToken.kind)) {
    return [...attributeKeys(ctx, e.left, next), ...attributeKeys(ctx, e.right, next)];
  }
  // `...(cond && { k: v })`: the object when the condition holds, nothing (a spread false) otherwise.
  if (t.isBinaryExpression(e) && e.operatorToken.kind === t.SyntaxKind.AmpersandAmpersandToken) return attributeKeys(ctx, e.right, next);
  if (isNothing(ctx, e)) return [];
  if (t.isIdentifier(e)) {
    const fromVariable = variableKeys(ctx, e, next);
    if (fromVariable) return fromVariable;
    const decl = resolvedSymbol(ctx, e)?.valueDeclaration;
    // A parameter (or a name destructured from one): what every caller passes, plus what the
    // function adds to it before this use (`attrs[K] = v`, `Object.assign(attrs, …)`).
    const received = decl && t.isParameter(decl) ? argumentsOf(ctx, decl, e) : decl && t.isBindingElement(decl) ? bindingValues(ctx, decl, next) : undefined;
    if (received) return [...followed(ctx, e, received, next), ...addedKeys(ctx, e, decl!, next)];
  }
  if (t.isCallExpression(e)) {
    if (isObjectAssign(t, e)) return e.arguments.flatMap((a) => attributeKeys(ctx, a, next));
    const typed = typeKeys(ctx, e);
    const step = returnedValues(ctx, e);
    if (typed && isReason(step)) return typed;
    return followed(ctx, e, step, next);
  }
  if (t.isPropertyAccessExpression(e) || (t.isElementAccessExpression(e) && evaluateStrings(ctx, e.argumentExpression)?.length === 1)) {
    const name = t.isPropertyAccessExpression(e) ? e.name.text : evaluateStrings(ctx, (e as ts.ElementAccessExpression).argumentExpression)![0]!;
    const step = propertyValues(ctx, e.expression, name, next);
    const typed = typeKeys(ctx, e);
    if (typed && (isReason(step) || step.values.length === 0)) return typed;
    if (!isReason(step) && step.values.length === 0) {
      return [dynamic(e, `no object that \`${shortText(e.expression)}\` may hold was found to have \`${name}\``)];
    }
    return followed(ctx, e, step, next);
  }
  return typeKeys(ctx, e) ?? [dynamic(e)];
}

/** The keys of every value a step found, or one dynamic key saying why it found none. */
function followed(ctx: ScanContext, e: ts.Expression, step: Step, walk: Walk): KeyUse[] {
  if (isReason(step)) return typeKeys(ctx, e) ?? [dynamic(e, step.reason)];
  return step.values.flatMap((v) => attributeKeys(ctx, v, walk));
}

/** `undefined`, `null`, `{}`-less absence: no keys. */
function isNothing(ctx: ScanContext, e: ts.Expression): boolean {
  const t = ctx.ts;
  return e.kind === t.SyntaxKind.NullKeyword || (t.isIdentifier(e) && e.text === "undefined");
}

function isDefaulting(t: ScanContext["ts"], kind: ts.SyntaxKind): boolean {
  return kind === t.SyntaxKind.QuestionQuestionToken || kind === t.SyntaxKind.BarBarToken;
}

function isObjectAssign(t: ScanContext["ts"], call: ts.CallExpression): boolean {
  const c = call.expression;
  return t.isPropertyAccessExpression(c) && t.isIdentifier(c.expression) && c.expression.text === "Object" && c.name.text === "assign";
}

function dynamic(node: ts.Expression, reason?: string): KeyUse {
  const use = { key: undefined, text: `...${shortText(node)}`, node };
  return reason === undefined ? use : { ...use, reason };
}

function objectLiteralKeys(ctx: ScanContext, obj: ts.ObjectLiteralExpression, walk: Walk): KeyUse[] {
  const t = ctx.ts;
  const out: KeyUse[] = [];
  for (const prop of obj.properties) {
    if (t.isSpreadAssignment(prop)) {
      out.push(...attributeKeys(ctx, prop.expression, walk));
      continue;
    }
    const name = prop.name;
    if (!name) continue;
    if (t.isComputedPropertyName(name)) {
      out.push(...keyUses(ctx, name.expression, walk));
    } else if (t.isIdentifier(name) || t.isStringLiteralLike(name) || t.isNumericLiteral(name)) {
      out.push({ key: name.text, text: name.text, node: name });
    } else {
      out.push({ key: undefined, text: shortText(name), node: name });
    }
  }
  return out;
}

/**
 * `const attrs = {…}; attrs[K] = v; attrs.x = v; Object.assign(attrs, {…}); KEYS.forEach(k => { attrs[k] = … })`:
 * the initialiser's keys (or those of every `attrs = …`) plus the keys added in the declaring
 * scope, before or after the use: the object may be read later (it was put in an options
 * object, it is used again in a loop), and a key reported too many is better than one missed.
 */
function variableKeys(ctx: ScanContext, id: ts.Identifier, walk: Walk): KeyUse[] | undefined {
  const t = ctx.ts;
  const decl = resolvedSymbol(ctx, id)?.valueDeclaration;
  if (!decl || !t.isVariableDeclaration(decl) || !t.isIdentifier(decl.name)) return undefined;
  if (t.isVariableDeclarationList(decl.parent) && (t.isForOfStatement(decl.parent.parent) || t.isForInStatement(decl.parent.parent))) {
    return undefined;
  }
  const keys: KeyUse[] = decl.initializer ? attributeKeys(ctx, decl.initializer, walk) : [];
  return [...keys, ...addedKeys(ctx, id, decl, walk)];
}

/** Assignment operators that put a value in their left side: `=`, `??=`, `||=`, `&&=`. */
function isStoring(t: ScanContext["ts"], kind: ts.SyntaxKind): boolean {
  const k = t.SyntaxKind;
  return kind === k.EqualsToken || kind === k.QuestionQuestionEqualsToken || kind === k.BarBarEqualsToken || kind === k.AmpersandAmpersandEqualsToken;
}

/**
 * The keys put into the object `id` names (a variable, a parameter, a destructured name) in its
 * declaring function: `attrs[K] = v`, `attrs.x ??= v`, `attrs = …`,
 * `Object.assign(attrs, …)`. An assignment already being followed is not followed again (`attrs
 * = { ...attrs, k: v }`, `attrs = Object.assign(attrs, more)`).
 */
function addedKeys(ctx: ScanContext, id: ts.Identifier, decl: ts.Declaration, walk: Walk): KeyUse[] {
  const t = ctx.ts;
  const symbol = resolvedSymbol(ctx, id);
  if (!symbol) return [];
  const keys: KeyUse[] = [];
  const scope = enclosingScope(t, decl);
  const declName = (decl as ts.NamedDeclaration).name;
  const visit = (node: ts.Node): void => {
    if (t.isBinaryExpression(node) && isStoring(t, node.operatorToken.kind) && !walk.onPath.has(node)) {
      const target = skipOuter(ctx, node.left);
      if ((t.isElementAccessExpression(target) || t.isPropertyAccessExpression(target)) && refersTo(ctx, target.expression, symbol)) {
        if (t.isPropertyAccessExpression(target)) keys.push({ key: target.name.text, text: target.name.text, node: target.name });
        else keys.push(...keyUses(ctx, target.argumentExpression, walk));
      } else if (t.isIdentifier(target) && target !== declName && resolvedSymbol(ctx, target) === symbol) {
        keys.push(...attributeKeys(ctx, node.right, deeper(walk, node)));
      }
    }
    if (t.isCallExpression(node) && isObjectAssign(t, node)) {
      const [first, ...rest] = node.arguments;
      if (first && refersTo(ctx, first, symbol)) keys.push(...rest.flatMap((a) => attributeKeys(ctx, a, walk)));
    }
    t.forEachChild(node, visit);
  };
  t.forEachChild(scope, visit);
  return keys;
}

function refersTo(ctx: ScanContext, e: ts.Expression, symbol: ts.Symbol): boolean {
  const inner = skipOuter(ctx, e);
  return ctx.ts.isIdentifier(inner) && resolvedSymbol(ctx, inner) === symbol;
}

function enclosingScope(t: ScanContext["ts"], node: ts.Node): ts.Node {
  let n: ts.Node = node.parent;
  while (!t.isSourceFile(n) && !t.isFunctionLike(n) && !t.isClassStaticBlockDeclaration(n)) n = n.parent;
  return n;
}

/**
 * `holder.name`: the values `name` has in every object `holder` may be (object literals reached
 * through variables, returns, parameters and conditionals).
 */
function propertyValues(ctx: ScanContext, holder: ts.Expression, name: string, walk: Walk): Step {
  const objects = objectsOf(ctx, holder, walk);
  if (isReason(objects)) return objects;
  const found = propertyOf(ctx, objects.values, name, walk);
  return isReason(found) ? found : { values: [...found.values, ...assignedProperty(ctx, holder, name)] };
}

/** `name = v` for a variable declared with `let`/`var`, in the scope declaring it. */
function assignedValues(ctx: ScanContext, decl: ts.VariableDeclaration): ts.Expression[] {
  const t = ctx.ts;
  if (t.getCombinedNodeFlags(decl) & t.NodeFlags.Const) return [];
  const symbol = resolvedSymbol(ctx, decl.name);
  if (!symbol) return [];
  const values: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (t.isBinaryExpression(node) && isStoring(t, node.operatorToken.kind) && refersTo(ctx, node.left, symbol)) values.push(node.right);
    t.forEachChild(node, visit);
  };
  t.forEachChild(enclosingScope(t, decl), visit);
  return values;
}

/** `holder.name = v` (or `holder["name"] ??= v`) in the scope declaring `holder`: the values given. */
function assignedProperty(ctx: ScanContext, holder: ts.Expression, name: string): ts.Expression[] {
  const t = ctx.ts;
  const e = skipOuter(ctx, holder);
  const symbol = t.isIdentifier(e) ? resolvedSymbol(ctx, e) : undefined;
  const decl = symbol?.valueDeclaration;
  if (!symbol || !decl || !(t.isVariableDeclaration(decl) || t.isParameter(decl) || t.isBindingElement(decl))) return [];
  const values: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (t.isBinaryExpression(node) && isStoring(t, node.operatorToken.kind)) {
      const target = skipOuter(ctx, node.left);
      const pname = t.isPropertyAccessExpression(target)
        ? target.name.text
        : t.isElementAccessExpression(target)
          ? evaluateStrings(ctx, target.argumentExpression)?.[0]
          : undefined;
      if (pname === name && refersTo(ctx, (target as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression, symbol)) values.push(node.right);
    }
    t.forEachChild(node, visit);
  };
  t.forEachChild(enclosingScope(t, decl), visit);
  return values;
}

function propertyOf(ctx: ScanContext, objects: readonly ts.Expression[], name: string, walk: Walk): Step {
  const t = ctx.ts;
  const values: ts.Expression[] = [];
  for (const obj of objects) {
    if (!t.isObjectLiteralExpression(obj)) continue;
    for (const prop of obj.properties) {
      if (t.isSpreadAssignment(prop)) {
        const inner = propertyValues(ctx, prop.expression, name, deeper(walk, prop));
        if (!isReason(inner)) values.push(...inner.values);
        continue;
      }
      const pname = prop.name && (t.isIdentifier(prop.name) || t.isStringLiteralLike(prop.name)) ? prop.name.text : undefined;
      if (pname !== name) continue;
      if (t.isPropertyAssignment(prop)) values.push(prop.initializer);
      else if (t.isShorthandPropertyAssignment(prop)) values.push(prop.name);
    }
  }
  return { values };
}

/**
 * A name destructured from an object, `{ attributes }` of a parameter (every caller's argument)
 * or of a variable (its initialiser): that property of every object it may be, and its default.
 * Undefined for what is not such a name (array patterns, rest elements, computed names).
 */
function bindingValues(ctx: ScanContext, el: ts.BindingElement, walk: Walk): Step | undefined {
  const t = ctx.ts;
  const pattern = el.parent;
  const prop = el.propertyName ?? el.name;
  if (!t.isObjectBindingPattern(pattern) || el.dotDotDotToken || !(t.isIdentifier(prop) || t.isStringLiteralLike(prop))) return undefined;
  const holder = pattern.parent;
  let objects: Step;
  if (t.isParameter(holder)) {
    const args = argumentsOf(ctx, holder);
    objects = isReason(args) ? args : objectsOfAll(ctx, args.values, walk);
  } else if (t.isVariableDeclaration(holder) && holder.initializer) {
    objects = objectsOf(ctx, holder.initializer, walk);
  } else return undefined;
  if (isReason(objects)) return { reason: `\`${prop.text}\` is destructured from an object cordon cannot read: ${objects.reason}` };
  const values = propertyOf(ctx, objects.values, prop.text, walk);
  if (isReason(values) || !el.initializer) return values;
  return { values: [...values.values, el.initializer] };
}

/**
 * The keys of `holder.name` where an API reads an options object (`startSpan(name, options)`
 * with `options` a parameter or a call's result): the property in every object `holder` may be;
 * none when every such object visibly lacks it.
 */
/** The values `holder.name` may have, where `holder` is an options object that is not a literal. */
export function optionValues(ctx: ScanContext, holder: ts.Expression, name: string): Step {
  return propertyValues(ctx, holder, name, START);
}

export function optionKeys(ctx: ScanContext, holder: ts.Expression, name: string): KeyUse[] {
  const step = propertyValues(ctx, holder, name, START);
  if (isReason(step)) return [{ key: undefined, text: `${shortText(holder)}.${name}`, node: holder, reason: step.reason }];
  const walk = deeper(START, holder);
  return step.values.flatMap((v) => attributeKeys(ctx, v, walk));
}

function objectsOfAll(ctx: ScanContext, exprs: readonly ts.Expression[], walk: Walk): Step {
  const values: ts.Expression[] = [];
  for (const x of exprs) {
    const s = objectsOf(ctx, x, walk);
    if (isReason(s)) return s;
    values.push(...s.values);
  }
  return { values };
}

/** The object literals a value may be. */
function objectsOf(ctx: ScanContext, expr: ts.Expression, walk: Walk): Step {
  const t = ctx.ts;
  const e = skipOuter(ctx, expr);
  if (walk.depth > LIMITS.depth) return { reason: `cordon followed \`${shortText(e)}\` ${LIMITS.depth} steps without reaching the object` };
  if (walk.onPath.has(e)) return { values: [] };
  const next = deeper(walk, e);
  const all = (exprs: readonly ts.Expression[]): Step => objectsOfAll(ctx, exprs, next);
  if (t.isObjectLiteralExpression(e)) return { values: [e] };
  if (t.isConditionalExpression(e)) return all([e.whenTrue, e.whenFalse]);
  if (t.isBinaryExpression(e) && isDefaulting(t, e.operatorToken.kind)) return all([e.left, e.right]);
  if (t.isIdentifier(e)) {
    const decl = resolvedSymbol(ctx, e)?.valueDeclaration;
    // `let info; try { info = start() } …`: the initialiser and every value assigned.
    if (decl && t.isVariableDeclaration(decl) && t.isIdentifier(decl.name)) {
      const given = [...(decl.initializer ? [decl.initializer] : []), ...assignedValues(ctx, decl)];
      if (given.length > 0) return all(given);
    }
    if (decl && t.isParameter(decl)) {
      const step = argumentsOf(ctx, decl, e);
      return isReason(step) ? step : all(step.values);
    }
    const bound = decl && t.isBindingElement(decl) ? bindingValues(ctx, decl, next) : undefined;
    if (bound) return isReason(bound) ? bound : all(bound.values);
  }
  if (t.isCallExpression(e)) {
    const step = returnedValues(ctx, e);
    return isReason(step) ? step : all(step.values);
  }
  return { reason: `\`${shortText(e)}\` is not an object cordon can follow` };
}

/** When the type lists its properties (no index signature, not any), those are the keys. */
function typeKeys(ctx: ScanContext, e: ts.Expression): KeyUse[] | undefined {
  const t = ctx.ts;
  let type: ts.Type;
  try {
    type = ctx.checker.getNonNullableType(ctx.checker.getTypeAtLocation(e));
  } catch {
    return undefined;
  }
  if (type.flags & (t.TypeFlags.Any | t.TypeFlags.Unknown | t.TypeFlags.Never)) return undefined;
  if (type.isUnion() || type.isIntersection() || !(type.flags & t.TypeFlags.Object)) return undefined;
  if (ctx.checker.getIndexInfosOfType(type).length > 0) return undefined;
  const props = ctx.checker.getPropertiesOfType(type);
  if (props.length === 0) return undefined;
  return props.map((p) => ({ key: p.getName(), text: p.getName(), node: e }));
}
