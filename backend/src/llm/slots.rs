//! Request slots per endpoint: how many requests the client has in flight to one endpoint at
//! once, over every job and call.
//!
//! A local model server (llama.cpp, LM Studio, Ollama with one slot) answers one request at a
//! time and queues the others; a request's timeout would then count the time spent in the
//! server's queue, and a healthy server would fail requests. So the client itself queues:
//! every attempt takes a slot of its endpoint before it is sent, and the timeouts start only
//! once it has one. The default is one slot for endpoints on loopback or private networks and
//! the server's `RESUME_EDITOR_LLM_CONCURRENCY` for others; users can set their own.
//!
//! Endpoints are told apart by base URL and API key (a public provider limits per key; users
//! of one local server share its slots). The key is only hashed, in memory.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash as _, Hasher as _};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use url::{Host, Url};

use super::address::is_non_public;

/// The slots of every endpoint, and which hosts are local.
#[derive(Debug, Default)]
pub struct Slots {
    semaphores: Mutex<HashMap<String, (usize, Arc<Semaphore>)>>,
    local_hosts: Mutex<HashMap<String, bool>>,
}

impl Slots {
    /// A slot of the endpoint `key` with `limit` slots, at once when one is free (`Ok`), else a
    /// future of one (`Err`). When the limit changed, later requests use the new one.
    pub fn take(
        &self,
        key: &str,
        limit: usize,
    ) -> Result<OwnedSemaphorePermit, impl Future<Output = OwnedSemaphorePermit> + use<>> {
        let semaphore = {
            let mut semaphores = self
                .semaphores
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let entry = semaphores
                .entry(key.to_owned())
                .or_insert_with(|| (limit, Arc::new(Semaphore::new(limit))));
            if entry.0 != limit {
                *entry = (limit, Arc::new(Semaphore::new(limit)));
            }
            Arc::clone(&entry.1)
        };
        match Arc::clone(&semaphore).try_acquire_owned() {
            Ok(permit) => Ok(permit),
            Err(_) => Err(async move {
                loop {
                    // The semaphore is never closed; the loop only satisfies the types.
                    if let Ok(permit) = Arc::clone(&semaphore).acquire_owned().await {
                        return permit;
                    }
                }
            }),
        }
    }

    /// Whether the URL's host is on loopback or a private network (names are resolved once
    /// and remembered; a name that does not resolve counts as public).
    pub async fn is_local(&self, url: &Url) -> bool {
        let Some(host) = url.host() else {
            return false;
        };
        let name = match host {
            Host::Ipv4(v4) => return is_non_public(IpAddr::V4(v4)),
            Host::Ipv6(v6) => return is_non_public(IpAddr::V6(v6)),
            Host::Domain(domain) => domain.to_ascii_lowercase(),
        };
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        if let Some(known) = self
            .local_hosts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&name)
        {
            return *known;
        }
        let port = url.port_or_known_default().unwrap_or(443);
        let local = match tokio::net::lookup_host((name.as_str(), port)).await {
            Ok(mut addresses) => addresses.any(|address| is_non_public(address.ip())),
            Err(_) => return false,
        };
        self.local_hosts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name, local);
        local
    }
}

/// The slot key of an endpoint: its base URL and a hash of its API key.
#[must_use]
pub fn key(base_url: &str, api_key: Option<&str>) -> String {
    let mut hasher = DefaultHasher::new();
    api_key.unwrap_or_default().hash(&mut hasher);
    format!(
        "{}\u{0}{:016x}",
        base_url.trim().trim_end_matches('/'),
        hasher.finish()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_slot_is_taken_until_its_permit_is_dropped() {
        let slots = Slots::default();
        let first = slots.take("a", 1).ok().unwrap();
        let waiting = slots.take("a", 1).err().unwrap();
        assert!(
            slots.take("b", 1).is_ok(),
            "another endpoint has its own slots"
        );
        drop(first);
        let second = tokio::time::timeout(std::time::Duration::from_secs(1), waiting).await;
        assert!(second.is_ok());
    }

    #[tokio::test]
    async fn loopback_private_and_localhost_are_local() {
        let slots = Slots::default();
        for (url, local) in [
            ("http://127.0.0.1:11434/v1", true),
            ("http://[::1]:8080/v1", true),
            ("http://192.168.1.20:1234/v1", true),
            ("http://localhost:11434/v1", true),
            ("https://93.184.215.14/v1", false),
        ] {
            assert_eq!(
                slots.is_local(&Url::parse(url).unwrap()).await,
                local,
                "{url}"
            );
        }
    }

    #[test]
    fn keys_differ_by_api_key_and_ignore_a_trailing_slash() {
        assert_eq!(
            key("http://x/v1/", Some("k")),
            key("http://x/v1", Some("k"))
        );
        assert_ne!(key("http://x/v1", Some("k")), key("http://x/v1", Some("j")));
    }
}
