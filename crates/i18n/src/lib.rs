//! The words of Certa's pages and mails, in each language it speaks.
//!
//! Every user-visible sentence is a message of a [Fluent](https://projectfluent.org/)
//! catalogue: `web/locales/{language}/*.ftl`, embedded in the binary. Templates ask for a
//! message with the `t` helper ([`Translate`]); Rust code that builds words (notices,
//! labels of statuses, chart titles) asks a [`Tr`]. English is complete and the language
//! every look-up falls back to; German is complete too.
//!
//! Which language a reader gets: their own choice, else their certification body's, else
//! (on pages nobody is signed in to) the browser's `Accept-Language` ([`Lang::negotiate`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use certa_domain::stored::Stored;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

#[derive(rust_embed::RustEmbed)]
#[folder = "../../web/locales"]
#[include = "*.ftl"]
struct Locales;

/// A language Certa speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Lang {
    /// English: the catalogue every look-up falls back to.
    #[default]
    En,
    /// German.
    De,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::De];

    /// The language tag (`en`, `de`): the stored value and the HTML `lang` attribute.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// The language's name in itself (`English`, `Deutsch`), as a language menu shows it.
    pub const fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
        }
    }

    /// The language a tag names by its primary subtag (`de`, `de-AT`, `EN-gb`), if Certa
    /// speaks it.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.iter().copied().find(|l| l.code() == primary)
    }

    /// The best language of an `Accept-Language` header (RFC 9110 12.5.4): the one of
    /// highest weight Certa speaks; the first listed wins a tie; `q=0` refuses a language.
    pub fn negotiate(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, u16)> = None;
        for item in header.split(',').take(32) {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else {
                continue;
            };
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0)
                .clamp(0.0, 1.0);
            // Weights have at most three decimals: compared as thousandths.
            let w = (q * 1000.0).round() as u16;
            if w > 0 && best.is_none_or(|(_, b)| w > b) {
                best = Some((lang, w));
            }
        }
        best.map(|(l, _)| l)
    }
}

/// One argument of a message: words or a number (numbers choose plural forms).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Words, inserted as they are.
    Text(String),
    /// A number.
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_arg!(i32, i64, u32, u64, usize, f64);

impl Arg {
    fn value(&self) -> FluentValue<'_> {
        match self {
            Arg::Text(s) => FluentValue::from(s.as_str()),
            Arg::Number(n) => FluentValue::from(*n),
        }
    }
}

/// The catalogue: every language's messages, parsed once at start.
pub struct Catalogue {
    bundles: BTreeMap<Lang, FluentBundle<FluentResource>>,
    /// Every message id and its file, per language (for checks and tests).
    ids: BTreeMap<Lang, BTreeMap<String, String>>,
    /// The English shape of every `svc-` message: sentences the services write in
    /// English, recognised to be worded again in another language.
    shapes: Vec<(String, Vec<Part>)>,
}

/// A piece of a message's English shape: words, or an argument.
#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Arg(String),
}

