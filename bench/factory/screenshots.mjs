// Screenshots of <weir-factory> for the README and docs/widgets/factory.md (docs/factory-1280.png,
// docs/factory-360.png): index.html at 1280 and 360 px, the factory run at
// 1,000 sensors x 10 Hz played 5x for a few seconds with a checkpoint.
//   node bench/factory/screenshots.mjs
import { fileURLToPath } from "node:url";
import { WWW, guardedPage, launchBrowser } from "../../tests/e2e/helpers.mjs";
import { serve } from "../../tests/e2e/widget-helpers.mjs";

const DOCS = fileURLToPath(new URL("../../docs/", import.meta.url));
const site = await serve(WWW);
const browser = await launchBrowser();
for (const width of [1280, 360]) {
  const { page, context, problems } = await guardedPage(browser, { viewport: { width, height: 900 } });
  await page.goto(`${site.url}#factory`);
  await page.waitForFunction(() => document.querySelector("weir-factory")?.dataset.state === "ready");
  await page.evaluate(() => {
    const f = document.querySelector("weir-factory");
    f.setAttribute("speed", "5");
    f.setAttribute("duration", "120s");
    f.setAttribute("seed", "11");
    f.start();
  });
  await page.waitForTimeout(7000);
  await page.evaluate(() => document.querySelector("weir-factory").checkpoint());
  await page.waitForTimeout(7000);
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.locator("weir-factory").screenshot({ path: `${DOCS}factory-${width}.png` });
  await page.evaluate(() => document.querySelector("weir-factory").stop());
  console.log(`docs/factory-${width}.png; sideways overflow ${over} px; problems: ${JSON.stringify(problems)}`);
  await context.close();
}
await browser.close();
await site.close();
