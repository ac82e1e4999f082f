/**
 * Node positions from js-yaml's parse events, for locating findings without re-parsing
 * with `yaml` (which costs ~12× more on a large set where most files have a finding).
 *
 * js-yaml reports an "open" and a "close" event around every node it composes; a stack of
 * frames turns them into a tree of [start, end] offsets. The tree is only trusted when its
 * shape matches the data js-yaml produced (same keys in the same order, same lengths);
 * anything else — or a file the fast reader declines (see fast-yaml.ts) — returns undefined
 * and the caller uses the careful `yaml` locator. test/contracts/fast-locate.test.ts holds
 * both locators to the same answers.
 */
import { jsYamlLibrary } from "./yaml-library.js";
import { UNUSUAL } from "./fast-yaml.js";

export type Range = readonly [start: number, end: number];

interface Frame {
  start: number;
  end: number;
  kind: "scalar" | "mapping" | "sequence";
  /** Mappings: key, value, key, value…; sequences: items. */
  children: Frame[];
  /** The composed value (scalars: compared as strings when they are keys). */
  value: unknown;
}

interface OpenFrame {
  start: number;
  children: Frame[];
}

/** One tree per YAML document, or undefined when the fast reader cannot vouch for the file. */
export function positionTrees(text: string): Frame[] | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const stack: OpenFrame[] = [{ start: 0, children: [] }];
  const documents: unknown[] = [];
  try {
    const jsyaml = jsYamlLibrary();
    jsyaml.loadAll(text, (document) => documents.push(document), {
      schema: jsyaml.CORE_SCHEMA,
      listener(event, state) {
        if (event === "open") {
          stack.push({ start: state.position, children: [] });
          return;
        }
        const open = stack.pop()!;
        const kind = state.kind as Frame["kind"] | null;
        if (kind === null || state.result === undefined) return; // an attempt that read nothing
        // A node read through a block-mapping attempt (a scalar or flow collection as a
        // sequence item or on its own line) arrives wrapped in a frame of its own: unwrap it.
        const only = open.children.length === 1 ? open.children[0] : undefined;
        const frame: Frame =
          only && only.kind === kind && only.value === state.result
            ? only
            : { start: open.start, end: state.position, kind, children: open.children, value: state.result };
        stack[stack.length - 1]!.children.push(frame);
      },
    });
  } catch {
    return undefined;
  }
  const roots = stack[0]!.children;
  if (stack.length !== 1 || roots.length !== documents.length) return undefined;
  for (let i = 0; i < roots.length; i++) {
    if (!matches(roots[i]!, documents[i], text)) return undefined;
  }
  return roots;
}

/** Does the frame tree have exactly the shape of the data (and sensible offsets)? */
function matches(frame: Frame, data: unknown, text: string): boolean {
  frame.start = skipBlank(text, frame.start);
  if (frame.kind === "scalar") {
    frame.end = trimEnd(text, frame.start, frame.end);
    return (data === null || typeof data !== "object") && frame.children.length === 0 && frame.end > frame.start;
  }
  frame.end = trimEnd(text, frame.start, frame.end);
  if (frame.kind === "sequence") {
    if (!Array.isArray(data) || data.length !== frame.children.length) return false;
    return frame.children.every((child, i) => matches(child, data[i], text));
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return false;
  const keys = Object.keys(data);
  if (frame.children.length !== keys.length * 2) return false;
  return keys.every((key, i) => {
    const keyFrame = frame.children[2 * i]!;
    return (
      keyFrame.kind === "scalar" &&
      String(keyFrame.value) === key &&
      matches(keyFrame, key, text) &&
      matches(frame.children[2 * i + 1]!, (data as Record<string, unknown>)[key], text)
    );
  });
}

/** Past spaces, line breaks and comments: where a node's text really starts. */
function skipBlank(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else if (c === 35 /* # */ && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else break;
  }
  return i;
}

/** Back over trailing white space: where a node's text really ends. */
function trimEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && /\s/.test(text[i - 1]!)) i--;
  return i;
}

/**
 * The range to report for `path` (SPEC: the offending node): a scalar value itself; a
 * collection under a key, or anything with `atKey`, at its key. Undefined when the path
 * does not exist.
 */
export function rangeAt(tree: Frame, path: readonly (string | number)[], atKey: boolean): Range | undefined {
  let node = tree;
  let key: Frame | undefined;
  for (const segment of path) {
    if (node.kind === "mapping") {
      let at = -1;
      for (let i = 0; i < node.children.length; i += 2) {
        if (String(node.children[i]!.value) === String(segment)) {
          at = i;
          break;
        }
      }
      if (at < 0) return undefined;
      key = node.children[at]!;
      node = node.children[at + 1]!;
    } else if (node.kind === "sequence" && typeof segment === "number" && segment < node.children.length) {
      key = undefined;
      node = node.children[segment]!;
    } else {
      return undefined;
    }
  }
  const target = key && (atKey || node.kind !== "scalar") ? key : node;
  return [target.start, target.end];
}
