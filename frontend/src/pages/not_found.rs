//! The page for an unknown address.

use leptos::prelude::*;
use leptos_router::components::A;

use super::PageTitle;
use crate::components::LINK;
use crate::routes::Page;

/// "Page not found" with a way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <div data-testid="not-found" class="mx-auto max-w-md text-center">
            <PageTitle title="Page not found" subtitle="There is nothing at this address." />
            <A href=Page::Dashboard.path() {..} class=LINK>"Go to your resumes"</A>
        </div>
    }
}
