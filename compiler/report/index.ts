/** `cordon report`: build the report's data once, render it as HTML, Markdown or JSON. */
export { buildReport, type ReportOptions } from "./build.js";
export { gitEvidence } from "./evidence.js";
export { renderHtml } from "./html.js";
export { renderJson } from "./json.js";
export { renderMarkdown } from "./markdown.js";
export type { Report } from "./model.js";

export type ReportFormat = "html" | "md" | "json";
