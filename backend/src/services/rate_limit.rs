//! The keyed rate limiter: every throttled action (logins, current-password checks,
//! registration, setup, LLM connection tests) counts its attempts here, per key, in the
//! database (`rate_limits`), so every server instance sees the same counts.
//!
//! An attempt is counted *before* the work it guards ([`acquire`]), in one transaction that
//! locks the key's row first (an upsert: a row lock on PostgreSQL, the database's write lock on
//! SQLite), reads the count, decides and writes it back. Concurrent attempts on one key are
//! therefore decided one after the other: a burst of parallel guesses cannot all read the same
//! count and all pass. When the attempt turns out not to count (a successful login, a server too
//! busy to verify), the caller gives it back ([`release`]) or forgets the key ([`clear`]).
//! A refused attempt is not counted, so hammering a limited key does not lengthen its wait.
//!
//! Two kinds of [`Policy`]:
//! - **a fixed window**: at most `allowed` attempts from the first counted one until `window`
//!   has passed; then a new window starts;
//! - **back-off**: `allowed` attempts freely, then each further one must wait
//!   [`Backoff::first`] after the last counted one, doubling per further attempt up to
//!   [`Backoff::max`]; the count is forgotten after `window` without a counted attempt. Nothing
//!   is ever locked for good, and a wait never exceeds `max`.
//!
//! The policies in use are in [`policy`]. Keys never hold what a client typed: they name a
//! user id, a keyed fingerprint of an unknown login name, or a client network
//! ([`address_subject`]).

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter as _, TransactionTrait as _,
};

use crate::db::entities::rate_limits;
use crate::services::ServiceError;

/// How many attempts a key allows, and how it recovers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Names the limit; the first part of every key stored for it.
    pub scope: &'static str,
    /// Attempts counted without any wait.
    pub allowed: u32,
    /// Fixed window: its length. Back-off: the quiet time after which the count is forgotten.
    pub window: Duration,
    /// `None` for a fixed window.
    pub backoff: Option<Backoff>,
}

/// Exponential back-off after a policy's free attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The wait before the first attempt over the allowance.
    pub first: Duration,
    /// The longest wait.
    pub max: Duration,
}

/// The policies of the application.
pub mod policy {
    use chrono::Duration;

    use super::{Backoff, Policy};

    /// Failed logins per account (or, for a name no account has, per fingerprint of that name)
    /// and client network: 5, then back-off from one minute to 15, forgotten after an hour
    /// without failures; a success clears it. Keyed on the client network too, so failures
    /// elsewhere never make the owner wait.
    pub static LOGIN_ACCOUNT: Policy = Policy {
        scope: "login.account",
        allowed: 5,
        window: Duration::hours(1),
        backoff: Some(Backoff {
            first: Duration::minutes(1),
            max: Duration::minutes(15),
        }),
    };
    /// Failed logins per client network, whatever the account: 20 in 15 minutes.
    pub static LOGIN_ADDRESS: Policy = Policy {
        scope: "login.address",
        allowed: 20,
        window: Duration::minutes(15),
        backoff: None,
    };
    /// Wrong current passwords per user on a password change: as for logins.
    pub static PASSWORD_CHECK: Policy = Policy {
        scope: "password.user",
        allowed: 5,
        window: Duration::hours(1),
        backoff: Some(Backoff {
            first: Duration::minutes(1),
            max: Duration::minutes(15),
        }),
    };
    /// Registration attempts per client network: 10 an hour.
    pub static REGISTER: Policy = Policy {
        scope: "register.address",
        allowed: 10,
        window: Duration::hours(1),
        backoff: None,
    };
    /// Setup attempts per client network: 10 in 15 minutes.
    pub static SETUP: Policy = Policy {
        scope: "setup.address",
        allowed: 10,
        window: Duration::minutes(15),
        backoff: None,
    };
    /// LLM connection tests per user: 10 in 10 minutes.
    pub static LLM_TEST: Policy = Policy {
        scope: "llm_test.user",
        allowed: 10,
        window: Duration::minutes(10),
        backoff: None,
    };
    /// Wrong passwords of a password-protected share link, per link and client network: as
    /// for logins (5, then back-off from one minute to 15, forgotten after an hour without
    /// failures); the right password clears it.
    pub static SHARE_PASSWORD: Policy = Policy {
        scope: "share.password",
        allowed: 5,
        window: Duration::hours(1),
        backoff: Some(Backoff {
            first: Duration::minutes(1),
            max: Duration::minutes(15),
        }),
    };
    /// Wrong second-factor codes per user (at login, and when a code confirms a change): as
    /// for logins (5, then back-off from one minute to 15, forgotten after an hour without
    /// failures); a right code clears it. Keyed on the user alone: the code is the one secret
    /// left to guess once the password is known, wherever the guesses come from.
    pub static SECOND_FACTOR: Policy = Policy {
        scope: "second_factor.user",
        allowed: 5,
        window: Duration::hours(1),
        backoff: Some(Backoff {
            first: Duration::minutes(1),
            max: Duration::minutes(15),
        }),
    };
    /// Every policy (maintenance forgets rows idle for longer than the longest window).
    pub static ALL: [&Policy; 8] = [
        &LOGIN_ACCOUNT,
        &LOGIN_ADDRESS,
        &PASSWORD_CHECK,
        &REGISTER,
        &SETUP,
        &LLM_TEST,
        &SHARE_PASSWORD,
        &SECOND_FACTOR,
    ];
}

