/**
 * `check --src DIR`: a folder that does not exist is a usage error (exit 2, a plain message),
 * never a silent pass; files that belong to no service are said so on stderr, not dropped quietly.
 */
import { describe, expect, it } from "vitest";
import { SourceUsageError } from "../../compiler/source/index.js";
import { cordon } from "../helpers/cli.js";
import { FIXTURES, scanFixture } from "./helpers.js";

describe("--src folders", () => {
  it("a folder that does not exist is a SourceUsageError naming it", async () => {
    const scan = scanFixture("nextjs", { srcDirs: ["apps/web/app/api/helth"], onNote: () => undefined });
    await expect(scan).rejects.toBeInstanceOf(SourceUsageError);
    await expect(scan).rejects.toThrow("--src apps/web/app/api/helth: no such file or folder");
  });

  it("files that belong to no service are noted, and only those", async () => {
    const notes: string[] = [];
    const onNote = (m: string) => notes.push(m);
    await scanFixture("nextjs", { srcDirs: ["apps/web/app/api"], onNote });
    expect(notes).toEqual([]);
    await scanFixture("nextjs", { srcDirs: ["apps/web/app"], onNote });
    expect(notes).toEqual(["--src apps/web/app: 1 of its 3 files belong to no service's `source:`, so not scanned (apps/web/app/page.tsx)"]);
    notes.length = 0;
    const { seen } = await scanFixture("nextjs", { srcDirs: ["apps/web/scripts"], onNote });
    expect(seen).toEqual([]);
    expect(notes).toEqual(["--src apps/web/scripts: its only file belongs to no service's `source:`, so not scanned (apps/web/scripts/seed.ts)"]);
  });

  it("the CLI: a missing folder exits 2 with the message and no stack trace; a foreign one warns on stderr", () => {
    const contracts = `${FIXTURES}/nextjs/contracts`;
    const missing = cordon(["check", "--contracts", contracts, "--src", `${FIXTURES}/nextjs/apps/nope`, "--as-of", "2026-11-21"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("apps/nope: no such file or folder");
    expect(missing.stderr).not.toMatch(/\n\s+at /);

    const foreign = cordon(["check", "--contracts", contracts, "--src", `${FIXTURES}/nextjs/apps/web/scripts`, "--as-of", "2026-11-21"]);
    expect(foreign.code).toBe(1); // the fixture's tier findings; nothing from the foreign folder
    expect(foreign.stdout).not.toContain("[source/");
    expect(foreign.stderr).toMatch(/^cordon: warning: --src .*apps\/web\/scripts: its only file belongs to no service's `source:`/);
  });
});
