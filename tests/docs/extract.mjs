// The Markdown side of the docs suite: which files are the docs, their
// fenced examples marked runnable, their links, and GitHub's heading slugs,
// so that docs.test.mjs can run every example and resolve every link.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** README.md and every .md under docs/, as paths relative to the root. */
export function docFiles() {
  const out = ["README.md"];
  const walk = (dir) => {
    for (const ent of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const p = join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.name.endsWith(".md")) out.push(p);
    }
  };
  walk("docs");
  return out.sort();
}

/**
 * The fenced blocks of a Markdown text: { lang, run, code, line }. A block
 * is runnable when its info string's second word is `run` (```js run).
 */
export function fences(text) {
  const lines = text.split("\n");
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, marker, info] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = new RegExp(`^\\s*${marker[0]}{${marker.length},}\\s*$`).exec(lines[j]);
      if (close) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    const words = info.trim().split(/\s+/);
    out.push({ lang: words[0] ?? "", run: words[1] === "run", code: body.join("\n"), line: i + 1 });
    i = j;
  }
  return out;
}

/** The text outside fenced blocks, with each fenced line blanked (line numbers kept). */
function prose(text) {
  const lines = text.split("\n");
  let inFence = null;
  return lines.map((l) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(l);
    if (inFence) {
      if (m && m[1][0] === inFence[0] && m[1].length >= inFence.length && /^\s*[`~]+\s*$/.test(l)) inFence = null;
      return "";
    }
    if (m) {
      inFence = m[1];
      return "";
    }
    return l;
  });
}

/** Every link and image target in the prose: { target, line }. Inline code is skipped. */
export function links(text) {
  const out = [];
  prose(text).forEach((l, i) => {
    const bare = l.replace(/(`+)[^`]*?\1/g, "");
    for (const m of bare.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      out.push({ target: m[1], line: i + 1 });
    }
    for (const m of bare.matchAll(/<(?:a|img)\s[^>]*?(?:href|src)="([^"]+)"/g)) out.push({ target: m[1], line: i + 1 });
  });
  return out;
}

/**
 * GitHub's anchor for a heading text: links and code marks dropped (their
 * text kept), lower case, everything but letters, digits, spaces, hyphens
 * and underscores removed, each space a hyphen. Headings here use no raw
 * HTML and no _emphasis_ (GitHub would drop both).
 */
export function slug(heading) {
  return heading
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors a Markdown text defines: heading slugs (with GitHub's -1, -2 for repeats) and id/name attributes. */
export function anchors(text) {
  const seen = new Map();
  const out = new Set();
  for (const l of prose(text)) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(l);
    if (h) {
      const base = slug(h[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of l.matchAll(/<a\s[^>]*?(?:id|name)="([^"]+)"/g)) out.add(m[1]);
  }
  return out;
}

/** Every runnable example of every doc file: { file, lang, code, line }. */
export function runnable() {
  return docFiles().flatMap((file) =>
    fences(readFileSync(join(ROOT, file), "utf8")).filter((f) => f.run).map((f) => ({ file, ...f })));
}

export const rel = (p) => relative(ROOT, p);
