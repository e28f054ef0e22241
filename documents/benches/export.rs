//! Export a generated resume of 50 roles and 20 projects (realistic field lengths, four
//! skills and four responsibility lines per role) through both DOCX layouts with both presets
//! and through the Markdown export. Budget: each DOCX export under 5 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use resume_documents::{ExportFormat, ExportOptions, Preset, export};
use resume_shared::YearMonth;
use resume_shared::sample::generated_resume;

fn exports(c: &mut Criterion) {
    let source = generated_resume(50, 20);
    let resume = resume_shared::parse(&source).expect("valid").resume;
    let today = YearMonth::new(2026, 11).expect("valid month");
    let mut group = c.benchmark_group("export_50_roles_20_projects");
    for format in [ExportFormat::DocxAts, ExportFormat::DocxPlain] {
        for preset in Preset::ALL {
            let options = ExportOptions {
                preset,
                ..ExportOptions::new(format, today)
            };
            group.bench_function(format!("{format}/{preset}"), |b| {
                b.iter(|| export(black_box(&source), black_box(&resume), &options))
            });
        }
    }
    let markdown = ExportOptions::new(ExportFormat::Markdown, today);
    group.bench_function("markdown/stored", |b| {
        b.iter(|| export(black_box(&source), black_box(&resume), &markdown))
    });
    let ranged = ExportOptions {
        from: YearMonth::new(2010, 1).ok(),
        ..markdown
    };
    group.bench_function("markdown/date_range", |b| {
        b.iter(|| export(black_box(&source), black_box(&resume), &ranged))
    });
    group.finish();
}

criterion_group!(benches, exports);
criterion_main!(benches);
