//! "Delete", after a confirmation: the letter and its revisions go; the page returns to the
//! list.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::AuthedApi;
use crate::api::action::ApiAction;
use crate::components::BUTTON_SMALL_DANGER;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::routes::Page;
use crate::state::Toasts;

/// The delete button and its confirmation; `deleted` is set before leaving the page, so the
/// unsaved-changes guard lets it go.
#[component]
pub fn DeleteLetter(
    /// The letter's id.
    letter_id: String,
    /// Its name, for the question.
    #[prop(into)]
    name: Signal<String>,
    /// Set once the letter is deleted.
    deleted: RwSignal<bool>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let navigate = use_navigate();
    let asking = RwSignal::new(false);
    let delete = ApiAction::new(move |id: &String| {
        let id = id.clone();
        let navigate = navigate.clone();
        async move {
            match api.delete_cover_letter(&id).await {
                Ok(()) => {
                    let _ = deleted.try_set(true);
                    toasts.success("Cover letter deleted.");
                    navigate(&Page::CoverLetters.path(), Default::default());
                }
                Err(error) => {
                    toasts.api_error(&error);
                    let _ = asking.try_set(false);
                }
            }
        }
    });
    view! {
        <div class="mt-6 border-t border-slate-200 pt-4">
            <button type="button" class=BUTTON_SMALL_DANGER data-testid="letter-delete" on:click=move |_| asking.set(true)>
                "Delete letter"
            </button>
            <Show when=move || asking.get()>
                <ConfirmDialog
                    title=format!("Delete “{}”?", name.get_untracked())
                    confirm_label="Delete letter"
                    pending=delete.pending()
                    testid="letter-delete-dialog"
                    on_confirm={
                        let id = letter_id.clone();
                        Callback::new(move |()| delete.dispatch(id.clone()))
                    }
                    on_cancel=Callback::new(move |()| asking.set(false))
                >
                    <p>"The letter and its revisions are deleted. The resume stays."</p>
                </ConfirmDialog>
            </Show>
        </div>
    }
}
