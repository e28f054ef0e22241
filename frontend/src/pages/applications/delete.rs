//! "Delete application", after a confirmation: the application and its timeline go; the resume
//! stays.

use leptos::prelude::*;

use super::Tracker;
use super::form::CHANGED_ELSEWHERE;
use crate::api::AuthedApi;
use crate::api::action::ApiAction;
use crate::components::BUTTON_SMALL_DANGER;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::state::Toasts;

/// The delete button of the panel and its confirmation.
#[component]
pub fn DeleteApplication(
    /// The resume whose application goes.
    resume_id: String,
    /// Its name, for the question.
    resume_name: String,
    /// The version the panel shows (a stale one is refused).
    version: i64,
    /// The page's shared state: the panel closes after the deletion.
    tracker: Tracker,
    /// The panel's message, for a refusal because it changed elsewhere.
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let api = AuthedApi::expect();
    let toasts = Toasts::expect();
    let asking = RwSignal::new(false);
    let delete = ApiAction::new(move |id: &String| {
        let id = id.clone();
        async move {
            match api.delete_application(&id, version).await {
                Ok(()) => {
                    toasts.success("Application deleted.");
                    tracker.close();
                    // The panel goes first: reloading while it is there would make it read
                    // the deleted application and answer after it is disposed.
                    leptos::task::tick().await;
                    tracker.changed();
                    return;
                }
                Err(error) if error.is("version_conflict") => {
                    let _ = notice.try_set(Some(CHANGED_ELSEWHERE.to_owned()));
                }
                Err(error) => toasts.api_error(&error),
            }
            let _ = asking.try_set(false);
            tracker.changed();
        }
    });
    let title = format!("Delete the application of “{resume_name}”?");
    view! {
        <div class="mt-4 border-t border-slate-200 pt-4">
            <button type="button" class=BUTTON_SMALL_DANGER data-testid="application-delete" on:click=move |_| asking.set(true)>
                "Delete application"
            </button>
            <Show when=move || asking.get()>
                <ConfirmDialog
                    title=title.clone()
                    confirm_label="Delete application"
                    pending=delete.pending()
                    testid="delete-application-dialog"
                    on_confirm={
                        let id = resume_id.clone();
                        Callback::new(move |()| delete.dispatch(id.clone()))
                    }
                    on_cancel=Callback::new(move |()| asking.set(false))
                >
                    <p>"Its status, dates, notes and timeline are deleted. The resume stays."</p>
                </ConfirmDialog>
            </Show>
        </div>
    }
}