/// The arguments that make `text` out of `parts`, if any do (each argument non-empty and
/// as short as the rest allows).
fn match_shape(parts: &[Part], text: &str, found: &mut Vec<(String, String)>) -> bool {
    match parts.split_first() {
        None => text.is_empty(),
        Some((Part::Text(t), rest)) => text
            .strip_prefix(t.as_str())
            .is_some_and(|r| match_shape(rest, r, found)),
        Some((Part::Arg(name), rest)) => match rest.first() {
            None => {
                found.push((name.clone(), text.to_owned()));
                !text.is_empty()
            }
            Some(Part::Text(next)) => {
                for (i, _) in text.match_indices(next.as_str()).filter(|(i, _)| *i > 0) {
                    let before = found.len();
                    found.push((name.clone(), text[..i].to_owned()));
                    if match_shape(rest, &text[i..], found) {
                        return true;
                    }
                    found.truncate(before);
                }
                false
            }
            // Two arguments side by side cannot be told apart.
            Some(Part::Arg(_)) => false,
        },
    }
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field(
                "messages",
                &self.ids.values().map(BTreeMap::len).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Catalogue {
    /// Parses the embedded catalogue. Refuses a file that does not parse and an id defined
    /// twice in one language, naming the file.
    pub fn load() -> Result<Self, String> {
        let mut bundles = BTreeMap::new();
        let mut ids = BTreeMap::new();
        for &lang in Lang::ALL {
            let tag: unic_langid::LanguageIdentifier = lang
                .code()
                .parse()
                .map_err(|e| format!("language {}: {e}", lang.code()))?;
            let mut bundle = FluentBundle::new_concurrent(vec![tag]);
            // Pages and mails are not mixed-direction text: no isolation marks around
            // arguments (they would show in text mails and break searches in pages).
            bundle.set_use_isolating(false);
            let mut seen = BTreeMap::new();
            let prefix = format!("{}/", lang.code());
            let mut files: Vec<_> = Locales::iter().filter(|f| f.starts_with(&prefix)).collect();
            files.sort();
            for file in files {
                let Some(body) = Locales::get(&file) else {
                    continue;
                };
                let src = String::from_utf8(body.data.into_owned())
                    .map_err(|_| format!("{file}: not UTF-8"))?;
                let res = FluentResource::try_new(src).map_err(|(_, errors)| {
                    format!(
                        "{file}: {}",
                        errors.first().map(|e| e.to_string()).unwrap_or_default()
                    )
                })?;
                for entry in res.entries() {
                    if let fluent_syntax::ast::Entry::Message(m) = entry
                        && let Some(other) = seen.insert(m.id.name.to_owned(), file.to_string())
                    {
                        return Err(format!(
                            "{file}: {} is already defined in {other}",
                            m.id.name
                        ));
                    }
                }
                bundle
                    .add_resource(res)
                    .map_err(|errors| format!("{file}: {errors:?}"))?;
            }
            bundles.insert(lang, bundle);
            ids.insert(lang, seen);
        }
        let mut shapes = Vec::new();
        for file in Locales::iter().filter(|f| f.starts_with("en/")) {
            let Some(body) = Locales::get(&file) else {
                continue;
            };
            let src = String::from_utf8_lossy(&body.data).into_owned();
            let Ok(res) = fluent_syntax::parser::parse(src.as_str()) else {
                continue;
            };
            for entry in res.body {
                let fluent_syntax::ast::Entry::Message(m) = entry else {
                    continue;
                };
                let (true, Some(value)) = (m.id.name.starts_with("svc-"), m.value) else {
                    continue;
                };
                let mut parts = Vec::new();
                for e in value.elements {
                    match e {
                        fluent_syntax::ast::PatternElement::TextElement { value } => {
                            parts.push(Part::Text(value.to_owned()));
                        }
                        fluent_syntax::ast::PatternElement::Placeable {
                            expression:
                                fluent_syntax::ast::Expression::Inline(
                                    fluent_syntax::ast::InlineExpression::VariableReference { id },
                                ),
                        } => parts.push(Part::Arg(id.name.to_owned())),
                        _ => return Err(format!("{file}: {} may only name arguments", m.id.name)),
                    }
                }
                shapes.push((m.id.name.to_owned(), parts));
            }
        }
        Ok(Self {
            bundles,
            ids,
            shapes,
        })
    }

    /// Every message id of `lang`, with the file that defines it.
    pub fn ids(&self, lang: Lang) -> &BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.ids.get(&lang).unwrap_or(&EMPTY)
    }

    /// Whether `lang` has the message `id`.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundles.get(&lang).is_some_and(|b| b.has_message(id))
    }

    /// The message `id` in `lang` with its arguments; `None` when `lang` lacks it.
    pub fn format_in(&self, lang: Lang, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let bundle = self.bundles.get(&lang)?;
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned(),
        )
    }

    /// The message `id` in `lang`, else in English, else the id itself (a missing message
    /// shows as its id, which the catalogue checks keep from ever reaching a user).
    pub fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        self.format_in(lang, id, args)
            .or_else(|| self.format_in(Lang::En, id, args))
            .unwrap_or_else(|| id.to_owned())
    }

    /// A sentence a service wrote in English, in `lang`: when a `svc-` message has its
    /// shape, that message in `lang` with the same arguments (labels, `…_label`, and days
    /// in English words put into `lang` too); otherwise the sentence as it is.
    pub fn reword(&self, lang: Lang, english: &str) -> String {
        if lang == Lang::En {
            return english.to_owned();
        }
        for (id, parts) in &self.shapes {
            let mut found = Vec::new();
            if !match_shape(parts, english, &mut found) {
                continue;
            }
            let mut args = FluentArgs::with_capacity(found.len());
            for (name, value) in found {
                let local = if name.ends_with("_label") {
                    self.label_in(lang, &value)
                } else {
                    format::english_day(lang, &value)
                };
                args.set(name, FluentValue::from(local.unwrap_or(value)));
            }
            return self.format(lang, id, Some(&args));
        }
        english.to_owned()
    }

    /// The label in `lang` of a stored value given by its English label.
    pub fn label_in(&self, lang: Lang, english: &str) -> Option<String> {
        self.label_of(lang, english, &[""])
    }

    /// The label in `lang` of a stored value given by its English label, looked up only
    /// among the labels whose id starts with one of `families` (`nonconformity-grade-`).
    pub fn label_of(&self, lang: Lang, english: &str, families: &[&str]) -> Option<String> {
        self.ids(Lang::En)
            .iter()
            .filter(|(id, file)| {
                file.ends_with("labels.ftl") && families.iter().any(|f| id.starts_with(f))
            })
            .find(|(id, _)| self.format_in(Lang::En, id, None).as_deref() == Some(english))
            .map(|(id, _)| self.format(lang, id, None))
    }

    /// A translator for `lang`.
    pub fn tr(&self, lang: Lang) -> Tr<'_> {
        Tr { cat: self, lang }
    }
}

