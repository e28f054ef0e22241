//! Visual goldens: page 1 of the shared `complete` fixture in each design, rendered by
//! `typst-render` as the previews are, compared with `tests/goldens/<template>.png` pixel by
//! pixel in grey levels. A small tolerance absorbs rasteriser noise; a moved line, a changed
//! colour or a lost section does not pass. `UPDATE_GOLDENS=1` rewrites the goldens (review the
//! images before committing them). Page counts are checked for every fixture.

mod support;

use std::path::PathBuf;

use resume_documents::{ExportFormat, ExportOptions, Template, typeset};
use resume_shared::YearMonth;
use support::{Fixture, designs, fixtures};

/// Pixels per point of the goldens (36 dpi: small files, every line still visible).
const SCALE: f32 = 0.5;
/// The largest share of pixels whose grey level may differ by more than [`NOISE`].
const MAX_CHANGED: f64 = 0.002;
/// Grey-level differences up to this are rasteriser noise.
const NOISE: u8 = 48;

fn options(template: Template) -> ExportOptions {
    let today = YearMonth::new(2026, 12).expect("valid month");
    ExportOptions::with_template(ExportFormat::Pdf, template, today)
}

fn golden_path(template: Template) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/goldens")
        .join(format!("{template}.png"))
}

/// A PNG's size and grey levels.
fn grey(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buffer).expect("a frame");
    let channels = info.color_type.samples();
    let pixels = buffer[..info.buffer_size()]
        .chunks(channels)
        .map(|p| {
            let (r, g, b) = if channels >= 3 {
                (p[0], p[1], p[2])
            } else {
                (p[0], p[0], p[0])
            };
            let alpha = if channels == 4 || channels == 2 {
                p[channels - 1]
            } else {
                255
            };
            let luma = (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000;
            // Transparent pixels are the white page.
            let on_white = (luma * u32::from(alpha) + 255 * (255 - u32::from(alpha))) / 255;
            u8::try_from(on_white).unwrap_or(255)
        })
        .collect();
    (info.width, info.height, pixels)
}

#[test]
fn page_one_of_each_design_matches_its_golden_image() {
    let fixture = Fixture::from_file("../shared/tests/fixtures/resumes/valid/complete.md");
    for template in designs() {
        let png = typeset(&fixture.resume, &options(template))
            .expect("typesets")
            .png(0, SCALE)
            .expect("page 1");
        let path = golden_path(template);
        if std::env::var_os("UPDATE_GOLDENS").is_some() {
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("goldens folder");
            std::fs::write(&path, &png).expect("write the golden");
            continue;
        }
        let golden = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDENS=1 writes it)", path.display()));
        let (width, height, actual) = grey(&png);
        let (golden_width, golden_height, expected) = grey(&golden);
        assert_eq!(
            (width, height),
            (golden_width, golden_height),
            "{template}: page size"
        );
        let changed = actual
            .iter()
            .zip(&expected)
            .filter(|(a, e)| a.abs_diff(**e) > NOISE)
            .count();
        let share = changed as f64 / actual.len() as f64;
        assert!(
            share <= MAX_CHANGED,
            "{template}: {changed} pixels ({:.2} %) differ from {}",
            share * 100.0,
            path.display()
        );
    }
}

#[test]
fn a_changed_accent_is_seen_by_the_comparison() {
    // The tolerance must not hide a real change: the modern design in another accent differs.
    let fixture = Fixture::from_file("../shared/tests/fixtures/resumes/valid/complete.md");
    let render = |accent: &str| {
        let mut options = options(Template::Modern);
        options.design = options
            .design
            .apply(&resume_documents::DesignChoices {
                accent: Some(accent),
                ..Default::default()
            })
            .expect("valid accent");
        let png = typeset(&fixture.resume, &options)
            .expect("typesets")
            .png(0, SCALE)
            .expect("page");
        grey(&png).2
    };
    let (blue, yellow) = (render("#1f5f8b"), render("#f0e000"));
    let changed = blue
        .iter()
        .zip(&yellow)
        .filter(|(a, b)| a.abs_diff(**b) > NOISE)
        .count();
    assert!(
        changed as f64 / blue.len() as f64 > MAX_CHANGED,
        "{changed} pixels changed"
    );
}

#[test]
fn every_fixture_fits_its_expected_page_count() {
    for fixture in fixtures() {
        for template in designs() {
            let pages = typeset(&fixture.resume, &options(template))
                .expect("typesets")
                .pages();
            assert_eq!(pages, 1, "{} in {template}", fixture.name);
        }
    }
}
