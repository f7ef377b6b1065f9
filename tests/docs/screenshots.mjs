// Remakes the docs' screenshots of the page and of the widgets whose
// pictures the e2e tests do not write into docs/ (run by hand after a
// `./weir dist`, then look at them):
//   node tests/docs/screenshots.mjs
// docs/screenshot.png (the page's tumbling demo), docs/widget-memory-calculator.png
// (the chapter's worked example), docs/advisor.png and docs/advisor-360.png
// (four answers). The factory's are bench/factory/screenshots.mjs's.
import { fileURLToPath } from "node:url";
import { WWW, guardedPage, launchBrowser } from "../e2e/helpers.mjs";
import { pageWith, serve } from "../e2e/widget-helpers.mjs";

const DOCS = fileURLToPath(new URL("../../docs/", import.meta.url));
const pages = {
  "/calc.html": pageWith(`<weir-memory-calculator sensors="10000" rate="100" message-bytes="100" window="10s"
    slide="1s" memory="16GB"></weir-memory-calculator>`),
  "/advisor.html": pageWith(`<weir-window-advisor goal="trend" need="10s" budget="16GB" late="seconds"
    calculator-href="https://weir.example.org/#memory"></weir-window-advisor>`),
};
const site = await serve(WWW, { pages });
const browser = await launchBrowser();
const ready = (page, sel) => page.waitForFunction((s) => document.querySelector(s)?.dataset.state === "ready", sel, { timeout: 60_000 });

async function shot(path, width, sel, file, colorScheme = "light") {
  const { page, context, problems } = await guardedPage(browser, { viewport: { width, height: 900 }, colorScheme });
  await page.goto(`${site.url}${path}`);
  await ready(page, sel);
  await page.waitForTimeout(500); // the charts' first draw after layout
  await page.locator(sel).screenshot({ path: `${DOCS}${file}` });
  console.log(`docs/${file}; problems: ${JSON.stringify(problems)}`);
  await context.close();
}

await shot("index.html", 900, "#tumbling-demo", "screenshot.png");
await shot("calc.html", 1280, "weir-memory-calculator", "widget-memory-calculator.png");
await shot("advisor.html", 1280, "weir-window-advisor", "advisor.png");
await shot("advisor.html", 360, "weir-window-advisor", "advisor-360.png");
await browser.close();
await site.close();
