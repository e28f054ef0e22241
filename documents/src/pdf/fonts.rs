//! The fonts embedded in the program (`documents/fonts/`, each with its licence there): the
//! two type families of the designs and the fallbacks that give every script real glyphs.
//! They are parsed once per process, on the first render.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The font files, in lookup order.
const FILES: [&[u8]; 14] = [
    include_bytes!("../../fonts/Inter-Regular.otf"),
    include_bytes!("../../fonts/Inter-Italic.otf"),
    include_bytes!("../../fonts/Inter-Bold.otf"),
    include_bytes!("../../fonts/Inter-BoldItalic.otf"),
    include_bytes!("../../fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("../../fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("../../fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("../../fonts/LibertinusSerif-BoldItalic.otf"),
    include_bytes!("../../fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../../fonts/NotoSansHebrew-Regular.ttf"),
    include_bytes!("../../fonts/NotoSansHebrew-Bold.ttf"),
    include_bytes!("../../fonts/NanumSquareR.ttf"),
    include_bytes!("../../fonts/DroidSansFallbackFull.ttf"),
];

/// The fallback families, in order, after the design's own family: Arabic, Hebrew, Korean
/// (NanumSquare), then Chinese and Japanese (Droid Sans Fallback).
pub(super) const FALLBACK_FAMILIES: [&str; 4] = [
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "NanumSquare",
    "Droid Sans Fallback",
];

/// The parsed fonts and their book.
pub(super) struct Fonts {
    /// Every face, indexed as the book indexes them.
    pub(super) faces: Vec<Font>,
    /// What Typst looks faces up in.
    pub(super) book: LazyHash<FontBook>,
}

/// The fonts, parsed on first use.
pub(super) static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let faces: Vec<Font> = FILES
        .iter()
        .flat_map(|file| Font::iter(Bytes::new(*file)))
        .collect();
    let book = FontBook::from_fonts(&faces);
    Fonts {
        faces,
        book: LazyHash::new(book),
    }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses_and_every_family_is_there() {
        assert_eq!(FONTS.faces.len(), FILES.len());
        let families: Vec<&str> = FONTS.book.families().map(|(name, _)| name).collect();
        for family in ["Inter", "Libertinus Serif"]
            .iter()
            .chain(FALLBACK_FAMILIES.iter())
        {
            assert!(
                families.iter().any(|f| f.eq_ignore_ascii_case(family)),
                "{family} missing from {families:?}"
            );
        }
    }
}
