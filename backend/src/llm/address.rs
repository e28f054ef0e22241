//! The private-address guard: LLM requests must not reach loopback, private or other local
//! addresses unless the operator allows it: all of them (`RESUME_EDITOR_LLM_ALLOW_PRIVATE=true`)
//! or only listed hosts (`RESUME_EDITOR_LLM_ALLOWED_HOSTS`, see [`super::allowed_hosts`]).
//!
//! Why: the base URL is entered by users, and the server makes the request. Without this rule
//! any user could make the server probe its own network (databases, admin panels, the cloud
//! metadata service at 169.254.169.254) and read back error messages. A local model server
//! (Ollama, llama.cpp, vLLM on the same machine or LAN) is a legitimate use, hence the opt-in.
//!
//! Checking a host name once before the request is not enough: DNS may answer differently on
//! the next lookup (DNS rebinding), and the connection would go wherever the *second* answer
//! points. So the rule is enforced where connections are made:
//! - [`GuardedResolver`] is the HTTP client's DNS resolver. It drops refused addresses from
//!   every lookup, so the client can only ever connect to addresses that passed the check.
//! - IP-literal hosts never reach a resolver, so [`check_url`] classifies them before the
//!   request (it also resolves names once, only to give a clear error message early). It is
//!   also where the port of a listed host is checked: the connection goes to the URL's port,
//!   which the resolver never sees.
//! - The client follows no redirects (a redirect to `http://127.0.0.1/` would otherwise skip
//!   both checks) and ignores proxy environment variables (a proxy would resolve the name
//!   itself).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

use super::allowed_hosts::AllowedHosts;
use super::error::LlmError;

/// True when an address must not be contacted without `allow_private`: loopback, unspecified,
/// private (RFC 1918), carrier-grade NAT, link-local, unique-local and site-local IPv6,
/// multicast, broadcast, documentation, benchmarking and reserved ranges, and IPv6 forms that
/// embed such an IPv4 address (IPv4-mapped, IPv4-compatible, IPv4-translated (SIIT), NAT64
/// with the well-known or the local-use prefix, 6to4).
#[must_use]
pub fn is_non_public(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_non_public_v4(v4),
        IpAddr::V6(v6) => is_non_public_v6(v6),
    }
}

fn is_non_public_v4(address: Ipv4Addr) -> bool {
    let [a, b, c, _] = address.octets();
    address.is_unspecified()
        || address.is_loopback()
        || address.is_private()
        || address.is_link_local()
        || address.is_broadcast()
        || address.is_multicast()
        || address.is_documentation()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT), RFC 6598
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking, RFC 2544
        || a >= 240 // reserved
}

