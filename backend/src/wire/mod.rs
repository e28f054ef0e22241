//! The wire layer: stored rows as the API's answers, one module per resource, and the lenient
//! readers of query parameters. Handlers call a service and hand its result to a function here;
//! nothing here writes. Times use the one timestamp form, `db::convert::timestamp` (below the
//! services, which write it into exports too).

pub mod applications;
pub mod cover_letters;
pub mod query;
pub mod resumes;
pub mod revisions;
pub mod sessions;
pub mod shares;
pub mod users;
