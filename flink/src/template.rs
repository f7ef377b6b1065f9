//! The one template filler the exporters use: the SQL script and the Java
//! program are text files (`flink/templates/`) with named placeholders, so
//! what a job looks like is read there, not pieced together in Rust.
//!
//! Syntax (a small subset of Mustache, line based):
//! - `{{name}}` inside a line is replaced by the value `name`;
//! - a line that is only `{{name}}` is a block: replaced by the value's
//!   lines, or removed when the value is empty;
//! - lines `{{#flag}}` ... `{{/flag}}` keep what is between them only when
//!   `flag` is true, `{{^flag}}` ... `{{/flag}}` only when it is false.
//!
//! Templates are compiled in, so a name the caller does not give is a bug in
//! this crate, not bad input: it is left as is (the tests look for `{{`).

/// The values and flags one template is filled with.
#[derive(Debug, Default)]
pub(crate) struct Vars {
    values: Vec<(&'static str, String)>,
    flags: Vec<(&'static str, bool)>,
}

impl Vars {
    /// Sets a value (for `{{name}}`).
    pub(crate) fn set(&mut self, name: &'static str, value: impl Into<String>) -> &mut Self {
        self.values.push((name, value.into()));
        self
    }

    /// Sets a flag (for `{{#name}}` and `{{^name}}` sections).
    pub(crate) fn flag(&mut self, name: &'static str, on: bool) -> &mut Self {
        self.flags.push((name, on));
        self
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    fn flag_of(&self, name: &str) -> Option<bool> {
        self.flags
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }
}

/// `line` (without its newline) as `{{<sigil>name}}`, if it is one.
fn tag(line: &str, sigil: char) -> Option<&str> {
    line.trim()
        .strip_prefix("{{")?
        .strip_suffix("}}")?
        .strip_prefix(sigil)
}

/// Replaces each inline `{{name}}` of `line` whose value is known.
fn substitute(out: &mut String, mut line: &str, vars: &Vars) {
    while let Some(open) = line.find("{{") {
        let Some(len) = line[open + 2..].find("}}") else {
            break;
        };
        let name = &line[open + 2..open + 2 + len];
        out.push_str(&line[..open]);
        match vars.value(name) {
            Some(v) => out.push_str(v),
            None => out.push_str(&line[open..open + 2 + len + 2]),
        }
        line = &line[open + 2 + len + 2..];
    }
    out.push_str(line);
}

/// `template` filled with `vars` (see the module docs for the syntax).
pub(crate) fn fill(template: &str, vars: &Vars) -> String {
    let mut out = String::with_capacity(template.len() + 1024);
    // Each open section: its name and whether its lines are kept.
    let mut open: Vec<(&str, bool)> = Vec::new();
    for line in template.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let shown = open.iter().all(|&(_, keep)| keep);
        if let Some(name) = tag(body, '#').or_else(|| tag(body, '^')) {
            let want = tag(body, '#').is_some();
            open.push((name, vars.flag_of(name) == Some(want)));
            continue;
        }
        if let Some(name) = tag(body, '/') {
            if open.last().is_some_and(|&(n, _)| n == name) {
                open.pop();
                continue;
            }
        }
        if !shown {
            continue;
        }
        let block = body
            .strip_prefix("{{")
            .and_then(|b| b.strip_suffix("}}"))
            .and_then(|name| vars.value(name));
        match block {
            Some("") => {}
            Some(v) => {
                out.push_str(v);
                if !v.ends_with('\n') {
                    out.push('\n');
                }
            }
            None => substitute(&mut out, line, vars),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_blocks_and_sections() {
        let mut v = Vars::default();
        v.set("name", "t")
            .set("cols", "  a,\n  b")
            .set("none", "")
            .flag("event", true)
            .flag("kafka", false);
        let t = "CREATE `{{name}}` (\n{{cols}}\n{{none}}\n{{#event}}\n  ts {{name}}\n{{/event}}\n{{^event}}\n  proc\n{{/event}}\n{{#kafka}}\n  kafka\n{{/kafka}}\n);\n";
        assert_eq!(fill(t, &v), "CREATE `t` (\n  a,\n  b\n  ts t\n);\n");
    }

    #[test]
    fn nested_sections_and_unknown_names() {
        let mut v = Vars::default();
        v.flag("a", true).flag("b", false);
        let t = "{{#a}}\nx\n{{^b}}\ny {{missing}}\n{{/b}}\n{{/a}}\n{{^a}}\nz\n{{/a}}\nend";
        assert_eq!(fill(t, &v), "x\ny {{missing}}\nend");
    }
}