/// The message id of a stored value's label: `{kind}-{value}` with spaces and `_` as `-`
/// (`audit status` `in_progress` → `audit-status-in-progress`).
pub fn label_id(kind: &str, value: &str) -> String {
    format!("{kind}-{value}")
        .chars()
        .map(|c| match c {
            ' ' | '_' | '.' | '/' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Words in one language, for Rust code that builds them.
#[derive(Clone, Copy)]
pub struct Tr<'a> {
    cat: &'a Catalogue,
    lang: Lang,
}

impl std::fmt::Debug for Tr<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Tr").field(&self.lang).finish()
    }
}

impl<'a> Tr<'a> {
    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The catalogue.
    pub fn catalogue(&self) -> &'a Catalogue {
        self.cat
    }

    /// The message `id`.
    pub fn t(&self, id: &str) -> String {
        self.cat.format(self.lang, id, None)
    }

    /// The message `id` with arguments.
    pub fn f(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fa = FluentArgs::with_capacity(args.len());
        for (k, v) in args {
            fa.set(*k, v.value());
        }
        self.cat.format(self.lang, id, Some(&fa))
    }

    /// A sentence a service wrote in English, in this language (see [`Catalogue::reword`]).
    pub fn reword(&self, english: &str) -> String {
        self.cat.reword(self.lang, english)
    }

    /// The label of a stored value (a status, kind, grade or role).
    pub fn label<T: Stored>(&self, v: T) -> String {
        self.t(&label_id(T::KIND, v.as_str()))
    }
}

