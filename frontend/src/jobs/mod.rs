//! Following a job of the server (a refinement, a cover letter draft) through its Server-Sent
//! Events stream: [`event_stream`] is the browser's connection, [`stages`] the stage list and
//! activity log made from the progress events, [`follower`] the connection kept up across
//! reconnections and resumed runs for any state that takes in the job's events.

pub mod event_stream;
pub mod follower;
pub mod stages;
