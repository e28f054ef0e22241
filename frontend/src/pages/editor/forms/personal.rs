//! The Personal section's form: contact, websites, visa, banner and note, read with
//! `GET /resumes/{id}/personal` and saved at once with `PUT` to the same route.

use leptos::prelude::*;
use resume_shared::api::resumes::PersonalResponse;
use resume_shared::resume::{Contact, Personal, Visa, Websites};

use super::fields::{FieldErrors, FieldProblem, area, optional, text};
use super::write::{FormError, FormWriter};
use crate::api::editing;
use crate::components::{BUTTON_PRIMARY, CARD, INPUT};

/// `personal` without empty groups (an empty `Websites` would write an empty heading).
#[must_use]
pub fn tidy(mut personal: Personal) -> Option<Personal> {
    if personal.websites.as_ref() == Some(&Websites::default()) {
        personal.websites = None;
    }
    if personal.visa.as_ref() == Some(&Visa::default()) {
        personal.visa = None;
    }
    if personal.contact.as_ref() == Some(&Contact::default()) {
        personal.contact = None;
    }
    (personal != Personal::default()).then_some(personal)
}

fn contact(p: &mut Personal) -> &mut Contact {
    p.contact.get_or_insert_with(Contact::default)
}

fn websites(p: &mut Personal) -> &mut Websites {
    p.websites.get_or_insert_with(Websites::default)
}

fn visa(p: &mut Personal) -> &mut Visa {
    p.visa.get_or_insert_with(Visa::default)
}

/// The Personal form.
#[component]
pub fn PersonalForm(
    /// How it writes.
    writer: FormWriter,
) -> impl IntoView {
    let state = writer.state;
    let draft = RwSignal::new(Personal::default());
    // Tidied once per read or save, not on every keystroke.
    let saved_personal = RwSignal::new(None::<Personal>);
    let errors = FieldErrors::new();
    let take = move |personal: Option<Personal>| {
        let _ = draft.try_set(personal.clone().unwrap_or_default());
        let _ = saved_personal.try_set(personal.and_then(tidy));
    };
    let id = state.id();
    writer.load(
        move || editing::get_personal(&id),
        move |fragment: PersonalResponse| take(fragment.personal),
    );
    state.track_form_changes("personal", move || {
        draft.with(|draft| saved_personal.with(|saved| tidy(draft.clone()) != *saved))
    });
    let save = move || {
        let personal = tidy(draft.get_untracked());
        if personal
            .as_ref()
            .and_then(|p| p.contact.as_ref())
            .is_some_and(|c| c.name.trim().is_empty())
        {
            let problem = FieldProblem {
                field: "personal-name",
                message: "The name is required when there is contact information.".to_owned(),
            };
            writer.error.set(Some(problem.message.clone()));
            errors.show(&[problem]);
            return;
        }
        errors.clear();
        writer.run(
            editing::update_personal(&state.id(), state.version(), personal),
            move |fragment: PersonalResponse| take(fragment.personal),
        );
    };
    let sponsorship =
        move || match draft.with(|p| p.visa.as_ref().and_then(|v| v.require_sponsorship)) {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        };
    view! {
        <section class=CARD aria-labelledby="personal-title" data-testid="personal-section">
            <h2 id="personal-title" class="text-lg font-semibold">"Personal"</h2>
            <form
                novalidate
                class="mt-3"
                data-testid="personal-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
            >
                <FormError error=writer.error testid="personal-error" />
                // Nothing can be typed before the section is read (it would be overwritten).
                <fieldset class="min-w-0" disabled=move || !writer.loaded.get() aria-busy=move || (!writer.loaded.get()).to_string()>
                <h3 class="mt-2 text-sm font-semibold text-slate-700">"Contact"</h3>
                <div class="mt-2 grid gap-3 sm:grid-cols-2">
                    {text(draft, errors, "personal-name", "Name", |p| p.contact.as_ref().map(|c| c.name.clone()).unwrap_or_default(), |p, v| contact(p).name = v, false)}
                    {optional(draft, "personal-email", "Email", |p| p.contact.as_ref().and_then(|c| c.email.clone()), |p, v| contact(p).email = v)}
                    {optional(draft, "personal-phone", "Phone", |p| p.contact.as_ref().and_then(|c| c.phone.clone()), |p, v| contact(p).phone = v)}
                    {optional(draft, "personal-location", "Location", |p| p.contact.as_ref().and_then(|c| c.location.clone()), |p, v| contact(p).location = v)}
                </div>
                <h3 class="mt-4 text-sm font-semibold text-slate-700">"Websites"</h3>
                <div class="mt-2 grid gap-3 sm:grid-cols-2">
                    {optional(draft, "personal-website", "Website", |p| p.websites.as_ref().and_then(|w| w.website.clone()), |p, v| websites(p).website = v)}
                    {optional(draft, "personal-linkedin", "LinkedIn", |p| p.websites.as_ref().and_then(|w| w.linkedin.clone()), |p, v| websites(p).linkedin = v)}
                    {optional(draft, "personal-github", "GitHub", |p| p.websites.as_ref().and_then(|w| w.github.clone()), |p, v| websites(p).github = v)}
                    {optional(draft, "personal-twitter", "Twitter", |p| p.websites.as_ref().and_then(|w| w.twitter.clone()), |p, v| websites(p).twitter = v)}
                </div>
                <h3 class="mt-4 text-sm font-semibold text-slate-700">"Visa"</h3>
                <div class="mt-2 grid gap-3 sm:grid-cols-2">
                    {optional(draft, "personal-authorization", "Work authorization", |p| p.visa.as_ref().and_then(|v| v.work_authorization.clone()), |p, v| visa(p).work_authorization = v)}
                    <div>
                        <label for="personal-sponsorship" class="block text-sm font-medium text-slate-800">"Requires sponsorship"</label>
                        <select
                            id="personal-sponsorship"
                            data-testid="personal-sponsorship"
                            class=format!("mt-1 {INPUT}")
                            prop:value=sponsorship
                            on:change=move |ev| {
                                let value = match event_target_value(&ev).as_str() {
                                    "yes" => Some(true),
                                    "no" => Some(false),
                                    _ => None,
                                };
                                draft.update(|p| visa(p).require_sponsorship = value);
                            }
                        >
                            <option value="">"Not stated"</option>
                            <option value="yes">"Yes"</option>
                            <option value="no">"No"</option>
                        </select>
                    </div>
                </div>
                <div class="mt-4 grid gap-3 sm:grid-cols-2">
                    {area(draft, "personal-banner", "Banner", |p| p.banner.clone(), |p, v| p.banner = v)}
                    {area(draft, "personal-note", "Note", |p| p.note.clone(), |p, v| p.note = v)}
                </div>
                <div class="mt-4">
                    <button type="submit" class=BUTTON_PRIMARY data-testid="personal-save" disabled=move || writer.blocked()>
                        "Save personal details"
                    </button>
                </div>
                </fieldset>
            </form>
        </section>
    }
}
