/**
 * The HTML report in a real browser (Debian's headless Chromium driven by playwright-core):
 * the DOM a reviewer sees, with every request the page makes recorded. Skips only when
 * Chromium is absent outside CI; in CI (.ci/run installs it) a missing browser fails.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
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

  /**
   * What a reviewer must see without scrolling sideways, in the page as laid out now: every
   * jurisdiction box, every violation edge with its numbered tag, the flows table's row for
   * each tag; `width` is the viewport (or the printable width of the paper).
   */
  async function fitsWidth(page: Page, width: number) {
    return (await page.evaluate(`(() => {
      const inside = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.left >= -0.5 && r.right <= ${width} + 0.5; };
      const all = (selector) => [...document.querySelectorAll(selector)];
      return {
        scrollWidth: document.documentElement.scrollWidth,
        jurisdictions: all("svg.flow-map g.jurisdiction").map((g) => [g.dataset.jurisdiction, inside(g.querySelector("rect"))]),
        violations: all('svg.flow-map g.edge[data-status="violation"]').map((g) => [g.dataset.edge, inside(g.querySelector("path")), g.querySelector(".edge-tag") ? inside(g.querySelector(".edge-tag")) : false]),
        tables: all("table").filter((t) => !inside(t)).map((t) => t.closest("section").id),
      };
    })()`)) as { scrollWidth: number; jurisdictions: [string, boolean][]; violations: [string, boolean, boolean][]; tables: string[] };
  }

  it("examples/shop-pr fits 1280 px and A4: every jurisdiction and every violation in view, tagged and explained", async () => {
    const { report } = await reportOfFolder(join(REPO, "examples/shop-pr/contracts"));
    const { page } = await open(report, "shop-pr");
    const violationEdges = report.flowGraph.edges.filter((e) => e.status === "violation").map((e) => e.id).sort();
    // the example pull request's violations reach the US: the jurisdiction that was off-screen
    expect(report.flowGraph.jurisdictions.map((j) => j.id).sort()).toEqual(["EU", "US"]);
    expect(violationEdges.length).toBeGreaterThanOrEqual(4);
    mkdirSync(join(REPO, "test-artifacts"), { recursive: true });

    // A4 landscape with 12 mm margins (the stylesheet's @page) prints 273 mm: 1032 CSS px.
    const A4_PRINTABLE = Math.floor((273 / 25.4) * 96);
    for (const [media, width] of [["screen", 1280], ["print", A4_PRINTABLE]] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ media });
      const fit = await fitsWidth(page, width);
      expect(fit.scrollWidth, media).toBeLessThanOrEqual(width);
      expect(fit.jurisdictions, media).toEqual([["EU", true], ["US", true]]);
      expect(fit.violations.map(([id]) => id).sort(), media).toEqual(violationEdges);
      for (const [id, pathInView, tagInView] of fit.violations) expect([id, pathInView, tagInView], media).toEqual([id, true, true]);
      expect(fit.tables, media).toEqual([]);
    }
    await page.emulateMedia({ media: "screen" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(REPO, "test-artifacts/report-shop-pr-1280.png"), fullPage: true });
    await page.locator("#flow-map").screenshot({ path: join(REPO, "test-artifacts/report-shop-pr-map-1280.png") });
    // printed as a reviewer prints it: print media, the stylesheet's @page (A4 landscape)
    await page.emulateMedia({ media: null });
    await page.pdf({ path: join(REPO, "test-artifacts/report-shop-pr-a4.pdf"), format: "A4", preferCSSPageSize: true, printBackground: true });

    // each tag on the map is the number of the flows-table row naming the edge's classes and rules
    const tags = (await page.evaluate(`[...document.querySelectorAll("svg.flow-map g.edge")].filter((g) => g.querySelector(".edge-tag")).map((g) => [g.dataset.edge, g.querySelector(".edge-tag").dataset.tag])`)) as [string, string][];
    expect(tags.length).toBe(report.flowGraph.edges.filter((e) => e.status === "violation" || e.status === "waived").length);
    for (const [edgeId, tag] of tags) {
      const edge = report.flowGraph.edges.find((e) => e.id === edgeId)!;
      const row = page.locator(`#flow-map table.flows tr[data-flow="${edgeId}"]`);
      expect(await row.locator("td.mark").textContent()).toBe(tag);
      const classes = (await row.locator("td.classes.raw code").allTextContents()).sort();
      expect(classes).toEqual([...edge.rawClasses].sort());
    }

    // violations marked in the inventory: each unwaived egress, store and dependency finding
    const unwaived = report.findings.filter((f) => !f.waived);
    for (const rule of ["egress/raw-export", "egress/weaker-redaction", "residency/store", "residency/dependency"]) {
      expect(unwaived.some((f) => f.rule === rule), rule).toBe(true);
      expect(await page.locator(`#inventory [data-state="violation"] .mark code`, { hasText: rule }).count(), rule).toBeGreaterThan(0);
    }
    expect(await page.locator(`#inventory [data-state="violation"]`).count()).toBeGreaterThan(0);

    // the findings table wraps at path separators: a rule id breaks after its "/" if at all,
    // never inside a word; no cell overflows
    expect(await page.locator("#findings td.rule .seg").count()).toBe(report.findings.length * 2);
    const split = (await page.evaluate(`[...document.querySelectorAll("#findings td.rule .seg")].filter((s) => s.getClientRects().length !== 1).map((s) => s.textContent)`)) as string[];
    expect(split).toEqual([]);
    const overflowing = (await page.evaluate(`[...document.querySelectorAll("#findings td")].filter((td) => td.scrollWidth > td.clientWidth + 1).length`)) as number;
    expect(overflowing).toBe(0);
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
