/**
 * Found by test/robustness: the base of `cordon diff` was read out of git without following
 * symbolic links, while the work tree's loader follows a link to a file inside the folder
 * (SPEC §1). A set that keeps its tiers in `.shared/tiers.yaml` behind a `tiers.yaml` link
 * read at the base as a set without tiers: "does not validate, everything new", every flow a
 * widening. Now a link to a file inside the folder is read at the base as on disk; a link
 * out of the folder is still never followed (nothing outside is read, at any ref).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withContractsAt } from "../../compiler/diff/index.js";
import { REPO } from "../helpers/cli.js";
import { diffAgainstParent, git } from "./repo.js";

const SECRET = "ghp_DIFFlinkOUTnever0read";
const base = mkdtempSync(join(tmpdir(), "cordon-diff-links-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function repoWithLinkedTiers(): string {
  const repo = join(base, "repo");
  mkdirSync(repo);
  git(repo, "init", "-q");
  const contracts = join(repo, "contracts");
  cpSync(join(REPO, "examples/shop/contracts"), contracts, { recursive: true });
  mkdirSync(join(contracts, ".shared"));
  renameSync(join(contracts, "tiers.yaml"), join(contracts, ".shared", "tiers.yaml"));
  symlinkSync(".shared/tiers.yaml", join(contracts, "tiers.yaml"));
  writeFileSync(join(base, "outside.yaml"), `apiVersion: cordon/v1\nkind: Sink\nname: ${SECRET}\n`);
  symlinkSync(join(base, "outside.yaml"), join(contracts, "outside.yaml"));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "base");
  rmSync(join(contracts, "outside.yaml"));
  const tiers = join(contracts, ".shared", "tiers.yaml");
  writeFileSync(tiers, readFileSync(tiers, "utf8").replace("rto: 15m", "rto: 14m"));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "head");
  return repo;
}

describe("diff: links in the contracts folder at the base ref", () => {
  const repo = repoWithLinkedTiers();

  it("a link to a file inside the folder is read at the base as on disk: only the real change shows", async () => {
    const diff = await diffAgainstParent(repo);
    expect(diff.telemetry.added).toEqual([]);
    expect(JSON.stringify(diff.tiers)).toContain("14m");
    expect(diff.widenings).toEqual([]);
  });

  it("a link out of the folder is never followed at the base", async () => {
    const loaded = await withContractsAt(join(repo, "contracts"), "HEAD~1", (at) => at.loaded);
    expect(loaded?.set).toBeDefined();
    expect(JSON.stringify([...loaded!.set!.sinks.keys()])).not.toContain(SECRET);
  });
});