/// Longest stored key, in bytes (the column's width).
const MAX_KEY_BYTES: usize = 255;

/// One limited thing: a policy and whom it counts (a user id, a fingerprint, a network).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    policy: &'static Policy,
    stored: String,
}

impl Key {
    /// The key of `subject` under `policy`. Subjects are ids and networks, never client text.
    #[must_use]
    pub fn new(policy: &'static Policy, subject: &str) -> Self {
        let mut stored = format!("{}:{subject}", policy.scope);
        if stored.len() > MAX_KEY_BYTES {
            let mut end = MAX_KEY_BYTES;
            while !stored.is_char_boundary(end) {
                end -= 1;
            }
            stored.truncate(end);
        }
        Self { policy, stored }
    }

    /// The key of the client network of `ip` (see [`address_subject`]) under `policy`.
    #[must_use]
    pub fn for_address(policy: &'static Policy, ip: Option<&str>) -> Self {
        Self::new(policy, &address_subject(ip))
    }

    /// The policy.
    #[must_use]
    pub const fn policy(&self) -> &'static Policy {
        self.policy
    }

    /// The key as stored (`scope:subject`); also what repeated audit events are grouped by.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.stored
    }
}

/// An attempt refused by a limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limited {
    /// The key whose limit refused it (the one with the longest wait when several did).
    pub key: Key,
    /// Seconds until an attempt on that key can be counted again (at least 1).
    pub retry_after_secs: u64,
}

/// Why [`acquire`] did not count an attempt.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    /// A limit is reached.
    #[error("rate limited ({}) for {} s", .0.key.as_str(), .0.retry_after_secs)]
    Limited(Limited),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<LimitError> for ServiceError {
    fn from(error: LimitError) -> Self {
        match error {
            LimitError::Limited(limited) => Self::RateLimited {
                retry_after_secs: limited.retry_after_secs,
            },
            LimitError::Db(error) => Self::Db(error),
        }
    }
}

/// The attempts [`acquire`] counted, to give back with [`release`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "an attempt that must not count has to be released"]
pub struct Ticket {
    keys: Vec<Key>,
}

/// A key's counters, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counter {
    /// Attempts counted in the window (back-off: since the count was last forgotten).
    pub hits: u32,
    /// When the window started.
    pub window_started_at: DateTime<Utc>,
    /// When the last attempt was counted.
    pub last_hit_at: DateTime<Utc>,
}

/// What a policy says about one more attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Count it; the counters become these.
    Admit(Counter),
    /// Refuse it; an attempt may be counted again after this long.
    Refuse(Duration),
}

/// Decides one more attempt at `now` on a key whose counters are `counter` (`None`: never seen).
pub(crate) fn decide(policy: &Policy, counter: Option<Counter>, now: DateTime<Utc>) -> Decision {
    let fresh = Counter {
        hits: 0,
        window_started_at: now,
        last_hit_at: now,
    };
    let counter = match counter {
        Some(counter) if !expired(policy, &counter, now) => counter,
        _ => fresh,
    };
    let admit = Decision::Admit(Counter {
        hits: counter.hits.saturating_add(1),
        window_started_at: counter.window_started_at,
        last_hit_at: now,
    });
    if counter.hits < policy.allowed {
        return admit;
    }
    match policy.backoff {
        None => Decision::Refuse(counter.window_started_at + policy.window - now),
        Some(backoff) => {
            let ready = counter.last_hit_at + backoff_wait(backoff, counter.hits - policy.allowed);
            if now >= ready {
                admit
            } else {
                Decision::Refuse(ready - now)
            }
        }
    }
}

