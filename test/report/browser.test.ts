/**
 * The HTML report in a real browser (Debian's headless Chromium driven by playwright-core):
 * the DOM a reviewer sees, with every request the page makes recorded. Skips only when
 * Chromium is absent outside CI; in CI (.ci/run installs it) a missing browser fails.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyse } from "../../compiler/check.js";
import { buildReport } from "../../compiler/report/build.js";
import { SECTIONS, renderHtml } from "../../compiler/report/html.js";
import type { Report } from "../../compiler/report/model.js";
import { loadContractSet } from "../../contracts/load.js";
import type { ContractSet } from "../../contracts/model.js";
import { AS_OF } from "../helpers/check-files.js";
import { REPO } from "../helpers/cli.js";
import { HOSTILE, reportOf, violatingFiles } from "./fixture.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && !process.env.CI) {
  console.warn(`report browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium); in CI it runs`);
}

async function reportOfFolder(dir: string): Promise<{ set: ContractSet; report: Report }> {
  const loaded = await loadContractSet(dir);
  if (!loaded.set) throw new Error(`${dir} did not load: ${loaded.findings.map((f) => f.message).join("; ")}`);
  const report = buildReport(loaded.set, analyse(loaded.set, { asOf: AS_OF }), {
    version: "test",
    asOf: AS_OF,
    generatedAt: "2026-11-21T12:00:00.000Z",
    cwd: REPO,
  });
  return { set: loaded.set, report };
}

describe.skipIf(!available && !process.env.CI)("HTML report in headless Chromium", () => {
  let context: BrowserContext;
  const scratch = mkdtempSync(join(tmpdir(), "cordon-report-browser-"));

  beforeAll(async () => {
    context = await chromium.launchPersistentContext(join(scratch, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1440, height: 1000 },
    });
  });
  afterAll(async () => {
    await context?.close();
  });

  /** Open a report from a file:// URL; returns the page and every request it made. */
  async function open(report: Report, name: string) {
    const file = join(scratch, `${name}.html`);
    writeFileSync(file, await renderHtml(report));
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return { page, requests, url: pathToFileURL(file).href };
  }

  it("examples/shop: every section, one SVG node per service and sink, waived flow marked, no request", async () => {
    const { set, report } = await reportOfFolder(join(REPO, "examples/shop/contracts"));
    const { page, requests, url } = await open(report, "shop");

    for (const [id] of SECTIONS) {
      expect(await page.locator(`section#${id} > h2`).count(), id).toBe(1);
    }
    for (const service of set.services.keys()) {
      expect(await page.locator(`svg.flow-map [data-node="service:${service}"][data-kind="service"]`).count(), service).toBe(1);
    }
    for (const sink of set.sinks.keys()) {
      expect(await page.locator(`svg.flow-map [data-node="sink:${sink}"][data-kind="sink"]`).count(), sink).toBe(1);
    }
    expect(await page.locator("svg.flow-map [data-kind=service]").count()).toBe(set.services.size);
    expect(await page.locator("svg.flow-map [data-kind=sink]").count()).toBe(set.sinks.size);
    // the shop's one waiver (catalog -> search) shows on its edge and in the findings table
    expect(await page.locator(`svg.flow-map [data-edge="dependency:service:catalog->service:search"]`).getAttribute("data-status")).toBe("waived");
    expect(await page.locator(`#findings tr[data-state=waived]`).count()).toBe(report.summary.waived);
    // every node is inside the SVG's drawing area: the layout placed them all
    // (a string: the test's tsconfig has no DOM library)
    const outside = await page.evaluate(`(() => {
      const svg = document.querySelector("svg.flow-map");
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll("[data-node]")].filter((n) => {
        const r = n.getBoundingClientRect();
        return r.width === 0 || r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
      }).length;
    })()`);
    expect(outside).toBe(0);
    expect(requests).toEqual([url]);

    mkdirSync(join(REPO, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: join(REPO, "test-artifacts/report.png"), fullPage: true });
    await page.locator("#flow-map").screenshot({ path: join(REPO, "test-artifacts/report-map.png") });
    await page.close();
  });

  it("violations are red and marked, on the edges the findings are about", async () => {
    const { report } = await reportOf(violatingFiles());
    const { page, requests, url } = await open(report, "violations");
    const violations = page.locator(`svg.flow-map g.edge[data-status="violation"]`);
    const expected = report.flowGraph.edges.filter((e) => e.status === "violation").map((e) => e.id).sort();
    expect(expected.length).toBeGreaterThan(1);
    expect((await violations.evaluateAll((els) => els.map((e) => e.getAttribute("data-edge")))).sort()).toEqual(expected);
    const strokes = await page.evaluate(`[...document.querySelectorAll('svg.flow-map g.edge[data-status="violation"] path')].map((p) => getComputedStyle(p).stroke)`) as string[];
    expect(strokes).toHaveLength(expected.length);
    for (const stroke of strokes) expect(stroke).toBe("rgb(220, 38, 38)");
    expect(await page.locator(`svg.flow-map [data-node="service:checkout"]`).getAttribute("data-flagged")).toBe("true");
    expect(await page.locator(`#findings tr[data-state=violation]`).count()).toBe(report.summary.errors);
    expect(requests).toEqual([url]);
    await page.locator("#flow-map").screenshot({ path: join(REPO, "test-artifacts/report-violations.png") });
    await page.close();
  });

  it("hostile names and briefs stay text: no script runs, no element is injected, nothing is fetched", async () => {
    const { report } = await reportOf(violatingFiles(HOSTILE));
    const { page, requests, url } = await open(report, "hostile");
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    expect(await page.locator("script, img, iframe, a[href^=http]").count()).toBe(0);
    expect(await page.locator("#waivers").textContent()).toContain(`<script>alert("x")</script>`);
    expect(await page.locator("#tiers").textContent()).toContain(`<img src="https://evil.example/x.png"`);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});
