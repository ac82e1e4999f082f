import { readFileSync, readdirSync } from "node:fs";
import { parseAllDocuments, LineCounter, Parser, Composer } from "yaml";
const D = "/tmp/cordon-bench-PZbYod/services";
const texts = readdirSync(D).map(f => readFileSync(D + "/" + f, "utf8"));
for (let r = 0; r < 3; r++) {
let t = performance.now();
for (const x of texts) parseAllDocuments(x, { lineCounter: new LineCounter(), uniqueKeys: false });
const a = performance.now() - t; t = performance.now();
for (const x of texts) { for (const tok of new Parser().parse(x)) {} }
const b = performance.now() - t; t = performance.now();
for (const x of texts) JSON.stringify(x);
console.log("parseAllDocuments", a.toFixed(0), "cst only", b.toFixed(0));
}