/// The `t` helper of the templates: `{{t "id"}}`, `{{t "id" client=name count=n}}`, or
/// `{{t "prefix" value}}` for the message `prefix-value` (see [`label_id`]).
///
/// In HTML templates every string argument is escaped, except those whose name ends in
/// `_html` (markup made by another helper, such as `day_html=(human_day d)`); the message
/// text itself holds no markup (the catalogue checks refuse `<` and `>`) and is written as
/// it is. Numbers stay numbers, so plural forms are chosen.
#[derive(Clone)]
pub struct Translate {
    cat: Arc<Catalogue>,
    lang: Lang,
    html: bool,
}

impl Translate {
    /// The helper for templates rendered in `lang`; `html` escapes arguments.
    pub fn new(cat: Arc<Catalogue>, lang: Lang, html: bool) -> Self {
        Self { cat, lang, html }
    }
}

fn json_arg(lang: Lang, name: &str, v: &serde_json::Value, html: bool) -> FluentValue<'static> {
    use serde_json::Value;
    match v {
        // A number keeps the decimals it was written with (`3.0` stays `3.0`); German
        // writes a decimal comma (such a number is never singular, so it may be text).
        Value::Number(n) => {
            let written = n.to_string();
            match lang {
                Lang::De if written.contains('.') => FluentValue::from(written.replace('.', ",")),
                _ => match written.parse::<fluent_bundle::types::FluentNumber>() {
                    Ok(n) => n.into(),
                    Err(_) => FluentValue::from(written),
                },
            }
        }
        Value::String(s) if html && !name.ends_with("_html") => {
            FluentValue::from(handlebars::html_escape(s))
        }
        Value::String(s) => FluentValue::from(s.clone()),
        Value::Null => FluentValue::from(""),
        Value::Bool(b) => FluentValue::from(if *b { "true" } else { "false" }),
        other if html => FluentValue::from(handlebars::html_escape(&other.to_string())),
        other => FluentValue::from(other.to_string()),
    }
}

