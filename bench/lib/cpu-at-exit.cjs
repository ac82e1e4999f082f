// Preloaded by benchmarks (`node --require bench/lib/cpu-at-exit.cjs …`): at exit, the process's
// own CPU time on stderr, so a whole-process figure can be read apart from waiting for a busy
// machine's cores. One line: `cordon-bench-cpu <user µs> <system µs>`.
process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\ncordon-bench-cpu ${user} ${system}\n`);
});
