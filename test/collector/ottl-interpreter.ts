/**
 * A small interpreter of the OTTL statements `cordon build --target collector` emits — only
 * those shapes — written from the OTTL documentation (contrib pkg/ottl/ottlfuncs/README.md,
 * pkg/ottl/LANGUAGE.md), independent of the compiler that writes them. It stands in for the
 * Collector in the equivalence test: configuration-level `$$`/`${env:…}` expansion, the routing
 * connector's resource condition, then each transform processor's statement groups, with
 * `error_mode: ignore` (a statement that errors is skipped).
 *
 * Values are kept as OTLP types (int and double apart), because OTTL's type checks see them so.
 */
import { createHash } from "node:crypto";

export type OValue =
  | { readonly t: "str"; readonly v: string }
  | { readonly t: "int"; readonly v: number }
  | { readonly t: "double"; readonly v: number }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "list"; readonly v: readonly OValue[] };

type JsValue = string | number | boolean | readonly (string | number | boolean | null | undefined)[];

/** A JavaScript attribute value as an OTLP exporter sends it: integral numbers as ints. */
export function fromJs(value: unknown): OValue | undefined {
  if (typeof value === "string") return { t: "str", v: value };
  if (typeof value === "boolean") return { t: "bool", v: value };
  if (typeof value === "number") return Number.isInteger(value) ? { t: "int", v: value } : { t: "double", v: value };
  if (Array.isArray(value)) return { t: "list", v: value.map((e) => fromJs(e) ?? { t: "str", v: "" }) };
  return undefined;
}

export function toJs(value: OValue): JsValue {
  return value.t === "list" ? value.v.map((e) => toJs(e) as string | number | boolean) : value.v;
}

// ---- configuration-level expansion ------------------------------------------------------------

/**
 * `$$` → `$`, `${env:NAME}` → the variable (the Collector's confmap expansion). A `$` that is
 * neither is refused: the Collector would try to expand it, so the generator must never write one.
 */
export function expandConfig(text: string, env: ReadonlyMap<string, string>): string {
  return text.replace(/\$\$|\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}|\$/g, (m, name: string | undefined) => {
    if (m === "$$") return "$";
    if (name === undefined) throw new Error(`unescaped $ in configuration text: ${text}`);
    return env.get(name) ?? "";
  });
}

// ---- tokens and syntax tree --------------------------------------------------------------------

type Token =
  | { k: "str"; v: string }
  | { k: "int"; v: number }
  | { k: "id"; v: string }
  | { k: "p"; v: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === " ") {
      i++;
    } else if (c === '"') {
      let out = "";
      i++;
      while (src[i] !== '"') {
        if (i >= src.length) throw new Error("unterminated string");
        if (src[i] === "\\") {
          const e = src[i + 1]!;
          if (e === "n") out += "\n";
          else if (e === "r") out += "\r";
          else if (e === "t") out += "\t";
          else if (e === "u") {
            out += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
            i += 4;
          } else out += e;
          i += 2;
        } else {
          out += src[i];
          i++;
        }
      }
      i++;
      tokens.push({ k: "str", v: out });
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9]+/.exec(src.slice(i))!;
      tokens.push({ k: "int", v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i))!;
      tokens.push({ k: "id", v: m[0] });
      i += m[0].length;
    } else if (src.startsWith("==", i) || src.startsWith("!=", i)) {
      tokens.push({ k: "p", v: src.slice(i, i + 2) });
      i += 2;
    } else if ("()[],".includes(c)) {
      tokens.push({ k: "p", v: c });
      i++;
    } else {
      throw new Error(`unexpected ${c} in ${src}`);
    }
  }
  return tokens;
}

type Expr =
  | { e: "lit"; v: OValue | undefined }
  | { e: "path"; name: string; key?: string }
  | { e: "list"; items: Expr[] }
  | { e: "call"; name: string; args: Expr[] }
  | { e: "cmp"; op: "==" | "!="; a: Expr; b: Expr }
  | { e: "not"; a: Expr }
  | { e: "and" | "or"; a: Expr; b: Expr };

