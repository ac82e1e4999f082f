/**
 * From a NodeRef (file, document, YAML path) to a line and column. Scalars are pointed at
 * themselves; a mapping or sequence that sits under a key is pointed at its key (the line
 * a reader looks for); a path that does not exist is pointed at its deepest existing part.
 */
import type { Document, LineCounter, Node } from "yaml";
import type { Location } from "./finding.js";
import type { ContractSet, NodeRef } from "./model.js";
import { positionTrees, rangeAt } from "./fast-locate.js";
import { parseTrees } from "./yaml.js";
import { yamlLibrary } from "./yaml-library.js";

/** What locating needs of one file: its parsed documents and line table. */
export interface IndexedFile {
  readonly path: string;
  readonly text: string;
  readonly lineCounter: LineCounter;
  readonly documents: readonly Document.Parsed[];
  /** Position trees from the fast reader, or undefined when it declines the file. */
  readonly fast?: ReturnType<typeof positionTrees>;
  /** Offsets where lines start, for turning the fast reader's offsets into lines. */
  readonly lineStarts?: readonly number[];
}

/**
 * An IndexedFile whose YAML trees are parsed on first use (and then kept): only files that
 * something is located in pay for them. A class, not an object of closures and getters:
 * one is made per file of the set, and on 10,000 files the closures, accessor pairs and
 * dictionary-mode objects were a fifth of the heap the garbage collector had to copy.
 */
export function lazyIndexedFile(path: string, text: string, maxDepth: number, parsed?: ReturnType<typeof parseTrees>): IndexedFile {
  return new LazyIndexedFile(path, text, maxDepth, parsed);
}

class LazyIndexedFile implements IndexedFile {
  private trees: ReturnType<typeof parseTrees> | undefined;
  private fastTrees: { trees: ReturnType<typeof positionTrees> } | undefined;
  private starts: number[] | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
    private readonly maxDepth: number,
    parsed: ReturnType<typeof parseTrees> | undefined,
  ) {
    this.trees = parsed;
  }

  get lineStarts(): readonly number[] {
    return (this.starts ??= lineStartsOf(this.text));
  }

  get fast(): ReturnType<typeof positionTrees> {
    return (this.fastTrees ??= { trees: positionTrees(this.text) }).trees;
  }

  get lineCounter(): LineCounter {
    return this.parsedTrees().lineCounter;
  }

  get documents(): readonly Document.Parsed[] {
    return this.parsedTrees().documents;
  }

  private parsedTrees(): ReturnType<typeof parseTrees> {
    return (this.trees ??= parseTrees(this.text, this.maxDepth));
  }
}

/** Every parsed file of a set, by absolute path. */
export interface SourceIndex {
  readonly files: ReadonlyMap<string, IndexedFile>;
}

export interface LocateOptions {
  /** Point at the key even when the value is a scalar (e.g. an unknown property). */
  readonly atKey?: boolean;
}

/**
 * Always a Location: the node itself, else its deepest existing ancestor, else the top of
 * the file.
 */
export function locate(source: ContractSet | SourceIndex, ref: NodeRef, options: LocateOptions = {}): Location {
  if ("locate" in source) {
    const exact = source.locate(ref);
    if (exact) return exact;
    for (let n = ref.path.length - 1; n >= 0; n--) {
      const parent = source.locate({ ...ref, path: ref.path.slice(0, n) });
      if (parent) return parent;
    }
    return { file: ref.file, line: 1, column: 1 };
  }
  return locateIn(source, ref, options);
}

/** The node of `ref` if its whole path exists (ContractSet.locate), else undefined. */
export function locateExact(index: SourceIndex, ref: NodeRef, options: LocateOptions = {}): Location | undefined {
  // The fast locator answers for plain files; it declines (undefined trees) everything else.
  const file = index.files.get(ref.file);
  const tree = file?.fast?.[ref.doc];
  if (file?.lineStarts && tree) {
    const range = rangeAt(tree, ref.path, options.atKey ?? false);
    return range ? lineTableLocation(file, range[0], range[1]) : undefined;
  }
  const found = find(index, ref, options);
  return found.exact ? found.location : undefined;
}

