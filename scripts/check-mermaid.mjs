// Parses Mermaid diagrams with Mermaid itself (the library GitHub renders
// them with), in a jsdom window. Each argument is a .mmd file holding one
// diagram, or a Markdown file whose ```mermaid blocks (if any) are each
// checked.
//
// usage: NODE_PATH=<dir with mermaid@11 and jsdom> node check-mermaid.mjs FILE...
// Exits 1 when a diagram does not parse.
import fs from "fs";
import { createRequire } from "module";
import path from "path";

// ES modules ignore NODE_PATH; resolve the packages through it by hand.
const require = createRequire(path.join(process.env.NODE_PATH || process.cwd(), "noop.js"));
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(require.resolve("mermaid"));
mermaid.initialize({ startOnLoad: false });

function diagrams(file) {
  const text = fs.readFileSync(file, "utf8");
  if (!file.endsWith(".md")) return [text];
  const out = [];
  const re = /^```mermaid\n([\s\S]*?)^```$/gm;
  for (let m; (m = re.exec(text)); ) out.push(m[1]);
  return out;
}

let checked = 0;
let bad = 0;
for (const file of process.argv.slice(2)) {
  const ds = diagrams(file);
  if (ds.length === 0 && !file.endsWith(".md")) {
    console.log(`${file}: error: no Mermaid diagram`);
    bad++;
  }
  for (const [i, d] of ds.entries()) {
    checked++;
    try {
      await mermaid.parse(d);
    } catch (e) {
      bad++;
      console.log(`${file}: diagram ${i + 1}: error: ${String(e.message || e).split("\n").slice(0, 3).join(" ")}`);
    }
  }
}
console.log(`mermaid: ${checked} diagram(s), ${bad} error(s)`);
process.exit(bad ? 1 : 0);
