// "Export to Flink", shared by the widgets: a button that loads the wasm
// package with toFlinkSql (pkg-flink/, fetched on first use only: the
// page's default module leaves it out for size) and shows the exported
// program of each of the widget's current designs, with a Copy button and
// the exporter's notes.
import { loadFlinkExport } from "../weir.js";
import { h, nextId } from "./base.js";

/** Copies `text`: the async clipboard API, else a selected textarea and execCommand. */
export async function copyText(text, root) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h("textarea", { readonly: true, "aria-hidden": "true", style: "position:fixed;top:0;left:0;opacity:0;width:1px;height:1px" });
    area.value = text;
    root.append(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch { ok = false; }
    area.remove();
    return ok;
  }
}

/**
 * The button and its region for `host` (a WeirElement). `designs()` returns
 * the widget's current designs: [{ id, label, config, preface? }], where
 * `config` is a StreamEngine config and `preface` a line shown above the
 * script. Returns { element, refresh() }: `refresh()` re-exports when the
 * region is open (call it after the widget's config changes).
 */
export function flinkExportPanel(host, designs) {
  const id = nextId("weir-flink");
  // Announcements go to the widget's own polite live region (host.live).
  const status = h("p", { class: "muted flink-status" });
  let announce = true; // false while refreshing: the widget announces its own change
  const say = (text) => { status.textContent = text; if (announce && host.live) host.live.textContent = text; };
  const region = h("div", { id: `${id}-region`, class: "flink-export", role: "region", "aria-label": "Flink export", hidden: true });
  // SQL where Flink SQL can express the design (the exporter's default), or
  // always the DataStream program (Weir's side output and per-event watermark).
  const language = h("select", { id: `${id}-language`, class: "flink-language", onchange: () => show(true) },
    h("option", { value: "" }, "SQL where possible, else Java"),
    h("option", { value: "java" }, "DataStream Java"));
  const scripts = h("div", { class: "flink-scripts" });
  region.append(h("p", { class: "flink-language-row" }, h("label", { for: language.id }, "Language "), language), scripts);
  const button = h("button", {
    type: "button", class: "flink-export-button", "aria-controls": region.id, "aria-expanded": "false",
    onclick: () => (region.hidden ? show(true) : hide()),
  }, "Export to Flink");

  function hide() {
    region.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.textContent = "Export to Flink";
  }

  async function show(loud) {
    announce = loud;
    button.disabled = true;
    status.className = "muted flink-status";
    say("Loading the Flink exporter…");
    try {
      const toFlinkSql = await loadFlinkExport();
      const options = language.value ? { language: language.value } : undefined;
      scripts.replaceChildren(...designs().map((d) => script(d, toFlinkSql(d.config, options))));
      region.hidden = false;
      button.setAttribute("aria-expanded", "true");
      button.textContent = "Hide the Flink export";
      say("");
      if (loud && host.live) host.live.textContent = "Flink export shown below the button.";
      host.dataset.flinkExport = "ready";
    } catch (err) {
      say(`Export failed: ${err?.message ?? err}`);
      status.className = "error flink-status";
      host.dataset.flinkExport = "error";
    } finally {
      button.disabled = false;
    }
  }

  function script(d, out) {
    const lang = out.language === "sql" ? "Flink SQL" : "Flink DataStream Java";
    const copied = h("span", { class: "muted" });
    const copy = h("button", {
      type: "button", class: "copy-script", "aria-label": `Copy the ${lang} for ${d.label}`,
      onclick: async () => {
        const ok = await copyText(out.text, host.shadowRoot);
        copied.textContent = ok ? " Copied." : " Could not copy: select the text and copy it.";
        if (host.live) host.live.textContent = copied.textContent.trim();
      },
    }, "Copy");
    return h("details", { open: true, class: "flink-script", "data-design": d.id, "data-language": out.language },
      h("summary", {}, `${d.label}: ${lang}`),
      d.preface ? h("p", { class: "flink-preface" }, d.preface) : undefined,
      h("div", { class: "buttons" }, copy, copied),
      h("pre", { tabindex: "0", role: "region", "aria-label": `${lang} for ${d.label}` }, h("code", {}, out.text)),
      out.notes.length ? h("ul", { class: "flink-notes", "aria-label": "Notes" }, ...out.notes.map((n) => h("li", {}, n))) : undefined);
  }

  return {
    element: h("div", { class: "flink" }, h("style", {}, STYLE), h("div", { class: "buttons" }, button), status, region),
    refresh() { if (!region.hidden) show(false); },
  };
}

const STYLE = `
.flink-export pre { max-height: 22rem; overflow: auto; max-width: 100%; margin: .3rem 0; padding: .5rem;
  background: var(--_panel); border: 1px solid var(--_rule); border-radius: 4px; font-size: .8em; }
.flink-script { margin: .4rem 0; }
.flink-script summary { cursor: pointer; font-weight: 600; }
.flink-notes { font-size: .85em; color: var(--_muted); }
.flink-preface { font-weight: 600; }
.flink-language-row { margin: .3rem 0; }
/* Not the controls' 6.5em: the whole choice shows (it fits a phone's width). */
.flink-language { width: auto; max-width: 100%; }
`;
