/** `cordon diff --base REF`: what a change to the contracts does. */
export { withContractsAt } from "./at-ref.js";
export { diffSnapshots, type DiffMeta } from "./diff.js";
export { GitError } from "./git.js";
export { formatDiffJson } from "./json.js";
export { DIFF_MARKER, formatDiffMarkdown } from "./markdown.js";
export type { DiffResult } from "./model.js";
export { EMPTY_SNAPSHOT, snapshotOf, type Snapshot } from "./snapshot.js";
export { formatDiffText } from "./text.js";

export type DiffFormat = "text" | "json" | "markdown";
