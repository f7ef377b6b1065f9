//! `presetRules`: each preset's rule line, what it does not emulate and the
//! settings it sets, from the core's own definitions, so a page that runs
//! one stream under every preset words them as the core does (and knows
//! which settings a preset leaves to the page) without a copy in JavaScript.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use weir_core::engine::{Accumulation, Mode, Preset};

#[wasm_bindgen(typescript_custom_section)]
const PRESET_RULES_TS: &str = r#"
/** One preset as `presetRules()` describes it. */
export interface PresetRule {
  name: PresetName;
  /** Its rules in one sentence. */
  rule: string;
  /** What Weir does not emulate of that engine ("" when nothing). */
  notEmulated: string;
  /** The settings it sets (a field absent: left to the config); a config that gives one wins. */
  sets: {
    maxOutOfOrderness?: number;
    allowedLateness?: number;
    mode?: "watermark" | "every-event" | "final";
    accumulation?: "accumulating" | "discarding" | "retracting";
  };
}
"#;

/// Every preset, in the order the widgets show them.
#[wasm_bindgen(js_name = presetRules, unchecked_return_type = "PresetRule[]")]
pub fn preset_rules() -> Array {
    let set = |o: &Object, k: &str, v: JsValue| {
        // a data property on a fresh plain object: cannot throw
        let _ = Reflect::set(o, &JsValue::from_str(k), &v);
    };
    Preset::ALL
        .into_iter()
        .map(|p| {
            let (o, sets, d) = (Object::new(), Object::new(), p.defaults());
            set(&o, "name", p.name().into());
            set(&o, "rule", p.rule().into());
            set(&o, "notEmulated", p.not_emulated().into());
            if let Some(v) = d.max_out_of_orderness {
                set(&sets, "maxOutOfOrderness", (v as f64).into());
            }
            if let Some(v) = d.allowed_lateness {
                set(&sets, "allowedLateness", (v as f64).into());
            }
            if let Some(m) = d.mode {
                let name = match m {
                    Mode::Watermark => "watermark",
                    Mode::EveryEvent => "every-event",
                    Mode::Final => "final",
                };
                set(&sets, "mode", name.into());
            }
            if let Some(a) = d.accumulation {
                let name = match a {
                    Accumulation::Accumulating => "accumulating",
                    Accumulation::Discarding => "discarding",
                    Accumulation::Retracting => "retracting",
                };
                set(&sets, "accumulation", name.into());
            }
            set(&o, "sets", sets.into());
            JsValue::from(o)
        })
        .collect()
}