export interface Statement {
  readonly call: { name: string; args: Expr[] };
  readonly where?: Expr;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new Error("unexpected end");
    return t;
  }
  private expect(v: string): void {
    const t = this.next();
    if (t.v !== v) throw new Error(`expected ${v}, got ${String(t.v)}`);
  }
  private isP(v: string): boolean {
    const t = this.peek();
    return t?.k === "p" && t.v === v;
  }
  private isId(v: string): boolean {
    const t = this.peek();
    return t?.k === "id" && t.v === v;
  }

  statement(): Statement {
    const call = this.value();
    if (call.e !== "call") throw new Error("a statement is a call");
    let where: Expr | undefined;
    if (this.isId("where")) {
      this.next();
      where = this.or();
    }
    if (this.peek()) throw new Error("trailing tokens");
    return where ? { call, where } : { call };
  }

  condition(): Expr {
    const c = this.or();
    if (this.peek()) throw new Error("trailing tokens");
    return c;
  }

  private or(): Expr {
    let a = this.and();
    while (this.isId("or")) {
      this.next();
      a = { e: "or", a, b: this.and() };
    }
    return a;
  }
  private and(): Expr {
    let a = this.not();
    while (this.isId("and")) {
      this.next();
      a = { e: "and", a, b: this.not() };
    }
    return a;
  }
  private not(): Expr {
    if (this.isId("not")) {
      this.next();
      return { e: "not", a: this.not() };
    }
    if (this.isP("(")) {
      this.next();
      const inner = this.or();
      this.expect(")");
      return inner;
    }
    const a = this.value();
    if (this.isP("==") || this.isP("!=")) {
      const op = this.next().v as "==" | "!=";
      return { e: "cmp", op, a, b: this.value() };
    }
    return a;
  }

  private value(): Expr {
    const t = this.next();
    if (t.k === "str") return { e: "lit", v: { t: "str", v: t.v } };
    if (t.k === "int") return { e: "lit", v: { t: "int", v: t.v } };
    if (t.k === "p" && t.v === "[") {
      const items: Expr[] = [];
      while (!this.isP("]")) {
        items.push(this.value());
        if (this.isP(",")) this.next();
      }
      this.next();
      return { e: "list", items };
    }
    if (t.k === "id") {
      if (t.v === "nil") return { e: "lit", v: undefined };
      if (this.isP("(")) {
        this.next();
        const args: Expr[] = [];
        while (!this.isP(")")) {
          args.push(this.value());
          if (this.isP(",")) this.next();
        }
        this.next();
        return { e: "call", name: t.v, args };
      }
      if (this.isP("[")) {
        this.next();
        const key = this.next();
        if (key.k !== "str") throw new Error("map keys are strings");
        this.expect("]");
        return { e: "path", name: t.v, key: key.v };
      }
      return { e: "path", name: t.v };
    }
    throw new Error(`unexpected token ${String(t.v)}`);
  }
}

export function parseStatement(text: string): Statement {
  return new Parser(tokenize(text)).statement();
}

export function parseCondition(text: string): Expr {
  return new Parser(tokenize(text)).condition();
}

// ---- evaluation --------------------------------------------------------------------------------

/** The record a statement runs on: its attribute map, the context's cache and its named fields. */
export interface OttlRecord {
  attributes: Map<string, OValue>;
  readonly cache: Map<string, OValue>;
  /** `name`, `span.name`, `metric.name`. */
  readonly fields: ReadonlyMap<string, string>;
}

export interface Hashes {
  /** SHA-256 hex digest → the text that was hashed (to compare hashes by their input). */
  readonly preimages: Map<string, string>;
}

/** RE2 syntax of the emitted patterns → a JavaScript RegExp (`(?s)` becomes the `s` flag). */
export function re2(pattern: string, global = false): RegExp {
  let flags = "u";
  let source = pattern;
  if (source.startsWith("(?s)")) {
    source = source.slice(4);
    flags += "s";
  } else if (source.startsWith("^(?s)")) {
    source = "^" + source.slice(5);
    flags += "s";
  }
  if (source.includes("(?s)")) throw new Error(`unsupported inline flag in ${pattern}`);
  return new RegExp(source, global ? flags + "g" : flags);
}

/** Go's encoding/json float formatting (ES6 number-to-string rules); NaN/Inf are an error. */
function goJsonFloat(x: number): string {
  if (!Number.isFinite(x)) throw new Error("json: unsupported value");
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return x.toExponential().replace(/e([+-])0*(\d)/, "e$1$2");
  return String(x); // 'f' with the shortest digits: the same text as JavaScript in this range
}

function stringLike(v: OValue | undefined): string {
  if (v === undefined) return "<nil>";
  switch (v.t) {
    case "str":
      return v.v;
    case "int":
      return String(v.v);
    case "double":
      return goJsonFloat(v.v);
    case "bool":
      return v.v ? "true" : "false";
    case "list":
      return JSON.stringify(toJs(v));
  }
}

function equal(a: OValue | undefined, b: OValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if ((a.t === "int" || a.t === "double") && (b.t === "int" || b.t === "double")) return a.v === b.v;
  return a.t === b.t && a.v === b.v;
}

class Evaluator {
  constructor(
    private readonly record: OttlRecord,
    private readonly hashes: Hashes,
  ) {}

  private map(name: string): Map<string, OValue> {
    if (name === "attributes") return this.record.attributes;
    if (name === "cache") return this.record.cache;
    throw new Error(`no map ${name}`);
  }

