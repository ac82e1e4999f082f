#!/usr/bin/env node
/**
 * The `cordon` command line. Thin on purpose: parse flags, hand them to a command module
 * (loaded lazily so `check` never pays for TypeScript or the report's layout engine),
 * set the exit code. Exit codes (SPEC §2): 0 ok, 1 unwaived errors, 2 unreadable
 * contracts or a usage error.
 */
import { Command, CommanderError, Option } from "commander";
import { VERSION } from "./version.js";

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

type Handler = (options: Record<string, unknown>, args: string[]) => Promise<number>;

/** Import a command module only when its command runs. */
function lazy(load: () => Promise<{ run: Handler }>): (...a: unknown[]) => Promise<void> {
  return async (...a: unknown[]) => {
    // commander passes (...positionals, options, command)
    const command = a[a.length - 1] as Command;
    const options = command.opts();
    const positionals = a.slice(0, -2).map((x) => (Array.isArray(x) ? x.join(" ") : String(x ?? "")));
    const { run } = await load();
    process.exitCode = await run(options, positionals.filter((p) => p !== "undefined" && p !== ""));
  };
}

const contractsOption = () =>
  new Option("--contracts <dir>", "folder of contract YAML files").default("contracts");
/** `check` and `live-check` print findings in the same formats (SPEC §2, §6). */
const findingsFormatOption = () =>
  new Option("--format <format>", "output format").choices(["text", "json", "sarif", "github", "markdown"]).default("text");
const asOfOption = () =>
  new Option("--as-of <date>", "judge drills and waivers as of this date (YYYY-MM-DD; default today)");

export function createProgram(): Command {
  const program = new Command("cordon")
    .description("Policy and observability-contract compiler for TypeScript/Node.js organisations")
    .version(VERSION, "-v, --version")
    .showHelpAfterError("(run `cordon help` for usage)")
    .exitOverride();

  program
    .command("validate")
    .description("read and validate a contract set")
    .addOption(contractsOption())
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(lazy(() => import("./commands/validate.js")));

  program
    .command("check")
    .description("apply egress, residency, tier, waiver (and with --src, source) rules: the CI gate")
    .addOption(contractsOption())
    .option("--src [dirs...]", "scan TypeScript sources: every service's `source:` or the given folders")
    .option("--iac <files...>", "check the stores against Terraform JSON (`terraform show -json` of a plan or state)")
    .addOption(findingsFormatOption())
    .option("--out <file>", "write the output to a file instead of stdout")
    .option("--strict", "warnings fail the run too")
    .addOption(asOfOption())
    .action(lazy(() => import("./commands/check.js")));

  program
    .command("build")
    .description("generate the per-service telemetry modules (ts) or a Collector configuration")
    .addOption(contractsOption())
    .option("--out <dir>", "output folder", "generated")
    .addOption(new Option("--target <target>", "what to generate").choices(["ts", "collector"]).default("ts"))
    .option("--region <region>", "collector: write only the gateway of this region")
    .action(lazy(() => import("./commands/build.js")));

  program
    .command("report")
    .description("write the compliance report")
    .addOption(contractsOption())
    .option("--src [dirs...]", "include source findings")
    .option("--iac <files...>", "include the Terraform resources behind each store (`terraform show -json`)")
    .addOption(new Option("--format <format>", "report format").choices(["html", "md", "json"]).default("html"))
    .option("--out <file>", "write the report to a file instead of stdout")
    .addOption(asOfOption())
    .action(lazy(() => import("./commands/report.js")));

  program
    .command("diff")
    .description("what a change does to flows, tiers and classes, against a git ref")
    .requiredOption("--base <ref>", "git ref to compare with (e.g. origin/main)")
    .addOption(contractsOption())
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "markdown"]).default("text"))
    .option("--out <file>", "write the output to a file instead of stdout")
    .option("--fail-on-widening", "exit 1 when any flow becomes less restricted")
    .option("--iac <files...>", "Terraform plan JSON: regions the plan adds (planned vs prior state) show as new placements")
    .addOption(asOfOption())
    .action(lazy(() => import("./commands/diff.js")));

  program
    .command("live-check")
    .description("receive OTLP from running services and check it against the contracts (until stopped)")
    .addOption(contractsOption())
    .option("--listen <host:port>", "address of the OTLP/HTTP receiver", "127.0.0.1:4318")
    .option("--sink <name>", "stand in for this sink and report values that arrive raw where they may not (live/leak)")
    .option("--until-idle <seconds>", "stop after this many seconds without data (0: never)", "30")
    .option("--max-time <seconds>", "stop after this many seconds in all")
    .option("--max-findings <n>", "distinct findings kept in memory (more are counted, not kept)", "1000")
    .addOption(findingsFormatOption())
    .option("--out <file>", "write the output to a file instead of stdout")
    .option("--strict", "warnings fail the run too")
    .addOption(asOfOption())
    .action(lazy(() => import("./commands/live-check.js")));

  program
    .command("explain")
    .description("what a rule means and how to fix it; `cordon explain list` lists every rule")
    .argument("<rule>", "rule id (e.g. egress/raw-export), or `list` for every rule")
    .action(lazy(() => import("./commands/explain.js")));

  program
    .command("schema")
    .description("print the JSON Schema of contract files (for editors)")
    .option("--out <file>", "write the schema to a file instead of stdout")
    .action(lazy(() => import("./commands/schema.js")));

  program
    .command("init")
    .description("write a starter contract set")
    .argument("[dir]", "target folder", "contracts")
    .action(lazy(() => import("./commands/init.js")));

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end "with an error" of exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    // Never a stack trace: an internal error is reported plainly, exit 2.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`cordon: internal error: ${message}\n`);
    if (process.env.CORDON_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return EXIT_USAGE;
  }
}

// A reader that goes away (`cordon check | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw error;
  });
}

const code = await main(process.argv);
process.exitCode = code;
