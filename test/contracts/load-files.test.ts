import { describe, expect, it } from "vitest";
import { loadContractFiles, loadContractSet } from "../../contracts/load.js";
import { BASE } from "../helpers/shop-base.js";
import { writeFiles } from "../helpers/contract-files.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("loadContractFiles (in memory, as cordon diff reads a git ref)", () => {
  it("gives the same set and digest as the same files on disk", async () => {
    const dir = writeFiles(BASE);
    const onDisk = await loadContractSet(dir);
    const inMemory = await loadContractFiles(dir, Object.entries(BASE).map(([path, text]) => ({ path, bytes: bytes(text) })));
    expect(inMemory.findings).toEqual([]);
    expect(inMemory.set!.digest).toBe(onDisk.set!.digest);
    expect([...inMemory.set!.services.keys()]).toEqual([...onDisk.set!.services.keys()]);
  });

  it("applies the same guards: over-size, binary and non-YAML files", async () => {
    const result = await loadContractFiles("/virtual", [
      { path: "big.yaml", bytes: new Uint8Array(6 * 1024 * 1024).fill(0x61) },
      { path: "bin.yaml", bytes: new Uint8Array([0x61, 0, 0x62]) },
      { path: "notes.txt", bytes: bytes("not a contract") },
    ]);
    expect(result.set).toBeUndefined();
    expect(result.findings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual(["contract/yaml big.yaml#", "contract/yaml bin.yaml#"]);
  });
});
