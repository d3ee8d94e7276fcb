//! The client address of a request, behind trusted proxies.
//!
//! Certa sees the address of whoever opened the connection (the peer). Behind a load
//! balancer or a reverse proxy that is the proxy, and the client's own address comes in
//! `X-Forwarded-For`, which each proxy extends on the right with the address it received
//! the request from. Anyone can send that header, so it is read only when the peer is a
//! proxy named in `CERTA_TRUSTED_PROXIES` ([`TrustedProxies`]), and then from the right:
//! the client is the rightmost address that is not a trusted proxy (everything left of it
//! was written by the client or by proxies nobody vouches for). Without trusted proxies,
//! or when the peer is not one of them, the client is the peer.
//!
//! [`client_addr`] is the one place the request handlers ask: the sign-in throttling, the
//! rate limit of the public routes and the verification analytics all count by it. (The
//! request log records no client address at all.)

use actix_web::HttpRequest;
use actix_web::web;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// At most this many `X-Forwarded-For` entries are read from the right; a longer chain of
/// trusted proxies is not believed.
pub const MAX_HOPS: usize = 32;

/// An address block: an address and the number of leading bits that must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Block {
    addr: IpAddr,
    prefix: u8,
}

impl Block {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for Block {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// The proxies whose `X-Forwarded-For` is believed (`CERTA_TRUSTED_PROXIES`): addresses
/// and CIDR blocks. Empty by default: the client is the peer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    blocks: Vec<Block>,
}

/// An IPv4 address written as IPv6 (`::ffff:192.0.2.1`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

impl TrustedProxies {
    /// No trusted proxy.
    pub fn none() -> Self {
        Self::default()
    }