fn is_non_public_v6(address: Ipv6Addr) -> bool {
    if let Some(v4) = embedded_v4(address) {
        return is_non_public_v4(v4);
    }
    let segments = address.segments();
    address.is_unspecified()
        || address.is_loopback()
        || address.is_multicast()
        || (segments[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (segments[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (segments[0] & 0xffc0) == 0xfec0 // site-local fec0::/10 (deprecated)
        || (segments[0] == 0x2001 && segments[1] == 0x0db8) // documentation 2001:db8::/32
        || (segments[0] == 0x2001 && segments[1] == 0) // Teredo: hides the real address
        || (segments[0] == 0x0100 && segments[1..4] == [0, 0, 0]) // discard 100::/64
}

/// The IPv4 address carried by an IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
/// (`::a.b.c.d`), IPv4-translated (SIIT, `::ffff:0:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`, and the
/// local-use `64:ff9b:1::/48`) or 6to4 (`2002:AABB:CCDD::`) address.
///
/// A translator maps these to the IPv4 address, so they are as local as it is. For the
/// local-use NAT64 prefix (RFC 8215) the operator may carve any longer prefix out of the /48;
/// the address is read from the last 32 bits, the layout of the /96 prefixes that DNS64 and
/// translators use (RFC 6052 also allows /48–/64 layouts with the address in the middle; those
/// cannot be told apart from a /96 one without the translator's configuration).
fn embedded_v4(address: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = address.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = address.segments();
    let o = address.octets();
    let tail = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
    if s[..6] == [0, 0, 0, 0, 0, 0] && !address.is_loopback() && !address.is_unspecified() {
        return Some(tail);
    }
    // IPv4-translated addresses of SIIT (RFC 2765, RFC 7915): ::ffff:0:0:0/96.
    if s[..6] == [0, 0, 0, 0, 0xffff, 0] {
        return Some(tail);
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(tail);
    }
    // Local-use NAT64 (RFC 8215): 64:ff9b:1::/48.
    if s[..3] == [0x64, 0xff9b, 1] {
        return Some(tail);
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new(o[2], o[3], o[4], o[5]));
    }
    None
}

/// Checks the host of an endpoint URL before a request. Does nothing when `allow_private`.
/// Otherwise a URL naming a listed host (with its port, when the entry has one) passes; IP
/// literals are classified; names are resolved and refused when no usable address remains
/// (public, or inside a listed block without a port).
///
/// This gives the user a clear message, and is where the ports of listed hosts are enforced;
/// the enforcement against DNS rebinding is [`GuardedResolver`].
///
/// # Errors
/// [`LlmError::PrivateAddress`] for a refused host, [`LlmError::Connection`] when the name does
/// not resolve.
pub async fn check_url(
    url: &Url,
    allow_private: bool,
    allowed: &AllowedHosts,
) -> Result<(), LlmError> {
    if allow_private {
        return Ok(());
    }
    let host_text = url.host_str().unwrap_or_default().to_owned();
    let Some(host) = url.host() else {
        return Err(LlmError::InvalidEndpoint(
            "the base URL has no host".to_owned(),
        ));
    };
    let port = url.port_or_known_default().unwrap_or(443);
    if allowed.allows_url_host(&host, port) {
        return Ok(());
    }
    let address = match host {
        Host::Ipv4(v4) => IpAddr::V4(v4),
        Host::Ipv6(v6) => IpAddr::V6(v6),
        Host::Domain(domain) => {
            let addresses = lookup(domain, port).await?;
            match usable_only(&addresses, allowed) {
                Ok(_) => return Ok(()),
                Err(address) => address,
            }
        }
    };
    if is_non_public(address) {
        return Err(LlmError::PrivateAddress {
            host: host_text,
            address,
        });
    }
    Ok(())
}

/// Resolves a name with the system resolver.
async fn lookup(host: &str, port: u16) -> Result<Vec<SocketAddr>, LlmError> {
    let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|error| LlmError::Connection(format!("could not resolve \"{host}\": {error}")))?
        .collect();
    if addresses.is_empty() {
        return Err(LlmError::Connection(format!("\"{host}\" has no addresses")));
    }
    Ok(addresses)
}

/// The usable addresses among `addresses` (public ones, and private ones inside a listed block
/// without a port), or the first refused one when none is usable.
fn usable_only(
    addresses: &[SocketAddr],
    allowed: &AllowedHosts,
) -> Result<Vec<SocketAddr>, IpAddr> {
    let public: Vec<SocketAddr> = addresses
        .iter()
        .copied()
        .filter(|address| {
            !is_non_public(address.ip()) || allowed.allows_resolved_address(address.ip())
        })
        .collect();
    match (public.is_empty(), addresses.first()) {
        (false, _) => Ok(public),
        (true, Some(first)) => Err(first.ip()),
        (true, None) => Ok(public),
    }
}

/// The HTTP client's DNS resolver when private addresses are not all allowed: the system
/// resolver with every refused address removed from the answer (and an error when none is
/// left). A name listed in [`AllowedHosts`] keeps its private addresses, and so do addresses
/// inside a listed block without a port.
#[derive(Debug, Clone, Default)]
pub struct GuardedResolver {
    allowed: Arc<AllowedHosts>,
}

impl GuardedResolver {
    /// A resolver that lets private addresses through only for `allowed`.
    #[must_use]
    pub fn new(allowed: AllowedHosts) -> Self {
        Self {
            allowed: Arc::new(allowed),
        }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let allowed = Arc::clone(&self.allowed);
        Box::pin(async move {
            // Port 0: the client substitutes the URL's port.
            let addresses = lookup(&host, 0).await?;
            if allowed.allows_name(&host) {
                return Ok(Box::new(addresses.into_iter()) as Addrs);
            }
            match usable_only(&addresses, &allowed) {
                Ok(public) => Ok(Box::new(public.into_iter()) as Addrs),
                Err(address) => Err(Box::new(LlmError::PrivateAddress { host, address })
                    as Box<dyn std::error::Error + Send + Sync>),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> bool {
        is_non_public(text.parse().unwrap())
    }

    #[test]
    fn local_and_private_ipv4_ranges_are_refused() {
        for address in [
            "127.0.0.1",
            "127.255.0.9",
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.10",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
        ] {
            assert!(refused(address), "{address} should be refused");
        }
    }

    #[test]
    fn public_ipv4_addresses_pass() {
        for address in [
            "8.8.8.8",
            "1.1.1.1",
            "104.18.6.192",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "192.169.0.1",
        ] {
            assert!(!refused(address), "{address} should pass");
        }
    }

    #[test]
    fn local_ipv6_ranges_are_refused() {
        for address in [
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "100::1",
        ] {
            assert!(refused(address), "{address} should be refused");
        }
    }

    #[test]
    fn ipv6_forms_embedding_a_private_ipv4_address_are_refused() {
        for address in [
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::192.168.0.1",
            "2002:7f00:0001::1",
            "2002:c0a8:0101::1",
        ] {
            assert!(refused(address), "{address} should be refused");
        }
    }

    #[test]
    fn siit_and_local_use_nat64_addresses_are_classified_by_their_ipv4_address() {
        for address in [
            "::ffff:0:127.0.0.1",
            "::ffff:0:10.0.0.1",
            "::ffff:0:169.254.169.254",
            "64:ff9b:1::127.0.0.1",
            "64:ff9b:1::10.1.2.3",
            "64:ff9b:1:abcd:12::192.168.1.1",
            "64:ff9b:1::169.254.169.254",
        ] {
            assert!(refused(address), "{address} should be refused");
        }
        for address in [
            "::ffff:0:8.8.8.8",
            "64:ff9b:1::8.8.8.8",
            "64:ff9b:1:abcd:12::1.1.1.1",
        ] {
            assert!(!refused(address), "{address} should pass");
        }
    }

    #[test]
    fn public_ipv6_addresses_and_forms_embedding_public_ipv4_pass() {
        for address in [
            "2606:4700:4700::1111",
            "2a00:1450:4001:80e::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::1.1.1.1",
            "2002:0808:0808::1",
        ] {
            assert!(!refused(address), "{address} should pass");
        }
    }

    #[tokio::test]
    async fn ip_literal_hosts_are_checked_before_any_request() {
        for base in [
            "http://127.0.0.1:9000/v1",
            "http://[::1]:9000/v1",
            "http://[::ffff:7f00:1]/v1",
            "http://2130706433/v1", // 127.0.0.1 written as one number
            "http://0x7f.1/v1",
        ] {
            let url = Url::parse(base).unwrap();
            let error = check_url(&url, false, &AllowedHosts::default())
                .await
                .unwrap_err();
            assert!(
                matches!(error, LlmError::PrivateAddress { .. }),
                "{base}: {error}"
            );
            check_url(&url, true, &AllowedHosts::default())
                .await
                .unwrap();
        }
    }

    #[tokio::test]
    async fn listed_hosts_pass_with_their_port_and_nothing_else_does() {
        let allowed = AllowedHosts::parse("localhost:9000 127.0.0.2 [::1]:9001").unwrap();
        for base in [
            "http://localhost:9000/v1",
            "http://127.0.0.2:80/v1",
            "http://127.0.0.2:9999/v1",
            "http://[::1]:9001/v1",
        ] {
            let url = Url::parse(base).unwrap();
            check_url(&url, false, &allowed)
                .await
                .unwrap_or_else(|error| panic!("{base}: {error}"));
        }
        for base in [
            "http://localhost:9001/v1",
            "http://127.0.0.1:9000/v1",
            "http://[::1]:9000/v1",
            "http://10.0.0.1:9000/v1",
            "http://169.254.169.254/latest",
        ] {
            let url = Url::parse(base).unwrap();
            let error = check_url(&url, false, &allowed).await.unwrap_err();
            assert!(
                matches!(error, LlmError::PrivateAddress { .. }),
                "{base}: {error}"
            );
        }
    }

    #[tokio::test]
    async fn the_resolver_keeps_private_answers_only_for_listed_names_and_blocks() {
        let name = || "localhost".parse::<Name>().unwrap();
        let by_name = GuardedResolver::new(AllowedHosts::parse("localhost:9000").unwrap());
        let addresses: Vec<SocketAddr> = by_name.resolve(name()).await.unwrap().collect();
        assert!(addresses.iter().all(|a| a.ip().is_loopback()) && !addresses.is_empty());

        let by_block = GuardedResolver::new(AllowedHosts::parse("127.0.0.0/8").unwrap());
        let addresses: Vec<SocketAddr> = by_block.resolve(name()).await.unwrap().collect();
        assert!(addresses.iter().all(|a| a.ip() == Ipv4Addr::LOCALHOST));

        for list in ["other.example", "127.0.0.1:9000", "10.0.0.0/8"] {
            let resolver = GuardedResolver::new(AllowedHosts::parse(list).unwrap());
            assert!(resolver.resolve(name()).await.is_err(), "{list}");
        }
    }

    #[tokio::test]
    async fn localhost_is_refused_by_name_and_by_the_resolver() {
        let url = Url::parse("http://localhost:9000/v1").unwrap();
        let error = check_url(&url, false, &AllowedHosts::default())
            .await
            .unwrap_err();
        assert!(matches!(error, LlmError::PrivateAddress { .. }), "{error}");

        let name: Name = "localhost".parse().unwrap();
        let Err(error) = GuardedResolver::default().resolve(name).await else {
            panic!("the resolver must not hand out loopback addresses");
        };
        assert!(
            error
                .to_string()
                .contains("RESUME_EDITOR_LLM_ALLOW_PRIVATE")
        );
    }

    #[test]
    fn mixed_answers_keep_only_public_addresses() {
        let addresses: Vec<SocketAddr> = vec![
            "127.0.0.1:0".parse().unwrap(),
            "93.184.216.34:0".parse().unwrap(),
        ];
        let none = AllowedHosts::default();
        assert_eq!(
            usable_only(&addresses, &none).unwrap(),
            vec!["93.184.216.34:0".parse::<SocketAddr>().unwrap()]
        );
        let private: Vec<SocketAddr> = vec!["10.0.0.1:0".parse().unwrap()];
        assert_eq!(
            usable_only(&private, &none).unwrap_err(),
            "10.0.0.1".parse::<IpAddr>().unwrap()
        );
        let listed = AllowedHosts::parse("10.0.0.0/24").unwrap();
        assert_eq!(usable_only(&private, &listed).unwrap(), private);
    }
}
