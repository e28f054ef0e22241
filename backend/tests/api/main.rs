//! The backend's one integration-test binary: every module below is a group of tests.

mod cli;
mod export;
