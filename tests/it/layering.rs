//! The top-level modules of `src/` are layered one way (ARCHITECTURE.md):
//! each may use only the modules below it in [`LAYERS`], so no import ever
//! runs in a circle. This test reads the sources (test code left out) and
//! names every `crate::` path that goes up or sideways.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom first. A module may use the modules before it, never one after it.
const LAYERS: &[&str] = &[
    "stats",
    "options",
    "expression",
    "config",
    "logging",
    "backends",
    "dhcp",
    "commands",
    "actors",
    "server_cli",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Files that are only compiled for tests: declared as `#[cfg(test)] mod name;`.
fn test_only_files(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(f).expect("source file");
        let dir = if f
            .file_name()
            .is_some_and(|n| n == "mod.rs" || n == "lib.rs")
        {
            f.parent().expect("parent").to_path_buf()
        } else {
            f.with_extension("")
        };
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for w in lines.windows(2) {
            if w[0] == "#[cfg(test)]" {
                if let Some(name) = w[1]
                    .strip_prefix("mod ")
                    .or_else(|| w[1].strip_prefix("pub mod "))
                    .and_then(|r| r.strip_suffix(';'))
                {
                    out.insert(dir.join(format!("{name}.rs")));
                    out.insert(dir.join(name).join("mod.rs"));
                }
            }
        }
    }
    out
}

/// Every top-level module named by a `crate::` path in `code`, with its line.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for part in inner.split(',') {
                    let m = part.trim().split("::").next().unwrap_or("").trim();
                    if !m.is_empty() {
                        out.push((i + 1, m.to_string()));
                    }
                }
            } else {
                let m: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push((i + 1, m));
            }
            rest = after;
        }
    }
    out
}

#[test]
fn top_level_modules_only_use_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let test_only = test_only_files(&files);
    let rank: BTreeMap<&str, usize> = LAYERS.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut seen_modules = BTreeSet::new();
    let mut violations = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).expect("under src");
        let first = rel.components().next().expect("component");
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if module == "lib" || module == "bin" || test_only.contains(f) {
            continue;
        }
        let Some(&me) = rank.get(module.as_str()) else {
            violations.push(format!(
                "src/{} belongs to top-level module `{module}`, which LAYERS (tests/it/layering.rs) does not place",
                rel.display()
            ));
            continue;
        };
        seen_modules.insert(module.clone());
        let text = std::fs::read_to_string(f).expect("source file");
        // In-file test modules come last; their imports do not count.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (line, used) in crate_paths(code) {
            if used == module {
                continue;
            }
            match rank.get(used.as_str()) {
                Some(&other) if other < me => {}
                Some(_) => violations.push(format!(
                    "src/{}:{line}: `{module}` uses `{used}`, which is not below it",
                    rel.display()
                )),
                // `crate::VERSION` and other items of lib.rs itself.
                None => {}
            }
        }
    }
    assert!(
        seen_modules.len() >= 6,
        "found only {seen_modules:?} under {}: is the source tree there?",
        src.display()
    );
    assert!(
        violations.is_empty(),
        "imports against the layering (bottom first: {LAYERS:?}):\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_layering_check_sees_grouped_and_plain_paths() {
    let found = crate_paths("use crate::{dhcp::x, config::{a, b}};\nlet v = crate::actors::y();");
    let names: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert!(names.contains(&"dhcp"), "{names:?}");
    assert!(names.contains(&"config"), "{names:?}");
    assert!(names.contains(&"actors"), "{names:?}");
}
