//! The server's modules depend downwards: no source file reaches, through its `crate::` and
//! `super::` paths, a file that reaches it back. The one exception is sea-orm's entities,
//! whose relations name each other by design (`db/entities/`). Route modules are leaves: none
//! imports another route module, and none writes the audit log (services and the audit
//! middleware do).
//!
//! The graph is read from the sources: every `crate::a::b` or `super::a` path outside comments
//! and test modules is an edge to the file that defines the longest module prefix of it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`routes/auth`, `` for the crate root) → source file.
fn modules(root: &Path) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).unwrap().with_extension("");
                let mut name = relative.to_string_lossy().replace('\\', "/");
                if let Some(parent) = name.strip_suffix("/mod") {
                    name = parent.to_owned();
                }
                if name == "lib" || name == "main" {
                    name = String::new();
                }
                found.insert(name, path);
            }
        }
    }
    found
}

/// The source without comment lines and without the trailing `#[cfg(test)] mod tests`.
fn code(source: &str) -> String {
    let source = source
        .find("#[cfg(test)]\nmod tests")
        .map_or(source, |at| &source[..at]);
    source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a source names after `prefix` (`crate::` or `super::`).
fn paths_after<'a>(code: &'a str, prefix: &str) -> Vec<&'a str> {
    code.match_indices(prefix)
        .filter(|(at, _)| {
            // `crate::` must not be the tail of another name (`resume_crate::`).
            !code[..*at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(at, _)| {
            let rest = &code[at + prefix.len()..];
            let end = rest
                .find(|c: char| {
                    !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == ':')
                })
                .unwrap_or(rest.len());
            rest[..end].trim_end_matches(':')
        })
        .collect()
}

/// The longest prefix of `path` (segments) that is a module.
fn resolve(modules: &BTreeMap<String, PathBuf>, mut segments: Vec<&str>) -> Option<String> {
    while !segments.is_empty() {
        let name = segments.join("/");
        if modules.contains_key(&name) {
            return Some(name);
        }
        segments.pop();
    }
    None
}

fn graph(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules(root);
    let mut edges = BTreeMap::new();
    for (name, file) in &modules {
        let code = code(&std::fs::read_to_string(file).unwrap());
        let is_dir_module = file.ends_with("mod.rs");
        let parent: Vec<&str> = if is_dir_module {
            name.split('/').collect()
        } else {
            let mut segments: Vec<&str> = name.split('/').collect();
            segments.pop();
            segments
        };
        let mut targets = BTreeSet::new();
        for path in paths_after(&code, "crate::") {
            targets.extend(resolve(&modules, path.split("::").collect()));
        }
        for path in paths_after(&code, "super::") {
            let mut base = parent.clone();
            if is_dir_module {
                base.pop();
            }
            base.extend(path.split("::").filter(|s| !s.is_empty()));
            targets.extend(resolve(&modules, base));
        }
        targets.remove(name);
        targets.remove("");
        edges.insert(name.clone(), targets);
    }
    edges
}

/// One cycle through `start`, if any (depth-first).
fn cycle_through(edges: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in edges.get(&node).into_iter().flatten() {
            if next == start {
                return Some(path);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_source_file_imports_one_that_imports_it_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut edges = graph(&root);
    // sea-orm's entities name each other in their relations.
    for (name, targets) in &mut edges {
        if name.starts_with("db/entities") {
            targets.retain(|target| !target.starts_with("db/entities"));
        }
    }
    assert!(edges.len() > 100, "the graph covers the sources");
    assert!(
        edges["app"].contains("routes") && edges["routes/auth"].contains("state"),
        "the graph sees imports"
    );
    let cycles: Vec<Vec<String>> = edges
        .keys()
        .filter_map(|name| cycle_through(&edges, name))
        .collect();
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn route_modules_import_no_other_route_module_and_write_no_audit_record() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = graph(&root);
    let routes: Vec<&String> = edges.keys().filter(|n| n.starts_with("routes/")).collect();
    assert!(routes.len() > 10, "the route modules are found");
    let family = |name: &str| name.split('/').nth(1).unwrap_or_default().to_owned();
    let crossing: Vec<(String, String)> = routes
        .iter()
        .flat_map(|name| {
            edges[*name]
                .iter()
                // (`super::*` in a module defined inside a route file reads as `routes`: not
                // an import of another route module.)
                .filter(|target| target.starts_with("routes/") && family(target) != family(name))
                .map(|target| ((*name).clone(), target.clone()))
        })
        .collect();
    assert!(
        crossing.is_empty(),
        "route modules importing others: {crossing:?}"
    );
    let auditing: Vec<&String> = routes
        .iter()
        .copied()
        .filter(|name| {
            let file = modules(&root)[*name].clone();
            code(&std::fs::read_to_string(file).unwrap()).contains("audit::record")
        })
        .collect();
    assert!(
        auditing.is_empty(),
        "route modules writing the audit log: {auditing:?}"
    );
}
