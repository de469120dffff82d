//! Fuzz free text through to the Markdown and Typst renderers. The input
//! (UTF-8) goes into every Markdown field of a small workspace (notes, risks,
//! requirements, explanations, the month's notes and next steps), then also
//! into every name and label; the weekly and monthly Markdown and Typst
//! sources are rendered through the library and must keep the structure of
//! the same documents made from plain values (`tests/it/structure.rs`, the
//! oracle the integration tests use too). A difference is a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../tests/it/minimal.rs"]
mod minimal;

#[path = "../../tests/it/structure.rs"]
mod structure;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A blank field is an absent one (its section is left out): nothing to compare.
    if text.trim().is_empty() {
        return;
    }
    for literal in [structure::PLAIN, text] {
        if let Err(e) = structure::compare(literal, text) {
            panic!("{e}");
        }
    }
});
