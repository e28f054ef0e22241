//! Export tests.
