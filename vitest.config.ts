import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take the most CPU, longest first (measured: issue 15). On a fresh clone vitest
 * has no durations cached and starts the largest files first, which put these small-but-long
 * files last: one worker ran the oracle alone for minutes while the other sat idle. Starting
 * them first lets the short files fill the other worker. A file missing from the list only
 * loses its head start.
 */
const LONGEST_FIRST = [
  "test/runtime/oracle.test.ts",
  "test/runtime/property.test.ts",
  "test/contracts/hostile-folder.test.ts",
  "test/robustness/cli.property.test.ts",
  "test/robustness/api.property.test.ts",
  "test/codegen/generate.test.ts",
  "test/docs/commands.test.ts",
  "test/iac/cli.test.ts",
  "test/collector/validate.test.ts",
  "test/collector/property.test.ts",
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((path) => file.moduleId.endsWith(path));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep vitest's own order (cached durations, size)
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/fixtures/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // vitest's default is one worker fewer than the cores: on CI's 2 cores, one worker ran every
    // file in turn (CPU/wall 0.99 measured). The main process only schedules, so use them all.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: LongestFirst },
  },
});
