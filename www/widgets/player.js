// Step / play / pause over a widget's event stream, shared by
// <weir-window-types> and <weir-event-time>.
import { h } from "./base.js";

/**
 * The "Playback" button group: Play/Pause, Step, Rewind, then `extra`
 * buttons. The host says whether it has a stream (`ready()`), how long it
 * is (`length()`), how far it is pushed (`position()`) and how to move
 * (`seek(to)`). Step pushes 1/60 of the stream (from the start again once
 * at the end); Play steps every 150 ms (600 ms with prefers-reduced-motion)
 * until the end, starting over if already there; `stopped()` runs when
 * playback stops (the widgets announce the position then, not at each of
 * the 150 ms steps). The controls are plain buttons, so Tab, Enter and Space
 * work as for any button.
 * Returns { element, step, pause, playing }. Widgets keep the position
 * across a change of design with `keptPosition`, so the one model is: the
 * stream, a position in it, and the engines re-run to that position.
 */
export function player({ ready, length, position, seek, stopped }, ...extra) {
  let timer = null;
  const playButton = h("button", { type: "button", "aria-pressed": "false", onclick: () => (timer ? pause() : play()) }, "Play");
  const showPlaying = (on) => {
    playButton.textContent = on ? "Pause" : "Play";
    playButton.setAttribute("aria-pressed", String(on));
  };

  function step() {
    if (!ready()) return;
    const size = Math.max(1, Math.ceil(length() / 60));
    seek(position() >= length() ? size : position() + size);
  }

  function play() {
    if (!ready()) return;
    if (position() >= length()) seek(0);
    showPlaying(true);
    const reduced = matchMedia("(prefers-reduced-motion: reduce)").matches;
    timer = setInterval(() => {
      step();
      if (position() >= length()) pause();
    }, reduced ? 600 : 150);
  }

  function pause() {
    const was = timer !== null;
    clearInterval(timer);
    timer = null;
    showPlaying(false);
    if (was) stopped?.();
  }

  const element = h("div", { class: "buttons", role: "group", "aria-label": "Playback" },
    playButton,
    h("button", { type: "button", onclick: step }, "Step"),
    h("button", { type: "button", onclick: () => seek(0) }, "Rewind"),
    ...extra);
  return { element, step, pause, get playing() { return timer !== null; } };
}

/**
 * Where a re-run starts after a control changed the design: the same step
 * (`at` events pushed, clamped to the new stream), the end again when the
 * run was at the end, and 0 (rewound, "Press Play") on the first run.
 */
export function keptPosition(previous, length) {
  if (!previous) return 0;
  if (previous.at >= previous.length) return Infinity;
  return Math.min(previous.at, length);
}
