//! Database migrations. The schema arrives with the server platform; until then this crate
//! only reserves its place in the workspace.
