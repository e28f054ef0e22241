//! The client's address, as the rate limits, the audit log and the session rows see it.
//!
//! By default it is the TCP peer, and `X-Forwarded-For` is ignored: any client can write that
//! header. Behind a reverse proxy every request comes from the proxy, so the deployment lists
//! its proxies in `RESUME_EDITOR_TRUSTED_PROXIES` (addresses or CIDR ranges). Only when the TCP
//! peer is one of them is `X-Forwarded-For` read, from the right: each trusted proxy appends the
//! address it received the request from, so the rightmost entry that is not itself a trusted
//! proxy is the client. Entries further left were written by the client and are never used
//! (unless every entry is a trusted proxy: then the leftmost is the origin). An entry that is
//! not an address stops the walk at the last trusted hop, so a malformed header can only make
//! the client look like its proxy, never like someone else.
//!
//! `Forwarded` (RFC 7239) is not read; proxies set `X-Forwarded-For` (nginx
//! `proxy_add_x_forwarded_for`, Caddy and Traefik by default).

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The header proxies append the client's address to.
pub const FORWARDED_FOR: &str = "x-forwarded-for";

/// The reverse proxies whose `X-Forwarded-For` is believed. Empty by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// A `RESUME_EDITOR_TRUSTED_PROXIES` entry that is neither an address nor a CIDR range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("entry {position} is not an IP address or CIDR range (like 10.0.0.1 or 10.0.0.0/8)")]
pub struct InvalidProxyList {
    /// The entry's position, from 1.
    pub position: usize,
}

impl FromStr for TrustedProxies {
    type Err = InvalidProxyList;

    /// Parses addresses and CIDR ranges separated by commas or whitespace.
    fn from_str(list: &str) -> Result<Self, Self::Err> {
        list.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|entry| !entry.is_empty())
            .enumerate()
            .map(|(index, entry)| {
                let net = match entry.parse::<IpNet>() {
                    Ok(net) => Some(net.trunc()),
                    Err(_) => entry.parse::<IpAddr>().ok().map(IpNet::from),
                };
                net.ok_or(InvalidProxyList {
                    position: index + 1,
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&list.join(","))
    }
}

impl TrustedProxies {
    /// Whether no proxy is trusted (the TCP peer is always the client).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `ip` is a trusted proxy (IPv4-mapped IPv6 addresses count as IPv4).
    #[must_use]
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }
}

/// The client of a request that came from `peer` with `headers`.
#[must_use]
pub fn resolve(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &TrustedProxies,
) -> Option<IpAddr> {
    let mut hop = peer?.to_canonical();
    if !trusted.contains(hop) {
        return Some(hop);
    }
    // Several headers are one list, in order.
    let entries: Vec<&str> = headers
        .get_all(FORWARDED_FOR)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    for entry in entries.iter().rev() {
        let Some(address) = parse_entry(entry) else {
            return Some(hop);
        };
        hop = address;
        if !trusted.contains(address) {
            return Some(address);
        }
    }
    Some(hop)
}

/// An `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:80`, `[::1]:80`) or
/// in quotes.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim_matches('"');
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Some(rest) = entry.strip_prefix('[') {
        let (inside, _port) = rest.split_once(']')?;
        return inside.parse::<IpAddr>().ok().map(|ip| ip.to_canonical());
    }
    let (host, port) = entry.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(FORWARDED_FOR, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn proxies(list: &str) -> TrustedProxies {
        list.parse().unwrap()
    }

    #[test]
    fn the_list_takes_addresses_and_ranges_and_names_a_bad_entry_by_position() {
        let list = proxies("10.0.0.0/8, 192.168.1.7 ::1,fd00::/8");
        assert!(list.contains(ip("10.200.3.4")));
        assert!(list.contains(ip("::ffff:10.1.1.1")));
        assert!(list.contains(ip("192.168.1.7")));
        assert!(!list.contains(ip("192.168.1.8")));
        assert!(list.contains(ip("::1")));
        assert!(list.contains(ip("fd12::1")));
        assert!(!list.contains(ip("2001:db8::1")));
        assert_eq!(
            list.to_string(),
            "10.0.0.0/8,192.168.1.7/32,::1/128,fd00::/8"
        );
        assert!(proxies("").is_empty());
        assert_eq!(
            "10.0.0.1, proxy.example".parse::<TrustedProxies>(),
            Err(InvalidProxyList { position: 2 })
        );
        assert!("10.0.0.0/33".parse::<TrustedProxies>().is_err());
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
        let headers = forwarded(&["198.51.100.1"]);
        assert_eq!(
            resolve(
                Some(ip("203.0.113.9")),
                &headers,
                &TrustedProxies::default()
            ),
            Some(ip("203.0.113.9"))
        );
        // A peer that is not a trusted proxy is not believed either.
        assert_eq!(
            resolve(Some(ip("203.0.113.9")), &headers, &proxies("10.0.0.0/8")),
            Some(ip("203.0.113.9"))
        );
        assert_eq!(resolve(None, &headers, &proxies("10.0.0.0/8")), None);
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_entry_is_the_client() {
        let trusted = proxies("10.0.0.0/8");
        let peer = Some(ip("10.0.0.2"));
        // The client wrote a fake first entry; the proxies appended the real ones.
        let headers = forwarded(&["1.1.1.1, 203.0.113.5", "10.0.0.3"]);
        assert_eq!(resolve(peer, &headers, &trusted), Some(ip("203.0.113.5")));
        // Ports and brackets as some proxies write them.
        assert_eq!(
            resolve(peer, &forwarded(&["203.0.113.5:4711"]), &trusted),
            Some(ip("203.0.113.5"))
        );
        assert_eq!(
            resolve(peer, &forwarded(&["[2001:db8::7]:443"]), &trusted),
            Some(ip("2001:db8::7"))
        );
        // No header: the proxy itself (a health check) is the client.
        assert_eq!(resolve(peer, &HeaderMap::new(), &trusted), peer);
        // Every entry trusted: the leftmost is the origin.
        assert_eq!(
            resolve(peer, &forwarded(&["10.9.9.9, 10.0.0.3"]), &trusted),
            Some(ip("10.9.9.9"))
        );
    }

    #[test]
    fn a_malformed_entry_stops_at_the_last_trusted_hop() {
        let trusted = proxies("10.0.0.0/8");
        let peer = Some(ip("10.0.0.2"));
        assert_eq!(
            resolve(peer, &forwarded(&["203.0.113.5, garbage"]), &trusted),
            peer
        );
        assert_eq!(
            resolve(
                peer,
                &forwarded(&["203.0.113.5, unknown, 10.0.0.3"]),
                &trusted
            ),
            Some(ip("10.0.0.3"))
        );
    }
}
