//! Parse and serialize a generated resume of 50 roles and 20 projects (budget: under 1 ms
//! for both together).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use resume_shared::sample::generated_resume;
use resume_shared::{parse, to_markdown};

fn markdown(c: &mut Criterion) {
    let text = generated_resume(50, 20);
    let resume = parse(&text).expect("valid").resume;
    let mut group = c.benchmark_group("markdown_50_roles_20_projects");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse", |b| b.iter(|| parse(black_box(&text))));
    group.bench_function("serialize", |b| b.iter(|| to_markdown(black_box(&resume))));
    group.bench_function("parse_and_serialize", |b| {
        b.iter(|| to_markdown(&parse(black_box(&text)).expect("valid").resume))
    });
    group.finish();
}

criterion_group!(benches, markdown);
criterion_main!(benches);
