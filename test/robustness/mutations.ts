/**
 * Hostile inputs for the robustness properties: a real contract set (examples/shop, shop-pr, the
 * test fixtures) with a few random mutations applied. Every mutation is plain data (indices are
 * taken modulo what they index), so fast-check shrinks it and prints it readably, and
 * `applyMutations` replays it exactly.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, parseDocument, visit, type Document, type Node, type Scalar } from "yaml";

/** A contract set in memory: relative path → bytes. */
export type Files = Map<string, Buffer>;

/** What the value of a YAML node may be replaced with. */
const REPLACEMENTS = [
  "null",
  "true",
  "0",
  "-1",
  "1e309",
  "99999999999999999999999999999999999999",
  "0x7fffffffffffffffff",
  ".nan",
  "[]",
  "{}",
  '""',
  "2026-02-30",
  "2026-13-01",
  "0000-00-00",
  "EU-WEST-1",
  "Eu-West-1",
  "__proto__",
  "constructor",
  "toString",
  '"\\u0000nul"',
  '"\\t tab"',
  '"emoji 🦄 \\u202e rtl"',
  "999999999h",
  "-5m",
  "1.5.3s",
  "http://10.0.0.1:4318",
  "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
  "!!binary aGVsbG8=",
  "!custom-tag x",
  "*undefined_alias",
  '"<script>alert(1)</script><img src=x onerror=alert(1)>"',
  '"</code>|` [x](javascript:alert(1)) @everyone ${{ secrets.TOKEN }}"',
] as const;

export type Mutation =
  /** Structured edits of one YAML node (the n-th pair or item of the file). */
  | { readonly op: "delete-key"; readonly file: number; readonly node: number }
  | { readonly op: "retype"; readonly file: number; readonly node: number; readonly to: number }
  | { readonly op: "huge-string"; readonly file: number; readonly node: number; readonly length: number }
  | { readonly op: "deep-nesting"; readonly file: number; readonly node: number; readonly depth: number }
  | { readonly op: "swap-values"; readonly file: number; readonly node: number; readonly other: number }
  | { readonly op: "upper-case-value"; readonly file: number; readonly node: number }
  /** Swap two string scalars of one file: the YAML and mostly the schema stay valid, the meaning changes. */
  | { readonly op: "swap-strings"; readonly file: number; readonly node: number; readonly other: number }
  /** Text edits. */
  | { readonly op: "truncate"; readonly file: number; readonly at: number }
  | { readonly op: "insert-bytes"; readonly file: number; readonly at: number; readonly bytes: readonly number[] }
  | { readonly op: "bom"; readonly file: number }
  | { readonly op: "crlf"; readonly file: number }
  | { readonly op: "tabs"; readonly file: number }
  | { readonly op: "duplicate-line"; readonly file: number; readonly line: number }
  | { readonly op: "split-document"; readonly file: number; readonly line: number }
  | { readonly op: "append-document"; readonly file: number; readonly doc: number }
  | { readonly op: "empty"; readonly file: number }
  | { readonly op: "binary"; readonly file: number; readonly bytes: readonly number[] }
  /** Set-level edits. */
  | { readonly op: "copy-file"; readonly file: number }
  | { readonly op: "delete-file"; readonly file: number };

/** Whole documents appended to a file: bombs, merge keys, unknown kinds and versions. */
export const EXTRA_DOCUMENTS = [
  // billion laughs
  'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n',
  "apiVersion: cordon/v1\nkind: Sink\nbase: &base { name: merged, kind: otlp, endpoint: https://x.example, region: eu-west-1 }\n<<: *base\n",
  "apiVersion: cordon/v1\nkind: Gadget\nname: thing\n",
  "apiVersion: cordon/v2\nkind: Sink\nname: future\n",
  "apiVersion: cordon/v1\n",
  "kind: Service\n",
  "- just\n- a\n- list\n",
  "plain scalar\n",
  "apiVersion: cordon/v1\nkind: Service\nname: checkout\nowner: dup\ntier: tier-0\nregion: eu-west-1\n",
  "apiVersion: cordon/v1\nkind: Waiver\nrule: egress/raw-export\nsubject: '*'\nreason: all\nexpires: 2026-02-30\napproved_by: me\n",
  "&anchor apiVersion: cordon/v1\nkind: *anchor\n",
  "apiVersion: cordon/v1\nkind: DataClasses\nclasses:\n  - { name: personal, description: again }\n",
  "? [complex, key]\n: value\n",
  "apiVersion: cordon/v1\nkind: Residency\nregions:\n  EU-WEST-1: { jurisdiction: EU }\n",
] as const;

