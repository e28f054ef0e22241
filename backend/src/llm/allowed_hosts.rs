//! [`AllowedHosts`]: the operator's list of private LLM endpoints
//! (`RESUME_EDITOR_LLM_ALLOWED_HOSTS`), the narrow alternative to allowing every private
//! address.
//!
//! Entries are separated by commas or white space. Each is a host name, an IP address or a CIDR
//! block, optionally with a port:
//!
//! | entry | allows |
//! |---|---|
//! | `ollama.lan`, `localhost:11434` | URLs naming that host (and port), whatever private address it resolves to |
//! | `10.0.0.5`, `[fd00::5]`, `10.1.0.0/16`, `fd00::/8` | URLs whose host is such an address, or resolves to one |
//! | `10.0.0.5:11434`, `[fd00::5]:11434`, `10.1.0.0/16:8080`, `[fd00::/8]:8080` | URLs whose host is written as such an address, with that port |
//!
//! A port on an address entry can only be checked when the URL names the address itself: the
//! DNS resolver that enforces the rule at connection time is given the host name but not the
//! port. So an address entry with a port never admits a host *name*; list the name instead.
//! Public addresses need no entry: the list only widens what the private-address rule lets
//! through.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::Host;

/// One entry of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    /// A host name (lower case, no trailing dot) and an optional port.
    Name(String, Option<u16>),
    /// A block of addresses (a single address is a full-length block) and an optional port.
    Block(Block, Option<u16>),
}

/// An address block: the network address and the prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Block {
    network: IpAddr,
    prefix: u8,
}

impl Block {
    fn contains(self, address: IpAddr) -> bool {
        match (self.network, address.to_canonical()) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(network) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(network) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

/// A malformed entry of `RESUME_EDITOR_LLM_ALLOWED_HOSTS`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{entry}\" is not a host name, IP address or CIDR block with an optional :port ({reason})"
)]
pub struct AllowedHostsError {
    /// The entry as written.
    pub entry: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// The hosts whose private addresses LLM requests may reach. Empty by default: then no private
/// address is allowed (unless the operator allows them all).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AllowedHosts {
    entries: Vec<Entry>,
}

impl fmt::Debug for AllowedHosts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.entries).finish()
    }
}

impl AllowedHosts {
    /// Parses the list (entries separated by commas or white space; empty is allowed).
    ///
    /// # Errors
    /// The first entry that does not parse.
    pub fn parse(text: &str) -> Result<Self, AllowedHostsError> {
        let entries = text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|entry| !entry.is_empty())
            .map(parse_entry)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { entries })
    }

    /// True when the list has no entry.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether a URL naming `host` (as the URL parser wrote it) on `port` may reach private
    /// addresses: the name is listed (with that port, or without a port), or the host is an
    /// address inside a listed block (with that port, or without a port).
    #[must_use]
    pub fn allows_url_host(&self, host: &Host<&str>, port: u16) -> bool {
        let port_matches = |allowed: Option<u16>| allowed.is_none_or(|allowed| allowed == port);
        self.entries.iter().any(|entry| match (entry, host) {
            (Entry::Name(name, allowed), Host::Domain(domain)) => {
                port_matches(*allowed) && *name == normalise_name(domain)
            }
            (Entry::Block(block, allowed), Host::Ipv4(v4)) => {
                port_matches(*allowed) && block.contains(IpAddr::V4(*v4))
            }
            (Entry::Block(block, allowed), Host::Ipv6(v6)) => {
                port_matches(*allowed) && block.contains(IpAddr::V6(*v6))
            }
            _ => false,
        })
    }

    /// Whether the resolver may hand out private addresses for `name`: it is listed by name,
    /// with or without a port. (The port of a name entry is checked on the URL before any
    /// request, and the connection goes to the URL's port.)
    #[must_use]
    pub fn allows_name(&self, name: &str) -> bool {
        let name = normalise_name(name);
        self.entries
            .iter()
            .any(|entry| matches!(entry, Entry::Name(listed, _) if *listed == name))
    }

    /// Whether a private `address` that a host name resolved to may be used: it is inside a
    /// listed block that has no port (the resolver cannot know the port).
    #[must_use]
    pub fn allows_resolved_address(&self, address: IpAddr) -> bool {
        self.entries
            .iter()
            .any(|entry| matches!(entry, Entry::Block(block, None) if block.contains(address)))
    }
}

