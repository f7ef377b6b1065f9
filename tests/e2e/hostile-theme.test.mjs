// The widgets on a hostile course theme (www/hostile-theme.html): the page's
// inherited text styles and its button reset do not reach inside the shadow
// roots; `theme` and the page's color-scheme (a class-based dark mode) pick
// light or dark, the `--weir-*` properties reach every colour; :disabled is
// styled; axe-core finds nothing serious at 1280 and 360 px, light and dark.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, screenshots, widgetSuite } from "./widget-helpers.mjs";

const suite = widgetSuite();
const open = (options = {}) => suite.open("hostile-theme.html", { viewport: { width: 1280, height: 900 }, ...options });

/** Computed `props` of the first `sel` inside `host`'s shadow root. */
const styleIn = (page, host, sel, props) => page.evaluate(([h, s, p]) => {
  const el = document.querySelector(h).shadowRoot.querySelector(s);
  const cs = getComputedStyle(el);
  return Object.fromEntries(p.map((k) => [k, cs[k]]));
}, [host, sel, props]);

const TEXT = ["textAlign", "textIndent", "letterSpacing", "wordSpacing", "textTransform", "whiteSpace", "fontStyle", "textShadow"];
const CLEAN = { textAlign: "start", textIndent: "0px", letterSpacing: "normal", wordSpacing: "0px",
  textTransform: "none", whiteSpace: "normal", fontStyle: "normal", textShadow: "none" };

test("the host's justified, indented, spaced, upper-case italic text and its button reset stay outside", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open();
  // The page really is hostile: its own paragraph is justified and indented.
  assert.deepEqual(await page.evaluate(() => {
    const cs = getComputedStyle(document.querySelector("main p"));
    return [cs.textAlign, cs.textIndent, cs.textTransform];
  }), ["justify", "38px", "uppercase"]);
  for (const host of ["#wt", "#et"]) {
    for (const sel of ["h3", "h4", ".field label", "button", ".status", "summary"]) {
      // (A button centres its label: the browser's own style, not the page's justify.)
      assert.deepEqual(await styleIn(page, host, sel, TEXT), { ...CLEAN, ...(sel === "button" ? { textAlign: "center" } : {}) }, `${host} ${sel}`);
    }
    // 15px/1.45 system-ui from the widget's own font, not Georgia 19px/3.
    const font = await styleIn(page, host, "h3", ["fontFamily", "lineHeight"]);
    assert.equal(font.fontFamily, "system-ui, sans-serif");
    const hostFont = await page.evaluate((h) => getComputedStyle(document.querySelector(h)).lineHeight, host);
    assert.equal(hostFont, "21.75px");
    // `button { all: unset }` on the page: the widget's buttons keep their border, padding and cursor.
    assert.deepEqual(await styleIn(page, host, ".buttons button", ["borderTopWidth", "paddingTop", "cursor", "display"]),
      { borderTopWidth: "1px", paddingTop: "3.75px", cursor: "pointer", display: "block" }); // a flex item; .25em of 15px
    // The page's 10 px root font size does not shrink the widget's spacing (.75em of 15px, not .75rem of 10px).
    assert.equal(await page.evaluate((h) => getComputedStyle(document.querySelector(h)).paddingTop, host), "11.25px");
  }
  // The page's own buttons are unset (so the test would see a leak).
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById("theme-toggle")).borderTopWidth), "0px");
  assert.deepEqual(problems, []);
  await context.close();
});