const nodeIndex = fc.nat({ max: 400 });
const fileIndex = fc.nat({ max: 40 });
const someBytes = fc.array(fc.oneof(fc.constantFrom(0x00, 0xff, 0xfe, 0xc3, 0x80, 0xed, 0xa0, 0x09, 0x0d, 0x0a, 0x22, 0x27, 0x3a, 0x2d, 0x26, 0x2a, 0x21, 0x7c, 0x3e), fc.nat({ max: 255 })), { minLength: 1, maxLength: 6 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("delete-key" as const), file: fileIndex, node: nodeIndex }),
  fc.record({ op: fc.constant("retype" as const), file: fileIndex, node: nodeIndex, to: fc.nat({ max: REPLACEMENTS.length - 1 }) }),
  fc.record({ op: fc.constant("huge-string" as const), file: fileIndex, node: nodeIndex, length: fc.constantFrom(300, 70_000) }),
  fc.record({ op: fc.constant("deep-nesting" as const), file: fileIndex, node: nodeIndex, depth: fc.constantFrom(70, 5_000) }),
  fc.record({ op: fc.constant("swap-values" as const), file: fileIndex, node: nodeIndex, other: nodeIndex }),
  fc.record({ op: fc.constant("upper-case-value" as const), file: fileIndex, node: nodeIndex }),
  fc.record({ op: fc.constant("swap-strings" as const), file: fileIndex, node: nodeIndex, other: nodeIndex }),
  fc.record({ op: fc.constant("truncate" as const), file: fileIndex, at: fc.nat({ max: 4000 }) }),
  fc.record({ op: fc.constant("insert-bytes" as const), file: fileIndex, at: fc.nat({ max: 4000 }), bytes: someBytes }),
  fc.record({ op: fc.constant("bom" as const), file: fileIndex }),
  fc.record({ op: fc.constant("crlf" as const), file: fileIndex }),
  fc.record({ op: fc.constant("tabs" as const), file: fileIndex }),
  fc.record({ op: fc.constant("duplicate-line" as const), file: fileIndex, line: fc.nat({ max: 200 }) }),
  fc.record({ op: fc.constant("split-document" as const), file: fileIndex, line: fc.nat({ max: 200 }) }),
  fc.record({ op: fc.constant("append-document" as const), file: fileIndex, doc: fc.nat({ max: EXTRA_DOCUMENTS.length - 1 }) }),
  fc.record({ op: fc.constant("empty" as const), file: fileIndex }),
  fc.record({ op: fc.constant("binary" as const), file: fileIndex, bytes: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 64 }) }),
  fc.record({ op: fc.constant("copy-file" as const), file: fileIndex }),
  fc.record({ op: fc.constant("delete-file" as const), file: fileIndex }),
);

/** Edits that mostly keep a set readable, so the rules past the loader see hostile meaning too. */
export const semanticMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("swap-strings" as const), file: fileIndex, node: nodeIndex, other: nodeIndex }),
  fc.record({ op: fc.constant("upper-case-value" as const), file: fileIndex, node: nodeIndex }),
  // markup in a free-text value (owner, description, reason): reports must escape it
  fc.record({ op: fc.constant("retype" as const), file: fileIndex, node: nodeIndex, to: fc.constant(REPLACEMENTS.length - 2) }),
  fc.record({ op: fc.constant("crlf" as const), file: fileIndex }),
  fc.record({ op: fc.constant("bom" as const), file: fileIndex }),
  fc.record({ op: fc.constant("split-document" as const), file: fileIndex, line: fc.nat({ max: 200 }) }),
);

/** Half the cases any edits (mostly unreadable sets), half edits that mostly keep the set readable. */
export const mutationsArb: fc.Arbitrary<Mutation[]> = fc.oneof(
  fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
  fc.array(semanticMutationArb, { minLength: 1, maxLength: 3 }),
);