/** The node of `ref`, else its deepest existing ancestor, else the top of the file. */
export function locateIn(index: SourceIndex, ref: NodeRef, options: LocateOptions = {}): Location {
  return find(index, ref, options).location;
}

function find(index: SourceIndex, ref: NodeRef, options: LocateOptions): { location: Location; exact: boolean } {
  const file = index.files.get(ref.file);
  const document = file?.documents[ref.doc];
  const top = { location: { file: ref.file, line: 1, column: 1 }, exact: false };
  if (!file || !document) return top;
  const found = rangeOf(document, ref.path, options.atKey ?? false);
  if (!found.range) return top;
  return { location: toLocation(file, found.range[0], found.range[1]), exact: found.exact };
}

/**
 * A Location for a raw character offset of a file (a syntax error, a control character),
 * through the line table alone (no YAML parse). The column is always within its line: an
 * offset past a line's last character (or past the end of the file) points at that last
 * character, since a frame can show nothing beyond it.
 */
export function locateOffset(file: Pick<IndexedFile, "path" | "text" | "lineStarts">, offset: number, end?: number): Location {
  const starts = file.lineStarts ?? lineStartsOf(file.text);
  const text = file.text;
  const at = (raw: number): [number, number] => {
    let position = Math.max(0, Math.min(raw, text.length));
    // Past the final newline is no line a frame shows: back onto the last line.
    if (position === text.length && position > 0 && text[position - 1] === "\n") position--;
    // At the end of a line (its newline, or the end of the file): back onto its last character.
    while (position > 0 && (position === text.length || text[position] === "\n" || text[position] === "\r") && text[position - 1] !== "\n") position--;
    const index = lineIndex(starts, position);
    return [index + 1, position - starts[index]! + 1];
  };
  const [line, column] = at(offset);
  if (end === undefined || end <= offset) return { file: file.path, line, column };
  const [endLine, endColumn] = at(end - 1);
  return { file: file.path, line, column, endLine, endColumn: endColumn + 1 };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The 0-based index of the line holding `offset` (binary search over line starts). */
function lineIndex(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

function toLocation(file: Pick<IndexedFile, "path" | "lineCounter">, start: number, end?: number): Location {
  const from = file.lineCounter.linePos(start);
  const location = { file: file.path, line: from.line, column: from.col };
  if (end === undefined || end <= start) return location;
  const to = file.lineCounter.linePos(end);
  return { ...location, endLine: to.line, endColumn: to.col };
}

type Range = readonly [number, number];

function rangeOf(
  document: Document.Parsed,
  path: readonly (string | number)[],
  atKey: boolean,
): { range: Range | undefined; exact: boolean } {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlLibrary();
  let node: unknown = document.contents;
  let keyNode: Node | undefined;
  let fallback: Range | undefined = nodeRange(node);
  let found = 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      keyNode = undefined;
      node = node.items[segment];
    } else {
      break;
    }
    found++;
    // A key with no value (`region:`) has nothing else to point at.
    fallback = nodeRange(node) ?? (keyNode ? nodeRange(keyNode) : fallback);
    if (!keyNode && !nodeRange(node)) break;
  }
  const exact = found === path.length;
  if (keyNode && (atKey || !isScalar(node) || !exact)) return { range: nodeRange(keyNode) ?? fallback, exact };
  return { range: nodeRange(node) ?? fallback, exact };
}

function nodeRange(node: unknown): Range | undefined {
  const range = (node as Node | null | undefined)?.range;
  if (!range) return undefined;
  return [range[0], range[1]];
}

/** A Location from offsets, through the file's line-start table (binary search). */
function lineTableLocation(file: IndexedFile, start: number, end: number): Location {
  const starts = file.lineStarts!;
  const at = (offset: number): [number, number] => {
    const index = lineIndex(starts, offset);
    return [index + 1, offset - starts[index]! + 1];
  };
  const [line, column] = at(start);
  if (end <= start) return { file: file.path, line, column };
  const [endLine, endColumn] = at(end);
  return { file: file.path, line, column, endLine, endColumn };
}
