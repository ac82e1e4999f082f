import { it } from "vitest";
import { scanFixture } from "./helpers.js";
it("probe", async () => {
  const { seen, findings } = await scanFixture("p", {}, process.env.PROBE!);
  for (const [i, s] of seen.entries()) console.log(JSON.stringify(s), "\n   ", findings[i]!.message);
}, 60000);