test("theme: the page's class-based dark mode, the theme attribute, the OS, and --weir-* overrides", { timeout: 60_000 }, async () => {
  // A dark OS, a light course page: the widgets are light (they follow the page first).
  const { page, context, problems } = await open({ colorScheme: "dark" });
  const bg = (h) => page.evaluate((sel) => getComputedStyle(document.querySelector(sel)).backgroundColor, h);
  const scheme = (h) => page.evaluate((sel) => document.querySelector(sel).dataset.scheme, h);
  const waitScheme = (h, want) => page.waitForFunction(([sel, w]) => document.querySelector(sel).dataset.scheme === w, [h, want]);
  assert.equal(await scheme("#wt"), "light");
  assert.equal(await bg("#wt"), "rgb(255, 255, 255)");
  assert.equal(await bg("#et"), "rgb(255, 255, 255)");
  // The page switches to its dark class (color-scheme: dark on <html>): both widgets follow.
  await page.click("#theme-toggle");
  await waitScheme("#wt", "dark");
  await waitScheme("#et", "dark");
  assert.equal(await bg("#wt"), "rgb(17, 20, 24)");
  assert.equal(await bg("#et"), "rgb(17, 20, 24)");
  // Sensor colours, the all-sensor window colour and the watermark switch too.
  assert.equal((await styleIn(page, "#wt", ".lane-label.key-0", ["fill"])).fill, "rgb(110, 168, 255)");
  assert.equal((await styleIn(page, "#wt", ".legend [data-legend=all-sensors] rect", ["stroke"])).stroke, "rgb(203, 213, 225)");
  assert.equal((await styleIn(page, "#et", "svg.timeline line.watermark", ["stroke"])).stroke, "rgb(196, 181, 253)");
  assert.equal((await styleIn(page, "#et", "h3", ["color"])).color, "rgb(230, 233, 237)");
  // theme="light" wins over the page's dark class.
  await page.evaluate(() => document.getElementById("wt").setAttribute("theme", "light"));
  await waitScheme("#wt", "light");
  assert.equal(await bg("#wt"), "rgb(255, 255, 255)");
  assert.equal((await styleIn(page, "#wt", ".lane-label.key-0", ["fill"])).fill, "rgb(9, 105, 218)");
  assert.equal(await scheme("#et"), "dark");
  // theme="dark" on a light page.
  await page.click("#theme-toggle");
  await waitScheme("#et", "light");
  await page.evaluate(() => document.getElementById("wt").setAttribute("theme", "dark"));
  await waitScheme("#wt", "dark");
  // Auto on a page that says nothing (color-scheme: normal): the OS decides, and is followed live.
  await page.evaluate(() => {
    document.getElementById("wt").removeAttribute("theme");
    document.documentElement.style.colorScheme = "normal";
  });
  await waitScheme("#wt", "dark");
  await waitScheme("#et", "dark");
  await page.emulateMedia({ colorScheme: "light" });
  await waitScheme("#et", "light");
  // The host's custom properties reach every colour, dark included.
  await page.emulateMedia({ colorScheme: "dark" });
  await waitScheme("#et", "dark");
  await page.evaluate(() => {
    const et = document.getElementById("et");
    et.style.setProperty("--weir-watermark", "rgb(1, 2, 3)");
    et.style.setProperty("--weir-late", "rgb(4, 5, 6)");
    et.style.setProperty("--weir-key-1", "rgb(7, 8, 9)");
    document.getElementById("wt").style.setProperty("--weir-key-all", "rgb(10, 11, 12)");
  });
  assert.equal((await styleIn(page, "#et", "svg.timeline line.watermark", ["stroke"])).stroke, "rgb(1, 2, 3)");
  assert.equal((await styleIn(page, "#et", ".tray", ["borderTopColor"])).borderTopColor, "rgb(4, 5, 6)");
  assert.equal((await styleIn(page, "#et", ".lane-label.key-1", ["fill"])).fill, "rgb(7, 8, 9)");
  assert.equal((await styleIn(page, "#wt", ".windows.tumbling .window rect, .legend [data-legend=all-sensors] rect", ["stroke"])).stroke, "rgb(10, 11, 12)");
  // A disabled control looks disabled.
  await page.evaluate(() => { document.getElementById("wt").shadowRoot.querySelector(".buttons button").disabled = true; });
  assert.deepEqual(await styleIn(page, "#wt", ".buttons button", ["opacity", "cursor", "borderTopStyle"]),
    { opacity: "0.55", cursor: "not-allowed", borderTopStyle: "dashed" });
  assert.deepEqual(problems, []);
  await context.close();
});

test("axe-core: nothing serious or critical on the hostile page at 1280 and 360 px, light and dark", { timeout: 120_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await open({ colorScheme });
    if (colorScheme === "dark") {
      await page.click("#theme-toggle");
      await page.waitForFunction(() => document.getElementById("et").dataset.scheme === "dark");
    }
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300); // the charts redraw on resize
      assert.deepEqual(await axeViolations(page), [], `axe, ${colorScheme}, ${width} px`);
    }
    await screenshots(page, `hostile-theme-${colorScheme}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