/** Read a contracts folder into memory (sorted, so indices are stable). */
export function readSet(dir: string): Files {
  const files: Files = new Map();
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/** Apply mutations in order to a copy of `files`. */
export function applyMutations(original: Files, mutations: readonly Mutation[]): Files {
  const files: Files = new Map(original);
  for (const mutation of mutations) {
    const names = [...files.keys()];
    if (names.length === 0) break;
    const name = names[mutation.file % names.length]!;
    const bytes = files.get(name)!;
    const next = mutate(bytes, mutation, name, files);
    if (next === undefined) files.delete(name);
    else files.set(name, next);
  }
  return files;
}

function mutate(bytes: Buffer, m: Mutation, name: string, files: Files): Buffer | undefined {
  const text = bytes.toString("latin1"); // byte-preserving for the text edits
  switch (m.op) {
    case "delete-key":
    case "retype":
    case "huge-string":
    case "deep-nesting":
    case "swap-values":
    case "upper-case-value":
    case "swap-strings":
      return structured(bytes, m);
    case "truncate":
      return bytes.subarray(0, bytes.length === 0 ? 0 : m.at % bytes.length);
    case "insert-bytes": {
      const at = bytes.length === 0 ? 0 : m.at % bytes.length;
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    }
    case "bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case "crlf":
      return Buffer.from(text.replace(/\r?\n/g, "\r\n"), "latin1");
    case "tabs":
      return Buffer.from(text.replace(/^( {2})+/gm, (s) => "\t".repeat(s.length / 2)), "latin1");
    case "duplicate-line": {
      const lines = text.split("\n");
      const at = m.line % lines.length;
      lines.splice(at, 0, lines[at]!);
      return Buffer.from(lines.join("\n"), "latin1");
    }
    case "split-document": {
      const lines = text.split("\n");
      lines.splice(m.line % (lines.length + 1), 0, "---");
      return Buffer.from(lines.join("\n"), "latin1");
    }
    case "append-document":
      return Buffer.concat([bytes, Buffer.from(`\n---\n${EXTRA_DOCUMENTS[m.doc]!}`)]);
    case "empty":
      return Buffer.alloc(0);
    case "binary":
      return Buffer.from(m.bytes);
    case "copy-file":
      files.set(name.replace(/(\.ya?ml)?$/, "-copy$1"), bytes);
      return bytes;
    case "delete-file":
      return undefined;
  }
}

const DEEP = "DEEP-NESTING-PLACEHOLDER";

/** Edit the YAML tree (keeps comments and anchors); a file that does not parse is left as it is. */
function structured(bytes: Buffer, m: Extract<Mutation, { node: number }>): Buffer {
  const docs = parseAllDocuments(bytes.toString("utf8"), { uniqueKeys: false, strict: false });
  if (!Array.isArray(docs) || docs.length === 0 || docs.some((d) => d.errors.length > 0)) return bytes;
  // every pair of a mapping, and every item of a sequence, in document order
  const places: { doc: Document; parent: Node; key: unknown; node: unknown }[] = [];
  for (const doc of docs) visit(doc, {
    Pair(_, pair, path) {
      const parent = path[path.length - 1];
      if (isMap(parent)) places.push({ doc, parent, key: pair.key, node: pair.value });
    },
    Seq(_, seq) {
      seq.items.forEach((item, i) => places.push({ doc, parent: seq, key: i, node: item }));
    },
  });
  const print = () => docs.map((doc) => doc.toString({ lineWidth: 0 })).join("");
  if (places.length === 0) return bytes;
  if (m.op === "swap-strings") {
    const strings = places.filter((p) => isScalar(p.node) && typeof p.node.value === "string").map((p) => p.node as Scalar);
    if (strings.length < 2) return bytes;
    const a = strings[m.node % strings.length]!;
    const b = strings[m.other % strings.length]!;
    [a.value, b.value] = [b.value, a.value];
    return Buffer.from(print());
  }
  const place = places[m.node % places.length]!;
  const set = (value: unknown) => {
    if (isMap(place.parent)) {
      const pair = place.parent.items.find((p) => p.key === place.key);
      if (pair) pair.value = value as never;
    } else if (isSeq(place.parent)) place.parent.items[place.key as number] = value as never;
  };
  switch (m.op) {
    case "delete-key":
      if (isMap(place.parent)) place.parent.items = place.parent.items.filter((p) => p.key !== place.key);
      else if (isSeq(place.parent)) place.parent.items.splice(place.key as number, 1);
      break;
    case "retype":
      set(parseDocument(REPLACEMENTS[m.to]!, { strict: false }).contents);
      break;
    case "huge-string":
      set(place.doc.createNode("x".repeat(m.length)));
      break;
    case "deep-nesting":
      // a placeholder replaced as text: the printer would recurse through the nesting
      set(place.doc.createNode(DEEP));
      return Buffer.from(print().replace(DEEP, "[".repeat(m.depth) + "]".repeat(m.depth)));
    case "swap-values": {
      const other = places[m.other % places.length]!;
      const mine = place.node;
      set(other.node);
      if (isMap(other.parent)) {
        const pair = other.parent.items.find((p) => p.key === other.key);
        if (pair && isPair(pair)) pair.value = mine as never;
      } else if (isSeq(other.parent)) other.parent.items[other.key as number] = mine as never;
      break;
    }
    case "upper-case-value":
      if (isScalar(place.node) && typeof place.node.value === "string") place.node.value = place.node.value.toUpperCase();
      break;
  }
  try {
    return Buffer.from(print());
  } catch {
    return bytes; // e.g. an alias the edit orphaned: the printer refuses; keep the file
  }
}
