//! Logging: human-readable lines or JSON, filtered by `RUST_LOG` (default `info`).
//! Never log passwords, tokens, mail bodies or link tokens (see the README's rules).
//!
//! Every line goes through [`Escaping`]: a value that holds a line break or another
//! control character (a rejected input quoted in an error, a server's answer) is written
//! escaped, so no request can forge a log line.

use crate::LogFormat;
use std::io;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber writing to standard error (once; later calls are
/// ignored).
pub fn init(format: LogFormat) {
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    init_to(format, ansi, std::io::stderr);
}

/// Installs the global subscriber writing each line through [`Escaping`] into what
/// `make` returns (once; later calls are ignored). `ansi` keeps the terminal's colour
/// codes, which are the only control characters left unescaped then.
pub fn init_to<W, F>(format: LogFormat, ansi: bool, make: F)
where
    W: io::Write + 'static,
    F: Fn() -> W + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,actix_server=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        // One line per request when its span closes (method, route, status, request id).
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || Escaping::new(make(), ansi));
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.compact().try_init(),
    };
}

/// A writer for formatted log events. The formatter writes one whole event per call,
/// ending with a line break; every other control character of the event is escaped
/// (`\n`, `\r`, `\t`, `\x1f`…), so each event stays one line whatever its values hold.
pub struct Escaping<W> {
    inner: W,
    keep_ansi: bool,
}

impl<W> Escaping<W> {
    /// Wraps `inner`; `keep_ansi` lets the escape character of colour codes through.
    pub fn new(inner: W, keep_ansi: bool) -> Self {
        Self { inner, keep_ansi }
    }
}

/// `line` with every control character escaped but a final line break.
pub fn escape_line(line: &[u8], keep_ansi: bool) -> Vec<u8> {
    let (body, newline) = match line.strip_suffix(b"\n") {
        Some(body) => (body, true),
        None => (line, false),
    };
    let mut out = Vec::with_capacity(line.len() + 16);
    for &b in body {
        match b {
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x1b if keep_ansi => out.push(b),
            0..=0x1f | 0x7f => out.extend_from_slice(format!("\\x{b:02x}").as_bytes()),
            _ => out.push(b),
        }
    }
    if newline {
        out.push(b'\n');
    }
    out
}

impl<W: io::Write> io::Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write_all(&escape_line(buf, self.keep_ansi))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::escape_line;

    #[test]
    fn a_value_with_line_breaks_stays_on_its_line() {
        let forged = b"WARN rejected name=\"a\nINFO admin signed in\r\n\x1b[31m\" x\n";
        let out = String::from_utf8(escape_line(forged, false)).unwrap_or_default();
        assert_eq!(out.matches('\n').count(), 1, "{out}");
        assert!(out.ends_with('\n'));
        assert!(
            out.contains("a\\nINFO admin signed in\\r\\n\\x1b[31m"),
            "{out}"
        );
        let coloured = String::from_utf8(escape_line(b"\x1b[2mINFO\x1b[0m\n", true));
        assert_eq!(coloured.unwrap_or_default(), "\x1b[2mINFO\x1b[0m\n");
    }
}
