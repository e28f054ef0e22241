//! Form building blocks: a labelled text field with its error message, a submit button that
//! shows when it is working, and the message of a form that failed as a whole.

pub mod form_error;
pub mod submit_button;
pub mod text_field;

pub use form_error::FormError;
pub use submit_button::SubmitButton;
pub use text_field::TextField;
