/**
 * A runner for a composite action's steps with GitHub's semantics, so a test can run action.yml
 * the way a job does and read the job's result:
 *
 * - `if:` is an expression (`${{ }}` optional); one without a status function is
 *   `success() && (…)`. `success()` is true while no earlier step concluded `failure`,
 *   `failure()` the opposite, `always()` always.
 * - Expressions: literals, `a.b.c` paths (names may hold `-`), `==` `!=` `&&` `||` `!` and
 *   parentheses; `==` compares strings case-insensitively and, across types, as numbers
 *   (null and '' are 0), as GitHub's loose equality does, so a missing output `!= ''` is false.
 * - A `run:` step is `bash --noprofile --norc -eo pipefail` on the script (GitHub's `shell: bash`),
 *   in `working-directory` under the workspace, with `env:` evaluated, `GITHUB_OUTPUT` a fresh
 *   file whose `key=value` lines become the step's outputs.
 * - A `uses:` step calls the test's handler for that action (nothing else is emulated).
 * - A failing step's outcome is `failure`; its conclusion too, unless `continue-on-error`
 *   (then `success`). The job fails when any step concluded `failure`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface ActionStep {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string | boolean;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
  readonly "working-directory"?: string;
  readonly "continue-on-error"?: boolean | string;
}

export interface ActionDefinition {
  readonly inputs: Record<string, { default?: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly ActionStep[] };
}

export type Conclusion = "success" | "failure" | "skipped";

export interface StepRecord {
  readonly name: string;
  readonly outcome: Conclusion;
  readonly conclusion: Conclusion;
  readonly outputs: Record<string, string>;
  readonly exitCode?: number;
  readonly stderr?: string;
}

/** What a `uses:` handler gets: the step's evaluated `with:` and `env:`, and the run's contexts. */
export interface UsesCall {
  readonly with: Record<string, string>;
  readonly env: Record<string, string>;
  readonly workspace: string;
}
export type UsesHandler = (call: UsesCall) => Promise<{ ok: boolean; outputs?: Record<string, string> }>;

export interface RunOptions {
  readonly inputs: Record<string, string>;
  /** The `github` context (event_name, base_ref, token, action_path, …). */
  readonly github: Record<string, unknown>;
  readonly workspace: string;
  /** Handlers by action name without the ref (`github/codeql-action/upload-sarif`). */
  readonly uses: Record<string, UsesHandler>;
  /** Extra environment for `run:` steps (e.g. a PATH with stand-ins). */
  readonly env?: Record<string, string>;
}

export interface JobResult {
  readonly conclusion: "success" | "failure";
  readonly steps: readonly StepRecord[];
}

export async function runComposite(action: ActionDefinition, options: RunOptions): Promise<JobResult> {
  const inputs: Record<string, string> = {};
  const temp = mkdtempSync(join(tmpdir(), "cordon-runner-"));
  const contexts = { github: options.github, runner: { temp }, steps: {} as Record<string, unknown>, inputs };
  for (const [name, input] of Object.entries(action.inputs)) {
    inputs[name] = options.inputs[name] ?? substitute(input.default ?? "", contexts, () => true);
  }
  const records: StepRecord[] = [];
  const failed = () => records.some((r) => r.conclusion === "failure");
  const status = (fn: string): boolean => (fn === "always" ? true : fn === "failure" ? failed() : fn === "cancelled" ? false : !failed());

  for (const [index, step] of action.runs.steps.entries()) {
    const name = step.name ?? step.id ?? `step ${index}`;
    const condition = typeof step.if === "boolean" ? String(step.if) : (step.if ?? "");
    if (!shouldRun(condition, contexts, status)) {
      records.push({ name, outcome: "skipped", conclusion: "skipped", outputs: {} });
      if (step.id) contexts.steps[step.id] = { outcome: "skipped", conclusion: "skipped", outputs: {} };
      continue;
    }
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), contexts, status)]));
    let ok: boolean;
    let outputs: Record<string, string> = {};
    let exitCode: number | undefined;
    let stderr: string | undefined;
    if (step.run !== undefined) {
      if (step.shell !== "bash") throw new Error(`${name}: only shell: bash is emulated`);
      const cwd = resolve(options.workspace, substitute(step["working-directory"] ?? ".", contexts, status));
      const outputFile = join(temp, `output-${index}`);
      writeFileSync(outputFile, "");
      const scriptFile = join(temp, `script-${index}.sh`);
      writeFileSync(scriptFile, step.run);
      mkdirSync(cwd, { recursive: true });
      const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", scriptFile], {
        cwd,
        env: { ...process.env, ...options.env, ...env, GITHUB_OUTPUT: outputFile, GITHUB_WORKSPACE: options.workspace, RUNNER_TEMP: temp },
        encoding: "utf8",
        timeout: 120_000,
      });
      exitCode = run.status ?? -1;
      stderr = run.stderr;
      ok = exitCode === 0;
      outputs = parseOutputs(readFileSync(outputFile, "utf8"));
    } else if (step.uses !== undefined) {
      const action = step.uses.replace(/@.*$/, "");
      const handler = options.uses[action];
      if (!handler) throw new Error(`${name}: no handler for ${action}`);
      const withs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), contexts, status)]));
      const result = await handler({ with: withs, env, workspace: options.workspace });
      ok = result.ok;
      outputs = result.outputs ?? {};
    } else {
      throw new Error(`${name}: neither run nor uses`);
    }
    const continueOnError = String(step["continue-on-error"] ?? "false") === "true";
    const outcome: Conclusion = ok ? "success" : "failure";
    const conclusion: Conclusion = ok || continueOnError ? "success" : "failure";
    records.push({ name, outcome, conclusion, outputs, ...(exitCode !== undefined ? { exitCode } : {}), ...(stderr !== undefined ? { stderr } : {}) });
    if (step.id) contexts.steps[step.id] = { outcome, conclusion, outputs };
  }
  return { conclusion: failed() ? "failure" : "success", steps: records };
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]!);
      outputs[heredoc[1]!] = value.join("\n");
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return outputs;
}