fn expired(policy: &Policy, counter: &Counter, now: DateTime<Utc>) -> bool {
    let since = match policy.backoff {
        None => counter.window_started_at,
        Some(_) => counter.last_hit_at,
    };
    now >= since + policy.window
}

/// The wait before attempt number `allowed + excess + 1`: `first × 2^excess`, at most `max`.
fn backoff_wait(backoff: Backoff, excess: u32) -> Duration {
    2_i32
        .checked_pow(excess)
        .and_then(|factor| backoff.first.checked_mul(factor))
        .map_or(backoff.max, |wait| wait.min(backoff.max))
}

/// Whole seconds to announce in `Retry-After`: rounded up, at least 1.
fn retry_after_secs(wait: Duration) -> u64 {
    let millis = u64::try_from(wait.num_milliseconds()).unwrap_or(0);
    millis.div_ceil(1000).max(1)
}

/// Counts one attempt against every key, or against none when any key's limit is reached.
///
/// # Errors
/// [`LimitError::Limited`] naming the refusing key and the wait; database errors.
pub async fn acquire(
    db: &DatabaseConnection,
    keys: &[Key],
    now: DateTime<Utc>,
) -> Result<Ticket, LimitError> {
    // Rows are locked in one order everywhere, so two transactions that lock the same keys
    // cannot deadlock.
    let mut ordered: Vec<&Key> = keys.iter().collect();
    ordered.sort_by(|a, b| a.stored.cmp(&b.stored));
    ordered.dedup_by(|a, b| a.stored == b.stored);
    let txn = db.begin().await?;
    let mut admitted = Vec::with_capacity(ordered.len());
    let mut refused: Option<Limited> = None;
    for key in ordered {
        let counter = lock(&txn, key, now).await?;
        match decide(key.policy, Some(counter), now) {
            Decision::Admit(counter) => admitted.push((key, counter)),
            Decision::Refuse(wait) => {
                let retry_after_secs = retry_after_secs(wait);
                if refused
                    .as_ref()
                    .is_none_or(|other| other.retry_after_secs < retry_after_secs)
                {
                    refused = Some(Limited {
                        key: key.clone(),
                        retry_after_secs,
                    });
                }
            }
        }
    }
    if let Some(limited) = refused {
        txn.rollback().await?;
        return Err(LimitError::Limited(limited));
    }
    for (key, counter) in admitted {
        rate_limits::Entity::update_many()
            .col_expr(rate_limits::Column::Hits, Expr::value(stored_hits(counter)))
            .col_expr(
                rate_limits::Column::WindowStartedAt,
                Expr::value(counter.window_started_at),
            )
            .col_expr(
                rate_limits::Column::LastHitAt,
                Expr::value(counter.last_hit_at),
            )
            .filter(rate_limits::Column::Key.eq(key.stored.as_str()))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(Ticket {
        keys: keys.to_vec(),
    })
}

/// Locks the key's row (creating it with no hits), and reads its counters. The write comes
/// first: on PostgreSQL the upsert takes the row lock, on SQLite the first write takes the
/// database's write lock (a transaction that read first could fail to upgrade its lock).
async fn lock(
    conn: &impl ConnectionTrait,
    key: &Key,
    now: DateTime<Utc>,
) -> Result<Counter, DbErr> {
    let row = rate_limits::Entity::insert(rate_limits::ActiveModel {
        key: Set(key.stored.clone()),
        hits: Set(0),
        window_started_at: Set(now),
        last_hit_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(rate_limits::Column::Key)
            .value(
                rate_limits::Column::Hits,
                Expr::col((rate_limits::Entity, rate_limits::Column::Hits)),
            )
            .to_owned(),
    )
    .exec_with_returning(conn)
    .await?;
    Ok(Counter {
        hits: u32::try_from(row.hits).unwrap_or(0),
        window_started_at: row.window_started_at,
        last_hit_at: row.last_hit_at,
    })
}

fn stored_hits(counter: Counter) -> i32 {
    i32::try_from(counter.hits).unwrap_or(i32::MAX)
}

/// Gives back the attempts of `ticket`: they do not count after all (the login succeeded, or
/// the work could not be done).
///
/// # Errors
/// Database errors.
pub async fn release(conn: &impl ConnectionTrait, ticket: Ticket) -> Result<(), DbErr> {
    // Scoped: its blanket `min`/`max` would shadow the integer ones elsewhere in the module.
    use sea_orm::sea_query::ExprTrait as _;
    for key in &ticket.keys {
        rate_limits::Entity::update_many()
            .col_expr(
                rate_limits::Column::Hits,
                Expr::col(rate_limits::Column::Hits).sub(1),
            )
            .filter(rate_limits::Column::Key.eq(key.stored.as_str()))
            .filter(rate_limits::Column::Hits.gt(0))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Forgets a key (a successful login clears the account's failures from that network).
///
/// # Errors
/// Database errors.
pub async fn clear(conn: &impl ConnectionTrait, key: &Key) -> Result<(), DbErr> {
    rate_limits::Entity::delete_many()
        .filter(rate_limits::Column::Key.eq(key.stored.as_str()))
        .exec(conn)
        .await?;
    Ok(())
}

/// Deletes the rows no policy remembers any more (idle longer than the longest window).
/// Returns how many.
///
/// # Errors
/// Database errors.
pub async fn purge(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let longest = policy::ALL
        .iter()
        .map(|policy| policy.window)
        .max()
        .unwrap_or_else(|| Duration::days(1));
    let result = rate_limits::Entity::delete_many()
        .filter(rate_limits::Column::LastHitAt.lt(now - longest))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// What a client address counts as: an IPv4 address itself, an IPv6 address its /64 (one
/// host usually holds a whole /64 and can pick any address in it), `unknown` without one.
#[must_use]
pub fn address_subject(ip: Option<&str>) -> String {
    match ip.and_then(|ip| ip.parse::<IpAddr>().ok()) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let segments = v6.segments();
                format!(
                    "{:x}:{:x}:{:x}:{:x}::/64",
                    segments[0], segments[1], segments[2], segments[3]
                )
            }
        },
        None => "unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap()
    }

    /// Runs attempts at the given seconds; returns which were admitted.
    fn run(policy: &Policy, times: &[i64]) -> Vec<bool> {
        let mut counter = None;
        times
            .iter()
            .map(|&t| match decide(policy, counter, at(t)) {
                Decision::Admit(next) => {
                    counter = Some(next);
                    true
                }
                Decision::Refuse(_) => false,
            })
            .collect()
    }

    const FIXED: Policy = Policy {
        scope: "test.fixed",
        allowed: 3,
        window: Duration::seconds(100),
        backoff: None,
    };

    const BACKOFF: Policy = Policy {
        scope: "test.backoff",
        allowed: 2,
        window: Duration::seconds(1000),
        backoff: Some(Backoff {
            first: Duration::seconds(10),
            max: Duration::seconds(40),
        }),
    };

    #[test]
    fn a_fixed_window_counts_from_its_first_attempt() {
        assert_eq!(
            run(&FIXED, &[0, 1, 2, 3, 99, 100, 101, 102, 103]),
            [true, true, true, false, false, true, true, true, false]
        );
        let counter = Counter {
            hits: 3,
            window_started_at: at(0),
            last_hit_at: at(2),
        };
        assert_eq!(
            decide(&FIXED, Some(counter), at(30)),
            Decision::Refuse(Duration::seconds(70))
        );
    }

    #[test]
    fn back_off_doubles_up_to_its_maximum_and_is_forgotten_after_a_quiet_window() {
        // Free: 0, 0. Then waits of 10, 20, 40, 40, 40 after the last counted attempt; after
        // 1000 s without one, two free attempts again.
        assert_eq!(
            run(
                &BACKOFF,
                &[
                    0, 0, 9, 10, 29, 30, 69, 70, 109, 110, 1109, 1110, 2109, 2109, 2109
                ]
            ),
            [
                true, true, false, true, false, true, false, true, false, true, true, false, true,
                true, false
            ]
        );
        let counter = Counter {
            hits: 3,
            window_started_at: at(0),
            last_hit_at: at(10),
        };
        assert_eq!(
            decide(&BACKOFF, Some(counter), at(15)),
            Decision::Refuse(Duration::seconds(15))
        );
    }

    #[test]
    fn refused_attempts_leave_the_counter_alone() {
        let full = Counter {
            hits: 3,
            window_started_at: at(0),
            last_hit_at: at(0),
        };
        assert!(matches!(
            decide(&FIXED, Some(full), at(5)),
            Decision::Refuse(_)
        ));
        // The caller keeps `full` as it was; the refusal does not move the window.
        assert_eq!(
            decide(&FIXED, Some(full), at(100)),
            Decision::Admit(Counter {
                hits: 1,
                window_started_at: at(100),
                last_hit_at: at(100),
            })
        );
    }

    #[test]
    fn long_streaks_wait_the_maximum() {
        let backoff = BACKOFF.backoff.unwrap();
        assert_eq!(backoff_wait(backoff, 0), Duration::seconds(10));
        assert_eq!(backoff_wait(backoff, 1), Duration::seconds(20));
        for excess in [2, 30, 31, 32, 1000, u32::MAX] {
            assert_eq!(backoff_wait(backoff, excess), backoff.max, "{excess}");
        }
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_secs(Duration::milliseconds(1)), 1);
        assert_eq!(retry_after_secs(Duration::milliseconds(1001)), 2);
        assert_eq!(retry_after_secs(Duration::seconds(60)), 60);
        assert_eq!(retry_after_secs(Duration::seconds(-5)), 1);
    }

    #[test]
    fn every_back_off_is_forgotten_only_after_its_longest_wait() {
        for policy in policy::ALL {
            assert!(policy.allowed > 0, "{}", policy.scope);
            if let Some(backoff) = policy.backoff {
                assert!(backoff.first <= backoff.max, "{}", policy.scope);
                assert!(policy.window >= backoff.max, "{}", policy.scope);
            }
        }
        let scopes: std::collections::HashSet<_> =
            policy::ALL.iter().map(|policy| policy.scope).collect();
        assert_eq!(scopes.len(), policy::ALL.len(), "scopes are unique");
    }

    #[test]
    fn addresses_count_by_host_for_ipv4_and_by_slash_64_for_ipv6() {
        assert_eq!(address_subject(Some("203.0.113.5")), "203.0.113.5");
        assert_eq!(address_subject(Some("::ffff:203.0.113.5")), "203.0.113.5");
        assert_eq!(
            address_subject(Some("2001:db8:1:2:aaaa::1")),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            address_subject(Some("2001:db8:1:2:ffff:ffff:ffff:fffe")),
            "2001:db8:1:2::/64"
        );
        assert_eq!(address_subject(None), "unknown");
        assert_eq!(address_subject(Some("not an address")), "unknown");
    }

    #[test]
    fn keys_are_bounded() {
        let key = Key::new(&policy::SETUP, &"é".repeat(400));
        assert!(key.as_str().len() <= MAX_KEY_BYTES);
        assert!(key.as_str().starts_with("setup.address:"));
    }

    proptest! {
        /// However attempts are spaced, a fixed policy admits at most `allowed` per window (so
        /// at most twice that in any span of one window length), and a back-off policy admits
        /// its free attempts and then only after each growing wait.
        #[test]
        fn no_policy_admits_more_than_it_allows(gaps in proptest::collection::vec(0_i64..40, 1..60)) {
            let mut t = 0;
            let times: Vec<i64> = gaps.iter().map(|gap| { t += gap; t }).collect();
            let admitted: Vec<i64> = times
                .iter()
                .zip(run(&FIXED, &times))
                .filter_map(|(time, ok)| ok.then_some(*time))
                .collect();
            for (i, start) in admitted.iter().enumerate() {
                let in_span = admitted[i..].iter().take_while(|t| **t < start + 100).count();
                prop_assert!(in_span <= 2 * FIXED.allowed as usize);
            }
            // Attempts come at most 40 s apart and no wait exceeds 40 s, so the back-off count
            // is never forgotten here (its window is 1000 s).
            let admitted: Vec<i64> = times
                .iter()
                .zip(run(&BACKOFF, &times))
                .filter_map(|(time, ok)| ok.then_some(*time))
                .collect();
            let allowed = BACKOFF.allowed as usize;
            for i in allowed..admitted.len() {
                let excess = u32::try_from(i - allowed).unwrap();
                let wait = (10_i64 << excess.min(10)).min(40);
                prop_assert!(admitted[i] - admitted[i - 1] >= wait, "{admitted:?}");
            }
        }
    }
}