  get(expr: Expr): OValue | OValue[] | undefined {
    switch (expr.e) {
      case "lit":
        return expr.v;
      case "path":
        if (expr.key !== undefined) return this.map(expr.name).get(expr.key);
        if (this.record.fields.has(expr.name)) return { t: "str", v: this.record.fields.get(expr.name)! };
        throw new Error(`no path ${expr.name}`);
      case "list":
        return expr.items.map((i) => this.get(i) as OValue);
      case "call":
        return this.converter(expr.name, expr.args);
      default:
        return { t: "bool", v: this.test(expr) };
    }
  }

  private str(expr: Expr): string {
    const v = this.get(expr);
    if (v === undefined || Array.isArray(v) || v.t !== "str") throw new Error("expected a string");
    return v.v;
  }

  private converter(name: string, args: Expr[]): OValue | undefined {
    const one = () => this.get(args[0]!) as OValue | undefined;
    const bool = (v: boolean): OValue => ({ t: "bool", v });
    switch (name) {
      case "Concat": {
        const items = this.get(args[0]!) as (OValue | undefined)[];
        return { t: "str", v: items.map(stringLike).join(this.str(args[1]!)) };
      }
      case "SHA256": {
        const text = this.str(args[0]!);
        const digest = createHash("sha256").update(text, "utf8").digest("hex");
        this.hashes.preimages.set(digest, text);
        return { t: "str", v: digest };
      }
      case "IsString":
        return bool(one()?.t === "str");
      case "IsInt":
        return bool(one()?.t === "int");
      case "IsDouble":
        return bool(one()?.t === "double");
      case "IsBool":
        return bool(one()?.t === "bool");
      case "IsList":
        return bool(one()?.t === "list");
      case "IsMatch": {
        const v = one();
        if (v === undefined) return bool(false);
        return bool(re2(this.str(args[1]!)).test(stringLike(v)));
      }
      default:
        throw new Error(`unknown converter ${name}`);
    }
  }

  test(expr: Expr): boolean {
    switch (expr.e) {
      case "and":
        return this.test(expr.a) && this.test(expr.b);
      case "or":
        return this.test(expr.a) || this.test(expr.b);
      case "not":
        return !this.test(expr.a);
      case "cmp": {
        const same = equal(this.get(expr.a) as OValue | undefined, this.get(expr.b) as OValue | undefined);
        return expr.op === "==" ? same : !same;
      }
      default: {
        const v = this.get(expr);
        if (v === undefined || Array.isArray(v) || v.t !== "bool") throw new Error("expected a boolean");
        return v.v;
      }
    }
  }

  /** Write to `attributes["k"]` / `cache["k"]`. */
  private assign(target: Expr, value: OValue): void {
    if (target.e !== "path" || target.key === undefined) throw new Error("set needs a map entry");
    this.map(target.name).set(target.key, value);
  }

  run(statement: Statement): void {
    if (statement.where && !this.test(statement.where)) return;
    const { name, args } = statement.call;
    switch (name) {
      case "set": {
        const value = this.get(args[1]!) as OValue | undefined;
        if (value !== undefined) this.assign(args[0]!, value); // set(…, nil) is a no-op
        return;
      }
      case "delete_key": {
        const map = args[0]!;
        if (map.e !== "path") throw new Error("delete_key needs a map");
        this.map(map.name).delete(this.str(args[1]!));
        return;
      }
      case "delete_matching_keys": {
        const map = args[0]!;
        if (map.e !== "path") throw new Error("needs a map");
        const re = re2(this.str(args[1]!));
        const m = this.map(map.name);
        for (const key of [...m.keys()]) if (re.test(key)) m.delete(key);
        return;
      }
      case "keep_keys": {
        const map = args[0]!;
        if (map.e !== "path") throw new Error("needs a map");
        const keep = new Set((this.get(args[1]!) as OValue[]).map((k) => stringLike(k)));
        const m = this.map(map.name);
        for (const key of [...m.keys()]) if (!keep.has(key)) m.delete(key);
        return;
      }
      case "replace_pattern": {
        const current = this.get(args[0]!) as OValue | undefined;
        if (current === undefined) return;
        if (current.t !== "str") throw new Error("replace_pattern needs a string");
        const replaced = current.v.replace(re2(this.str(args[1]!), true), this.str(args[2]!));
        this.assign(args[0]!, { t: "str", v: replaced });
        return;
      }
      default:
        throw new Error(`unknown editor ${name}`);
    }
  }
}

/** Run statements with `error_mode: ignore`: an erroring statement is skipped. Returns the errors. */
export function runStatements(statements: readonly Statement[], record: OttlRecord, hashes: Hashes): Error[] {
  const evaluator = new Evaluator(record, hashes);
  const errors: Error[] = [];
  for (const s of statements) {
    try {
      evaluator.run(s);
    } catch (error) {
      errors.push(error as Error);
    }
  }
  return errors;
}

export function conditionHolds(condition: Expr, record: OttlRecord): boolean {
  return new Evaluator(record, { preimages: new Map() }).test(condition);
}