fn normalise_name(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

fn parse_entry(entry: &str) -> Result<Entry, AllowedHostsError> {
    let error = |reason| AllowedHostsError {
        entry: entry.to_owned(),
        reason,
    };
    // `[v6]`, `[v6]:port`, `[v6/len]`, `[v6/len]:port`.
    if let Some(rest) = entry.strip_prefix('[') {
        let (inside, after) = rest
            .split_once(']')
            .ok_or_else(|| error("a '[' without its ']'"))?;
        let port = match after {
            "" => None,
            _ => Some(
                parse_port(
                    after
                        .strip_prefix(':')
                        .ok_or_else(|| error("text after ']'"))?,
                )
                .ok_or_else(|| error("the port is not a number from 1 to 65535"))?,
            ),
        };
        let block = parse_block(inside).ok_or_else(|| error("not an IPv6 address or block"))?;
        if !block.network.is_ipv6() {
            return Err(error("only IPv6 addresses go in brackets"));
        }
        return Ok(Entry::Block(block, port));
    }
    // A bare IPv6 address or block (more than one ':'), without a port.
    if entry.matches(':').count() > 1 {
        return parse_block(entry)
            .filter(|block| block.network.is_ipv6())
            .map(|block| Entry::Block(block, None))
            .ok_or_else(|| {
                error("not an IPv6 address or block (write [address]:port for a port)")
            });
    }
    let (host, port) = match entry.rsplit_once(':') {
        Some((host, port)) => (
            host,
            Some(
                parse_port(port)
                    .ok_or_else(|| error("the port is not a number from 1 to 65535"))?,
            ),
        ),
        None => (entry, None),
    };
    if host.is_empty() {
        return Err(error("no host"));
    }
    if host.contains('/') || host.parse::<Ipv4Addr>().is_ok() {
        return parse_block(host)
            .filter(|block| block.network.is_ipv4())
            .map(|block| Entry::Block(block, port))
            .ok_or_else(|| error("not an IPv4 address or block"));
    }
    // A name, normalised as the URL parser normalises hosts (lower case, IDNA), so it
    // compares equal to the host of a URL naming it.
    match Host::parse(host) {
        Ok(Host::Domain(domain))
            if domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) =>
        {
            Ok(Entry::Name(normalise_name(&domain), port))
        }
        Ok(Host::Ipv4(v4)) => Ok(Entry::Block(
            Block {
                network: IpAddr::V4(v4),
                prefix: 32,
            },
            port,
        )),
        Ok(Host::Domain(_) | Host::Ipv6(_)) | Err(_) => Err(error("not a valid host name")),
    }
}

fn parse_port(text: &str) -> Option<u16> {
    text.parse::<u16>().ok().filter(|port| *port > 0)
}

/// `address` or `address/len`; the network part is masked to the prefix.
fn parse_block(text: &str) -> Option<Block> {
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix.parse::<u8>().ok()?)),
        None => (text, None),
    };
    let network: IpAddr = address.parse().ok()?;
    let bits = if network.is_ipv4() { 32 } else { 128 };
    let prefix = prefix.unwrap_or(bits);
    if prefix > bits {
        return None;
    }
    let network = match network {
        IpAddr::V4(v4) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(u32::from(v4) & mask))
        }
        IpAddr::V6(v6) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(u128::from(v6) & mask))
        }
    };
    Some(Block { network, prefix })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(text: &str) -> AllowedHosts {
        AllowedHosts::parse(text).unwrap()
    }

    fn url_allowed(list: &AllowedHosts, url: &str) -> bool {
        let url = url::Url::parse(url).unwrap();
        list.allows_url_host(&url.host().unwrap(), url.port_or_known_default().unwrap())
    }

    #[test]
    fn names_addresses_and_blocks_parse_with_optional_ports() {
        let list = hosts(
            "ollama.lan, LocalHost:11434 10.0.0.5 [fd00::5]:8080,192.168.0.0/16:8000 fd00::/8 [fc00::/7]:1",
        );
        assert_eq!(list.entries.len(), 7);
        assert!(AllowedHosts::parse("").unwrap().is_empty());
        assert!(AllowedHosts::parse(" , ").unwrap().is_empty());
    }

    #[test]
    fn malformed_entries_are_refused_naming_the_entry() {
        for entry in [
            "host:0",
            "host:99999",
            "host:port",
            "10.0.0.0/33",
            "[10.0.0.1]:80",
            "[fd00::1",
            "[fd00::1]x",
            ":8080",
            "fd00::/200",
            "bad!name",
            "a/b.example",
            "10.0.0.1/8/8",
        ] {
            let error = AllowedHosts::parse(entry).unwrap_err();
            assert_eq!(error.entry, entry);
            assert!(error.to_string().contains(entry), "{error}");
        }
    }

    #[test]
    fn urls_match_by_name_address_block_and_port() {
        let list = hosts("ollama.lan localhost:11434 10.0.0.5 [::1]:9000 192.168.0.0/16:8000");
        for allowed in [
            "http://ollama.lan/v1",
            "http://OLLAMA.LAN.:1234/v1",
            "http://localhost:11434/v1",
            "http://10.0.0.5:1/v1",
            "http://[::1]:9000/v1",
            "http://192.168.44.3:8000/v1",
        ] {
            assert!(url_allowed(&list, allowed), "{allowed} should be allowed");
        }
        for refused in [
            "http://other.lan/v1",
            "http://localhost:11435/v1",
            "http://localhost/v1",
            "http://10.0.0.6/v1",
            "http://[::1]:9001/v1",
            "http://127.0.0.1:9000/v1",
            "http://192.168.44.3:8001/v1",
            "http://ollama.lan.evil.example/v1",
        ] {
            assert!(!url_allowed(&list, refused), "{refused} should be refused");
        }
    }

    #[test]
    fn resolved_addresses_match_only_blocks_without_a_port() {
        let list = hosts("10.0.0.0/8 192.168.1.5:8000 fd00::/8 ollama.lan:11434");
        assert!(list.allows_resolved_address("10.9.8.7".parse().unwrap()));
        assert!(list.allows_resolved_address("::ffff:10.9.8.7".parse().unwrap()));
        assert!(list.allows_resolved_address("fd00::1".parse().unwrap()));
        assert!(!list.allows_resolved_address("192.168.1.5".parse().unwrap()));
        assert!(!list.allows_resolved_address("127.0.0.1".parse().unwrap()));
        assert!(list.allows_name("ollama.lan"));
        assert!(list.allows_name("Ollama.Lan."));
        assert!(!list.allows_name("localhost"));
    }
}
