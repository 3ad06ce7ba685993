//! Web addresses a citizen is sent to (QR codes, the bureau's online channel):
//! each must be https and point at a real, public name, not a placeholder left
//! from an example or an address that only works inside an office.

/// Why an address must not be shown to a citizen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not `https://…`: plain http, another scheme, or no scheme at all.
    NotHttps,
    /// No host, or a host with spaces or other characters no address has.
    Malformed,
    /// A name reserved for examples, tests or the local machine (example.*,
    /// *.test, *.invalid, *.localhost, localhost, *.example, *.local).
    Placeholder { host: String },
    /// A bare IPv4 or IPv6 address instead of a published name.
    BareIp { host: String },
}

impl UrlProblem {
    /// What is wrong (Chinese, English) and what to do (Chinese, English).
    pub fn messages(&self, url: &str) -> (String, String, (String, String)) {
        let real = (
            "换成本单位正式公布的 https:// 网址，并用手机扫码试一下能打开".to_owned(),
            "use the body's published https:// address, and scan it with a phone to be sure it opens".to_owned(),
        );
        match self {
            Self::NotHttps => (
                format!("网址 “{url}” 不是以 https:// 开头的安全网址"),
                format!("`{url}` is not an https:// address"),
                real,
            ),
            Self::Malformed => (
                format!("网址 “{url}” 写得不完整或含有空格等字符"),
                format!("`{url}` is not a complete web address"),
                real,
            ),
            Self::Placeholder { host } => (
                format!("网址 “{url}” 指向示例或保留域名 {host}，扫码打不开真实页面"),
                format!("`{url}` points at the placeholder or reserved domain `{host}`"),
                real,
            ),
            Self::BareIp { host } => (
                format!("网址 “{url}” 用的是 IP 地址 {host}，不是公布的域名，群众扫码多半打不开"),
                format!("`{url}` uses the bare IP address `{host}` instead of a published name"),
                real,
            ),
        }
    }
}

/// Checks `url`; `None` when it may be shown to a citizen.
pub fn problem(url: &str) -> Option<UrlProblem> {
    let Some(rest) = url.strip_prefix("https://") else {
        return Some(UrlProblem::NotHttps);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    if host_port.starts_with('[') {
        let host = host_port
            .split(']')
            .next()
            .unwrap_or("")
            .trim_start_matches('[');
        return Some(UrlProblem::BareIp {
            host: host.to_owned(),
        });
    }
    let host = host_port.split(':').next().unwrap_or("").to_lowercase();
    let host = host.trim_end_matches('.');
    let allowed = |c: char| c.is_alphanumeric() || c == '-' || c == '.';
    if host.is_empty()
        || !host.chars().all(allowed)
        || url.chars().any(char::is_whitespace)
        || host.split('.').any(str::is_empty)
    {
        return Some(UrlProblem::Malformed);
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() == 4 && labels.iter().all(|l| l.parse::<u8>().is_ok()) {
        return Some(UrlProblem::BareIp {
            host: host.to_owned(),
        });
    }
    let last = labels.last().copied().unwrap_or_default();
    let reserved_top = ["test", "invalid", "localhost", "example", "local"];
    let placeholder = host == "localhost"
        || reserved_top.contains(&last)
        // example.com, example.org, www.example.gov.cn: any name under "example".
        || labels.contains(&"example");
    placeholder.then(|| UrlProblem::Placeholder {
        host: host.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_published_https_addresses() {
        for url in [
            "https://www.gjxfj.gov.cn/",
            "https://wsxf.gjxfj.gov.cn/",
            "https://xf.hubin.gov.cn:8443/wsxf?from=kiosk#top",
        ] {
            assert_eq!(problem(url), None, "{url}");
        }
    }

    #[test]
    fn refuses_addresses_that_are_not_https() {
        for url in [
            "http://www.gjxfj.gov.cn/",
            "www.gjxfj.gov.cn",
            "ftp://x.gov.cn/",
            "HTTPS//x",
        ] {
            assert_eq!(problem(url), Some(UrlProblem::NotHttps), "{url}");
        }
    }

    #[test]
    fn refuses_placeholder_and_reserved_names() {
        for (url, host) in [
            ("https://www.example.gov.cn/xinfang", "www.example.gov.cn"),
            ("https://example.com", "example.com"),
            ("https://EXAMPLE.org/", "example.org"),
            ("https://xinfang.test/", "xinfang.test"),
            ("https://a.invalid/", "a.invalid"),
            ("https://kiosk.localhost/", "kiosk.localhost"),
            ("https://localhost:8080/", "localhost"),
            ("https://printer.local/", "printer.local"),
        ] {
            assert_eq!(
                problem(url),
                Some(UrlProblem::Placeholder { host: host.into() }),
                "{url}"
            );
        }
    }

    #[test]
    fn refuses_bare_ip_addresses() {
        assert_eq!(
            problem("https://192.168.1.10/xf"),
            Some(UrlProblem::BareIp {
                host: "192.168.1.10".into()
            })
        );
        assert_eq!(
            problem("https://[2001:db8::1]:443/"),
            Some(UrlProblem::BareIp {
                host: "2001:db8::1".into()
            })
        );
    }

    #[test]
    fn refuses_incomplete_addresses() {
        for url in [
            "https://",
            "https:///path",
            "https://a b.gov.cn/",
            "https://x..cn/",
        ] {
            assert_eq!(problem(url), Some(UrlProblem::Malformed), "{url}");
        }
    }
}