type Status = (fn: string) => boolean;
type Contexts = Record<string, unknown>;

function shouldRun(condition: string, contexts: Contexts, status: Status): boolean {
  const expression = unwrap(condition.trim());
  if (expression === "") return status("success");
  const hasStatus = /\b(?:always|success|failure|cancelled)\s*\(/.test(expression);
  return truthy(evaluate(hasStatus ? expression : `success() && (${expression})`, contexts, status));
}

function unwrap(text: string): string {
  const m = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  return m ? m[1]!.trim() : text;
}

/** `${{ expr }}` inside a string, each replaced by its value as text. */
function substitute(text: string, contexts: Contexts, status: Status): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => {
    const value = evaluate(expr.trim(), contexts, status);
    return value === null || value === undefined ? "" : String(value);
  });
}

type Value = string | number | boolean | null | undefined | object;

function truthy(value: Value): boolean {
  return !(value === null || value === undefined || value === false || value === 0 || value === "" || Number.isNaN(value));
}

function toNumber(value: Value): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  if (typeof value === "string") return value.trim() === "" ? 0 : Number(value);
  return Number.NaN;
}

function looseEquals(a: Value, b: Value): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b && a !== null && b !== null && a !== undefined && b !== undefined) return a === b;
  return toNumber(a) === toNumber(b);
}

const TOKEN = /\s*(\|\||&&|==|!=|!|\(|\)|'(?:[^']|'')*'|-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*)/y;

function evaluate(expression: string, contexts: Contexts, status: Status): Value {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(expression);
    if (!m) {
      if (expression.slice(start).trim() === "") break;
      throw new Error(`cannot read expression at: ${expression.slice(start)}`);
    }
    tokens.push(m[1]!);
  }
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++]!;
  const or = (): Value => {
    let left = and();
    while (peek() === "||") {
      next();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): Value => {
    let left = equality();
    while (peek() === "&&") {
      next();
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const equality = (): Value => {
    let left = unary();
    while (peek() === "==" || peek() === "!=") {
      const op = next();
      const right = unary();
      left = op === "==" ? looseEquals(left, right) : !looseEquals(left, right);
    }
    return left;
  };
  const unary = (): Value => {
    if (peek() === "!") {
      next();
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): Value => {
    const token = next();
    if (token === "(") {
      const value = or();
      if (next() !== ")") throw new Error(`missing ) in ${expression}`);
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (/^-?\d/.test(token)) return Number(token);
    if (token === "true" || token === "false") return token === "true";
    if (token === "null") return null;
    if (peek() === "(") {
      next();
      if (next() !== ")") throw new Error(`only argument-less functions are emulated: ${token}`);
      return status(token);
    }
    let value: Value = contexts;
    for (const part of token.split(".")) value = value !== null && typeof value === "object" ? (value as Record<string, Value>)[part] : undefined;
    return value;
  };
  const value = or();
  if (pos !== tokens.length) throw new Error(`unexpected ${tokens[pos]} in ${expression}`);
  return value;
}
