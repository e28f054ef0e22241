//! scratch
fn main() {
    let text = resume_shared::sample::generated_resume(50, 20);
    let t = std::time::Instant::now();
    let n = 300;
    for _ in 0..n { let p = resume_shared::parse(&text).unwrap(); std::hint::black_box(resume_shared::to_markdown(&p.resume)); }
    println!("{:?} per iter, {} bytes, {} lines", t.elapsed() / n, text.len(), text.lines().count());
}