    /// Parses a comma-separated list of addresses (`10.0.0.7`, `::1`) and CIDR blocks
    /// (`10.0.0.0/8`, `fd00::/8`); blanks around entries are ignored, and so is an empty
    /// list. The error names the first entry that is neither.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut blocks = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let bad = || {
                format!(
                    "'{}' is not an IP address or a CIDR block such as 10.0.0.0/8",
                    entry.escape_debug()
                )
            };
            let (addr, prefix) = match entry.split_once('/') {
                Some((a, p)) => (a, Some(p)),
                None => (entry, None),
            };
            let addr = canonical(addr.parse::<IpAddr>().map_err(|_| bad())?);
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let prefix = match prefix {
                None => max,
                Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?
                }
                Some(_) => return Err(bad()),
            };
            blocks.push(Block { addr, prefix });
        }
        Ok(Self { blocks })
    }

    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Whether `ip` is a trusted proxy.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.blocks.iter().any(|b| b.contains(ip))
    }

    /// The client's address for a connection from `peer` carrying the `X-Forwarded-For`
    /// header values `forwarded` (in the order received): the peer itself unless it is a
    /// trusted proxy; else the rightmost forwarded address that is not a trusted proxy
    /// (the leftmost one when all are). An entry that is no address ends the walk: the
    /// last trusted hop before it is the answer, since nothing to its left can be
    /// believed.
    pub fn client_ip<'a>(&self, peer: IpAddr, forwarded: impl Iterator<Item = &'a str>) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let entries: Vec<&str> = forwarded
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for entry in entries.iter().rev().take(MAX_HOPS) {
            let Some(ip) = parse_forwarded(entry) else {
                return client;
            };
            client = ip;
            if !self.contains(ip) {
                return ip;
            }
        }
        if entries.len() > MAX_HOPS {
            // Longer than any real chain of proxies: believe none of it.
            return peer;
        }
        client
    }

    /// The blocks, as `address/prefix` (for the start-up log).
    pub fn describe(&self) -> String {
        self.blocks
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`192.0.2.1:4711`,
/// `[2001:db8::1]:4711`) as some proxies write it.
fn parse_forwarded(entry: &str) -> Option<IpAddr> {
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Some(rest) = entry.strip_prefix('[') {
        let (v6, _) = rest.split_once(']')?;
        return v6
            .parse::<Ipv6Addr>()
            .ok()
            .map(|ip| canonical(IpAddr::V6(ip)));
    }
    let (v4, port) = entry.split_once(':')?;
    port.parse::<u16>().ok()?;
    v4.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
}

/// The client address of `req` (see the module documentation): from `X-Forwarded-For`
/// when the peer is a trusted proxy of the application's [`TrustedProxies`], else the
/// peer's. `None` only when the connection has no peer address (tests without a socket).
pub fn client_addr(req: &HttpRequest) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    let Some(trusted) = req.app_data::<web::Data<TrustedProxies>>() else {
        return Some(canonical(peer));
    };
    if trusted.is_empty() {
        return Some(canonical(peer));
    }
    let values = req
        .headers()
        .get_all("x-forwarded-for")
        .map(|v| v.to_str().unwrap_or("\u{fffd}"));
    Some(trusted.client_ip(peer, values))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn client(trusted: &str, peer: &str, xff: &[&str]) -> IpAddr {
        TrustedProxies::parse(trusted)
            .unwrap()
            .client_ip(ip(peer), xff.iter().copied())
    }

    #[test]
    fn the_setting_takes_addresses_and_blocks_and_names_a_bad_entry() {
        let t = TrustedProxies::parse(" 10.0.0.0/8, 192.168.1.7 ,::1, fd00::/8,").unwrap();
        assert_eq!(
            t.describe(),
            "10.0.0.0/8, 192.168.1.7/32, ::1/128, fd00::/8"
        );
        assert!(t.contains(ip("10.200.3.4")));
        assert!(t.contains(ip("::ffff:10.1.2.3")), "IPv4 written as IPv6");
        assert!(t.contains(ip("192.168.1.7")));
        assert!(!t.contains(ip("192.168.1.8")));
        assert!(t.contains(ip("fd12::1")));
        assert!(!t.contains(ip("fe80::1")));
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert!(TrustedProxies::parse(" , ").unwrap().is_empty());
        assert!(
            TrustedProxies::parse("0.0.0.0/0")
                .unwrap()
                .contains(ip("203.0.113.9"))
        );
        for bad in [
            "10.0.0.0/33",
            "fd00::/129",
            "10.0.0.0/",
            "10.0.0.0/+8",
            "10.0.0.0/-1",
            "proxy.internal",
            "10.0.0.1:8080",
            "10.0.0.0/8/8",
        ] {
            let e = TrustedProxies::parse(&format!("127.0.0.1,{bad}")).unwrap_err();
            assert!(e.contains(&bad.trim().escape_debug().to_string()), "{e}");
        }
    }

    #[test]
    fn a_spoofed_header_from_an_untrusted_peer_is_ignored() {
        assert_eq!(
            client("10.0.0.0/8", "203.0.113.9", &["198.51.100.1"]),
            ip("203.0.113.9")
        );
        assert_eq!(client("", "203.0.113.9", &["10.0.0.1"]), ip("203.0.113.9"));
        assert_eq!(
            client("10.0.0.0/8", "::ffff:203.0.113.9", &[]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn the_rightmost_untrusted_address_of_a_chain_is_the_client() {
        // The client forged the leftmost entry; the proxies appended the rest.
        assert_eq!(
            client(
                "10.0.0.0/8",
                "10.0.0.2",
                &["1.2.3.4, 198.51.100.7, 10.0.0.9"]
            ),
            ip("198.51.100.7")
        );
        // The same chain over several header lines.
        assert_eq!(
            client(
                "10.0.0.0/8",
                "10.0.0.2",
                &["1.2.3.4", "198.51.100.7", "10.0.0.9"]
            ),
            ip("198.51.100.7")
        );
        // A trusted peer without the header: the peer.
        assert_eq!(client("10.0.0.0/8", "10.0.0.2", &[]), ip("10.0.0.2"));
        // Every hop trusted: the leftmost.
        assert_eq!(
            client("10.0.0.0/8", "10.0.0.2", &["10.1.1.1, 10.0.0.9"]),
            ip("10.1.1.1")
        );
        // Ports and IPv6.
        assert_eq!(
            client("::1", "::1", &["[2001:db8::5]:4711"]),
            ip("2001:db8::5")
        );
        assert_eq!(
            client("127.0.0.1", "127.0.0.1", &["192.0.2.1:4711"]),
            ip("192.0.2.1")
        );
    }

    #[test]
    fn a_garbage_header_is_not_believed() {
        // Garbage right after the trusted peer: the peer.
        assert_eq!(
            client("10.0.0.0/8", "10.0.0.2", &["not an address"]),
            ip("10.0.0.2")
        );
        assert_eq!(client("10.0.0.0/8", "10.0.0.2", &[""]), ip("10.0.0.2"));
        // Garbage left of a trusted hop: that hop.
        assert_eq!(
            client("10.0.0.0/8", "10.0.0.2", &["1.2.3.4, <script>, 10.0.0.9"]),
            ip("10.0.0.9")
        );
        // Garbage left of the client: never read.
        assert_eq!(
            client("10.0.0.0/8", "10.0.0.2", &["'; drop table, 198.51.100.7"]),
            ip("198.51.100.7")
        );
        // A chain longer than any real one: the peer.
        let long = vec!["10.9.9.9"; MAX_HOPS + 1].join(",");
        assert_eq!(client("10.0.0.0/8", "10.0.0.2", &[&long]), ip("10.0.0.2"));
    }
}