impl handlebars::HelperDef for Translate {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &handlebars::Helper<'rc>,
        _: &'reg handlebars::Handlebars<'reg>,
        _: &'rc handlebars::Context,
        _: &mut handlebars::RenderContext<'reg, 'rc>,
        out: &mut dyn handlebars::Output,
    ) -> handlebars::HelperResult {
        let id = h
            .param(0)
            .and_then(|p| p.value().as_str())
            .ok_or_else(|| handlebars::RenderErrorReason::ParamNotFoundForIndex("t", 0))?;
        let id = match h.param(1).map(|p| p.value()) {
            Some(serde_json::Value::String(v)) => label_id(id, v),
            Some(serde_json::Value::Null) | None => id.to_owned(),
            Some(v) => label_id(id, &v.to_string()),
        };
        let mut args = FluentArgs::with_capacity(h.hash().len());
        for (name, v) in h.hash() {
            args.set(*name, json_arg(self.lang, name, v.value(), self.html));
        }
        out.write(&self.cat.format(self.lang, &id, Some(&args)))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;

/// Days, moments and sizes as people of each language write them.
pub mod format {
    use super::Lang;
    use chrono::Datelike;

    const EN_MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const DE_MONTHS: [&str; 12] = [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
        "Dez.",
    ];

    fn month(lang: Lang, d: chrono::NaiveDate) -> &'static str {
        let i = d.month0() as usize;
        match lang {
            Lang::En => EN_MONTHS[i],
            Lang::De => DE_MONTHS[i],
        }
    }

    /// Day and month: `7 Dec` / `7. Dez.`.
    fn day_month(lang: Lang, d: chrono::NaiveDate) -> String {
        match lang {
            Lang::En => format!("{} {}", d.day(), month(lang, d)),
            Lang::De => format!("{}. {}", d.day(), month(lang, d)),
        }
    }

    /// A day: `7 Dec 2026` / `7. Dez. 2026`.
    pub fn day(lang: Lang, d: chrono::NaiveDate) -> String {
        format!("{} {}", day_month(lang, d), d.year())
    }

    /// A day with the month in full: `7 December 2026` / `7. Dezember 2026`.
    pub fn long_day(lang: Lang, d: chrono::NaiveDate) -> String {
        const DE: [&str; 12] = [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ];
        match lang {
            Lang::En => d.format("%-d %B %Y").to_string(),
            Lang::De => format!("{}. {} {}", d.day(), DE[d.month0() as usize], d.year()),
        }
    }

    /// Two days as one span, naming the month and year once when they are shared:
    /// `7–8 Dec 2026` / `7.–8. Dez. 2026`, `30 Nov – 2 Dec 2026`; one day when they are
    /// the same.
    pub fn days(lang: Lang, a: chrono::NaiveDate, b: chrono::NaiveDate) -> String {
        if a == b {
            day(lang, a)
        } else if (a.year(), a.month()) == (b.year(), b.month()) {
            let first = match lang {
                Lang::En => a.day().to_string(),
                Lang::De => format!("{}.", a.day()),
            };
            format!("{first}–{}", day(lang, b))
        } else if a.year() == b.year() {
            format!("{} – {}", day_month(lang, a), day(lang, b))
        } else {
            format!("{} – {}", day(lang, a), day(lang, b))
        }
    }

    /// A moment to the minute in its own time zone: `7 Dec 2026, 14:05 CET` /
    /// `7. Dez. 2026, 14:05 CET`.
    pub fn moment<Tz: chrono::TimeZone>(lang: Lang, t: &chrono::DateTime<Tz>) -> String
    where
        Tz::Offset: std::fmt::Display,
    {
        format!("{}, {}", day(lang, t.date_naive()), t.format("%H:%M %Z"))
    }

    /// A moment to the second: `7 Dec 2026, 14:05:09 CET`.
    pub fn moment_exact<Tz: chrono::TimeZone>(lang: Lang, t: &chrono::DateTime<Tz>) -> String
    where
        Tz::Offset: std::fmt::Display,
    {
        format!("{}, {}", day(lang, t.date_naive()), t.format("%H:%M:%S %Z"))
    }

    /// A day written in English words (`6 December 2026`, `7 Dec 2026`) as `lang` writes
    /// it; `None` for anything else.
    pub fn english_day(lang: Lang, s: &str) -> Option<String> {
        if !s.ends_with(|c: char| c.is_ascii_digit()) || s.len() > 20 {
            return None;
        }
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%d %B %Y")
            && d.format("%-d %B %Y").to_string() == s
        {
            return Some(long_day(lang, d));
        }
        chrono::NaiveDate::parse_from_str(s, "%d %b %Y")
            .ok()
            .filter(|d| d.format("%-d %b %Y").to_string() == s)
            .map(|d| day(lang, d))
    }

    /// A decimal for people: `1.5` / `1,5`.
    pub fn decimal(lang: Lang, n: f64, places: usize) -> String {
        let s = format!("{n:.places$}");
        match lang {
            Lang::En => s,
            Lang::De => s.replace('.', ","),
        }
    }

    /// A file size: `512 bytes`, `1.5 KB`, `2.3 MB` (1 KB = 1,024 bytes); German writes
    /// `512 Bytes`, `1,5 KB`.
    pub fn size(lang: Lang, bytes: u64) -> String {
        const KB: f64 = 1024.0;
        let b = bytes as f64;
        if bytes < 1024 {
            match lang {
                Lang::En => format!("{bytes} bytes"),
                Lang::De => format!("{bytes} Bytes"),
            }
        } else if b < KB * KB {
            format!("{} KB", decimal(lang, b / KB, 1))
        } else if b < KB * KB * KB {
            format!("{} MB", decimal(lang, b / (KB * KB), 1))
        } else {
            format!("{} GB", decimal(lang, b / (KB * KB * KB), 1))
        }
    }
}
