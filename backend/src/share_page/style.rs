//! The look of the share pages: one small style sheet per template, inlined in the page's
//! `<style>` and allowed by the page's Content-Security-Policy by its SHA-256 hash (no
//! `'unsafe-inline'`, no script at all). The styles approximate the PDF templates: serif for
//! `classic`, sans-serif with an accent colour for `modern`, tight spacing for `compact`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use resume_shared::api::shares::ShareTemplate;
use sha2::{Digest as _, Sha256};

/// What every template shares: a readable column, the notices and the form.
const BASE: &str = "\
html{-webkit-text-size-adjust:100%}\
body{margin:0 auto;max-width:48rem;padding:2rem 1.25rem;color:#1f2328;background:#fff;line-height:1.5}\
h1{margin:0 0 .25rem}h2{margin:1.5rem 0 .5rem;font-size:1.15rem}h3{margin:.75rem 0 .1rem;font-size:1rem}\
p{margin:.25rem 0}ul{margin:.25rem 0;padding-left:1.25rem}\
.contact{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;color:#444}\
.meta{color:#555;font-size:.92em}.skills{font-size:.92em;color:#333}\
.banner{margin-top:.75rem}\
footer{margin-top:2rem;padding-top:1rem;border-top:1px solid #ddd}\
a{color:inherit}.download{font-weight:600}\
.notice{max-width:28rem;margin:3rem auto}.problem{color:#b42318;font-weight:600}\
form{display:flex;flex-direction:column;gap:.5rem;margin-top:1rem}\
input{font:inherit;padding:.5rem}button{font:inherit;padding:.5rem;cursor:pointer}\
@media print{footer{display:none}body{padding:0}}";

/// `modern`: sans-serif, an accent colour on the name and headings.
const MODERN: &str = "\
body{font-family:Inter,\"Helvetica Neue\",Arial,sans-serif}\
h1,h2{color:#2563eb}h2{border-bottom:2px solid #2563eb;padding-bottom:.15rem;text-transform:uppercase;letter-spacing:.04em;font-size:1rem}\
.company{color:#2563eb;font-weight:500}.company::before{content:\"· \"}";

/// `classic`: serif, centred header, ruled headings.
const CLASSIC: &str = "\
body{font-family:\"Libertinus Serif\",Georgia,\"Times New Roman\",serif;font-size:1.05rem}\
header{text-align:center}.contact{justify-content:center}\
h2{font-variant:small-caps;letter-spacing:.05em;border-bottom:1px solid #333;font-weight:600}\
.company{font-style:italic}.company::before{content:\", \"}";

/// `compact`: small type, tight spacing.
const COMPACT: &str = "\
body{font-family:Inter,Arial,sans-serif;font-size:.88rem;line-height:1.3;max-width:52rem}\
h1{font-size:1.5rem}h2{margin:.75rem 0 .25rem;font-size:.95rem;text-transform:uppercase;border-bottom:1px solid #999}\
h3{margin:.4rem 0 0;font-size:.9rem}p,ul{margin:.1rem 0}\
.company::before{content:\" — \"}";

/// The style sheet of `template`.
#[must_use]
pub fn css(template: ShareTemplate) -> String {
    let own = match template {
        ShareTemplate::Modern => MODERN,
        ShareTemplate::Classic => CLASSIC,
        ShareTemplate::Compact => COMPACT,
    };
    format!("{BASE}{own}")
}

/// The Content-Security-Policy of a page styled for `template`: nothing but that one inline
/// style sheet (by hash); forms post only to this origin; no frames, no base, no script.
#[must_use]
pub fn content_security_policy(template: ShareTemplate) -> String {
    let hash = STANDARD.encode(Sha256::digest(css(template).as_bytes()));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_template_has_its_own_sheet_and_hash() {
        let sheets: Vec<String> = ShareTemplate::ALL.into_iter().map(css).collect();
        assert!(sheets[1].contains("serif"));
        assert_ne!(sheets[0], sheets[1]);
        assert_ne!(sheets[1], sheets[2]);
        let policy = content_security_policy(ShareTemplate::Classic);
        assert!(policy.starts_with("default-src 'none'; style-src 'sha256-"));
        assert!(!policy.contains("unsafe"));
    }
}
