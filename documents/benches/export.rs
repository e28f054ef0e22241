//! Export a generated resume of 50 roles and 20 projects (realistic field lengths, four
//! skills and four responsibility lines per role) through every template and format.
//! Budgets: each original DOCX layout under 5 ms; a designed PDF under 50 ms in-process (fonts
//! loaded once per process, before the measurement); a first-page thumbnail under 100 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use resume_documents::{ExportFormat, ExportOptions, Preset, Template, export, typeset};
use resume_shared::YearMonth;
use resume_shared::sample::generated_resume;

fn exports(c: &mut Criterion) {
    let source = generated_resume(50, 20);
    let resume = resume_shared::parse(&source).expect("valid").resume;
    let today = YearMonth::new(2026, 11).expect("valid month");
    let mut group = c.benchmark_group("export_50_roles_20_projects");
    for template in [Template::OriginalAts, Template::OriginalPlain] {
        for preset in Preset::ALL {
            let options = ExportOptions {
                preset,
                ..ExportOptions::with_template(ExportFormat::Docx, template, today)
            };
            group.bench_function(format!("docx/{template}/{preset}"), |b| {
                b.iter(|| export(black_box(&source), black_box(&resume), &options))
            });
        }
    }
    for template in [Template::Classic, Template::Modern, Template::Compact] {
        for format in [ExportFormat::Pdf, ExportFormat::Docx] {
            let options = ExportOptions::with_template(format, template, today);
            // The first render loads the fonts; the budget is per render after that.
            export(&source, &resume, &options).expect("renders");
            group.bench_function(format!("{format}/{template}"), |b| {
                b.iter(|| export(black_box(&source), black_box(&resume), &options))
            });
        }
        let options = ExportOptions::with_template(ExportFormat::Pdf, template, today);
        group.bench_function(format!("thumbnail/{template}"), |b| {
            b.iter(|| {
                let typeset = typeset(black_box(&resume), &options).expect("typesets");
                typeset.png(0, 0.5).expect("first page")
            })
        });
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
