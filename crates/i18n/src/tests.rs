//! Checks of the catalogue itself (every language complete, no markup, every label) and of
//! the templates (no words outside the catalogue, no unknown message).

use super::*;
use fluent_syntax::ast;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn catalogue() -> Catalogue {
    Catalogue::load().expect("the catalogue parses")
}

/// Every variable a pattern uses, selectors included.
fn variables(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_vars(i, out),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                variables(&v.value, out);
            }
        }
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

fn texts<'a>(p: &'a ast::Pattern<&'a str>, out: &mut Vec<&'a str>) {
    for e in &p.elements {
        match e {
            ast::PatternElement::TextElement { value } => out.push(value),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Select { variants, .. },
            } => {
                for v in variants {
                    texts(&v.value, out);
                }
            }
            ast::PatternElement::Placeable { .. } => {}
        }
    }
}

/// Every message of `lang`: id → (variables, texts).
fn messages(lang: Lang) -> BTreeMap<String, (BTreeSet<String>, Vec<String>)> {
    let mut out = BTreeMap::new();
    let prefix = format!("{}/", lang.code());
    for file in Locales::iter().filter(|f| f.starts_with(&prefix)) {
        let body = Locales::get(&file).expect("listed file");
        let src = String::from_utf8(body.data.into_owned()).expect("UTF-8");
        let res = fluent_syntax::parser::parse(src.as_str()).expect("parses");
        for entry in res.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                let mut words = Vec::new();
                if let Some(v) = &m.value {
                    variables(v, &mut vars);
                    texts(v, &mut words);
                }
                let words = words.into_iter().map(str::to_owned).collect();
                out.insert(m.id.name.to_owned(), (vars, words));
            }
        }
    }
    out
}

#[test]
fn the_catalogue_loads_with_messages_in_every_language() {
    let cat = catalogue();
    for &lang in Lang::ALL {
        assert!(
            cat.ids(lang).len() > 100,
            "{lang:?} has {} messages",
            cat.ids(lang).len()
        );
    }
}

#[test]
fn every_language_has_every_message_with_the_same_arguments() {
    let en = messages(Lang::En);
    for &lang in &Lang::ALL[1..] {
        let other = messages(lang);
        let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(
            extra.is_empty(),
            "{lang:?} has messages English lacks: {extra:?}"
        );
        for (id, (vars, _)) in &en {
            assert_eq!(
                &other[id].0, vars,
                "{lang:?} {id}: arguments differ from English"
            );
        }
    }
}

#[test]
fn messages_hold_no_markup_and_none_is_empty() {
    for &lang in Lang::ALL {
        for (id, (vars, words)) in messages(lang) {
            for w in &words {
                assert!(!w.contains(['<', '>']), "{lang:?} {id}: markup in {w:?}");
            }
            assert!(
                !vars.is_empty() || words.iter().any(|w| !w.trim().is_empty()),
                "{lang:?} {id} is empty"
            );
        }
    }
}

macro_rules! every_stored {
    ($f:ident) => {
        $f::<certa_domain::applications::ApplicationStatus>();
        $f::<certa_domain::audit_status::AuditStatus>();
        $f::<certa_domain::audit_status::Remote>();
        $f::<certa_domain::certification::Recommendation>();
        $f::<certa_domain::certification::ReportStatus>();
        $f::<certa_domain::certification::ReviewOutcome>();
        $f::<certa_domain::certification::DecisionKind>();
        $f::<certa_domain::certification::CertificateStatus>();
        $f::<certa_domain::certification::RevisionReason>();
        $f::<certa_domain::checklists::ItemSection>();
        $f::<certa_domain::checklists::ItemResult>();
        $f::<certa_domain::checklists::AuditType>();
        $f::<certa_domain::checklists::Section>();
        $f::<certa_domain::clients::SystemAiRole>();
        $f::<certa_domain::clients::ImpactLevel>();
        $f::<certa_domain::clients::SiteKind>();
        $f::<certa_domain::evidence::VersionStatus>();
        $f::<certa_domain::evidence::Classification>();
        $f::<certa_domain::evidence::TargetKind>();
        $f::<certa_domain::nonconformity::Grade>();
        $f::<certa_domain::nonconformity::Status>();
        $f::<certa_domain::outbox::OutboxStatus>();
        $f::<certa_domain::outbox::MailKind>();
        $f::<certa_domain::permissions::Role>();
        $f::<certa_domain::personnel::AuditorStatus>();
        $f::<certa_domain::personnel::Function>();
        $f::<certa_domain::personnel::ConflictKind>();
        $f::<certa_domain::programme::DueFlag>();
        $f::<certa_domain::programme::EntryKind>();
        $f::<certa_domain::programme::EntryStatus>();
        $f::<certa_domain::programme::ProgrammeStatus>();
        $f::<certa_domain::programme::DueStatus>();
        $f::<certa_domain::team::TeamRole>();
        $f::<certa_domain::team::ObjectionStatus>();
    };
}

#[test]
fn every_stored_value_has_its_label_in_every_language() {
    fn check<T: Stored + std::fmt::Debug>() {
        let cat = Catalogue::load().expect("parses");
        for &v in T::VARIANTS {
            let id = label_id(T::KIND, v.as_str());
            assert_eq!(cat.tr(Lang::En).label(v), v.label(), "English {id}");
            for &lang in Lang::ALL {
                assert!(cat.has(lang, &id), "{lang:?} lacks {id} ({v:?})");
            }
        }
    }
    every_stored!(check);
}

#[test]
fn accept_language_picks_the_spoken_language_of_highest_weight() {
    assert_eq!(Lang::negotiate("de-DE,de;q=0.9,en;q=0.8"), Some(Lang::De));
    assert_eq!(Lang::negotiate("fr-FR, en;q=0.5, de;q=0.7"), Some(Lang::De));
    assert_eq!(Lang::negotiate("en-GB,de;q=0.9"), Some(Lang::En));
    assert_eq!(Lang::negotiate("fr, it;q=0.8"), None);
    assert_eq!(Lang::negotiate("de;q=0, en;q=0.1"), Some(Lang::En));
    assert_eq!(Lang::negotiate("*"), None);
    assert_eq!(Lang::negotiate(""), None);
    assert_eq!(Lang::negotiate("de;q=abc"), Some(Lang::De));
    assert_eq!(Lang::parse("DE-at"), Some(Lang::De));
    assert_eq!(Lang::parse("english"), None);
}

#[test]
fn a_missing_message_falls_back_to_english_then_to_its_id() {
    let cat = catalogue();
    let tr = cat.tr(Lang::De);
    assert_eq!(tr.t("no-such-message"), "no-such-message");
    let de = tr.label(certa_domain::nonconformity::Grade::Major);
    let en = cat
        .tr(Lang::En)
        .label(certa_domain::nonconformity::Grade::Major);
    assert_eq!(en, "major");
    assert_ne!(de, en, "German has its own word");
}

fn render(lang: Lang, html: bool, template: &str, data: serde_json::Value) -> String {
    let mut hb = handlebars::Handlebars::new();
    if !html {
        hb.register_escape_fn(handlebars::no_escape);
    }
    hb.register_helper(
        "t",
        Box::new(Translate::new(Arc::new(catalogue()), lang, html)),
    );
    hb.render_template(template, &data).expect("renders")
}

#[test]
fn the_helper_looks_up_labels_by_value_and_escapes_arguments_in_html() {
    let data = serde_json::json!({"grade": "major", "status": "plan_rejected"});
    assert_eq!(
        render(
            Lang::En,
            true,
            r#"{{t "nonconformity-grade" grade}} / {{t "nonconformity-status" status}}"#,
            data.clone()
        ),
        "major / plan rejected"
    );
    let de = render(Lang::De, true, r#"{{t "nonconformity-grade" grade}}"#, data);
    assert!(!de.is_empty() && de != "major", "{de}");
}

/// The directory of the templates.
fn templates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/templates")
}

fn all_templates(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("templates directory") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            all_templates(&p, out);
        } else if p.extension().is_some_and(|x| x == "hbs") {
            out.push(p);
        }
    }
}

/// `s` with every span from `open` to `close` replaced by a space.
fn blank(s: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        out.push(' ');
        match rest[i + open.len()..].find(close) {
            Some(j) => rest = &rest[i + open.len() + j + close.len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

fn has_words(s: &str) -> bool {
    let s = blank(s, "&", ";");
    s.as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_alphabetic())
}

/// What a template shows that does not come from data or the catalogue.
fn bare_words(rel: &str, src: &str) -> Vec<String> {
    let mut s = blank(src, "{{!--", "--}}");
    s = blank(&s, "{{!", "}}");
    s = blank(&s, "{{{", "}}}");
    s = blank(&s, "{{", "}}");
    let mut found = Vec::new();
    let plain = rel.ends_with(".txt.hbs") || rel.ends_with(".subject.hbs");
    if !plain {
        s = blank(&s, "<script", "</script>");
        s = blank(&s, "<style", "</style>");
        for attr in [" aria-label=\"", " title=\"", " placeholder=\"", " alt=\""] {
            let mut rest = s.as_str();
            while let Some(i) = rest.find(attr) {
                let v = &rest[i + attr.len()..];
                let end = v.find('"').unwrap_or(v.len());
                if has_words(&v[..end]) {
                    found.push(format!("{}{}\"", attr.trim(), &v[..end]));
                }
                rest = &v[end..];
            }
        }
        s = blank(&s, "<!", ">");
        s = blank(&s, "<", ">");
    }
    for line in s.lines() {
        if has_words(line) {
            found.push(line.trim().to_owned());
        }
    }
    found
}

/// The message ids a template asks for: `{{t "id"`, `(t "id"`.
fn asked_ids(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for open in ["{{t \"", "{{~t \"", "(t \""] {
        let mut rest = src;
        while let Some(i) = rest.find(open) {
            let v = &rest[i + open.len()..];
            let end = v.find('"').unwrap_or(v.len());
            out.push(v[..end].to_owned());
            rest = &v[end..];
        }
    }
    out
}

#[test]
fn templates_show_no_words_outside_the_catalogue_and_ask_only_for_known_messages() {
    let cat = catalogue();
    let dir = templates_dir();
    let mut files = Vec::new();
    all_templates(&dir, &mut files);
    assert!(files.len() > 100, "found {} templates", files.len());
    let mut problems = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&dir)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        let src = std::fs::read_to_string(f).expect("template");
        for w in bare_words(&rel, &src) {
            problems.push(format!("{rel}: words outside the catalogue: {w:?}"));
        }
        for id in asked_ids(&src) {
            // `{{t "prefix" value}}` names a family of messages `prefix-…`.
            let family = format!("{id}-");
            for &lang in Lang::ALL {
                let known =
                    cat.has(lang, &id) || cat.ids(lang).keys().any(|k| k.starts_with(&family));
                if !known {
                    problems.push(format!("{rel}: {lang:?} has no message {id}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_checks_of_templates_catch_what_they_look_for() {
    // The checks themselves: words in text, in attributes and in text mails are found;
    // data, helpers, comments and scripts are not words.
    assert_eq!(
        bare_words("pages/x.hbs", "<p>Hello {{name}}</p>"),
        vec!["Hello"]
    );
    assert_eq!(
        bare_words("pages/x.hbs", r#"<nav aria-label="Main"></nav>"#),
        vec![r#"aria-label="Main""#]
    );
    assert_eq!(
        bare_words("email/x.txt.hbs", "Dear {{name}},"),
        vec!["Dear  ,"]
    );
    assert!(
        bare_words(
            "pages/x.hbs",
            r#"<p class="lead">{{t "a" b=c}} {{!-- words --}}</p><script>var x;</script>"#
        )
        .is_empty()
    );
    assert!(bare_words("pages/x.hbs", "<td>&nbsp;–&nbsp;</td>").is_empty());
    assert_eq!(asked_ids(r#"{{t "a-b" x=1}} (t "c")"#), vec!["a-b", "c"]);
}

#[test]
fn days_and_sizes_read_as_each_language_writes_them() {
    use chrono::NaiveDate;
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    assert_eq!(format::day(Lang::En, d("2026-12-07")), "7 Dec 2026");
    assert_eq!(format::day(Lang::De, d("2026-03-07")), "7. März 2026");
    assert_eq!(
        format::days(Lang::En, d("2026-12-07"), d("2026-12-08")),
        "7–8 Dec 2026"
    );
    assert_eq!(
        format::days(Lang::De, d("2026-12-07"), d("2026-12-08")),
        "7.–8. Dez. 2026"
    );
    assert_eq!(
        format::days(Lang::En, d("2026-11-30"), d("2026-12-02")),
        "30 Nov – 2 Dec 2026"
    );
    assert_eq!(
        format::days(Lang::De, d("2026-12-28"), d("2027-01-03")),
        "28. Dez. 2026 – 3. Jan. 2027"
    );
    assert_eq!(
        format::days(Lang::En, d("2026-12-07"), d("2026-12-07")),
        "7 Dec 2026"
    );
    assert_eq!(format::size(Lang::En, 1536), "1.5 KB");
    assert_eq!(format::size(Lang::De, 1536), "1,5 KB");
    assert_eq!(format::size(Lang::De, 512), "512 Bytes");
    let t = chrono::DateTime::parse_from_rfc3339("2026-12-07T13:05:09Z")
        .expect("time")
        .with_timezone(&chrono::Utc);
    assert_eq!(format::moment(Lang::De, &t), "7. Dez. 2026, 13:05 UTC");
    assert_eq!(
        format::moment_exact(Lang::En, &t),
        "7 Dec 2026, 13:05:09 UTC"
    );
}

#[test]
fn sentences_the_services_write_in_english_are_worded_again_by_their_shape() {
    let cat = catalogue();
    let blocker = "minor nonconformity 3 (A.7.5) is open";
    assert_eq!(cat.reword(Lang::En, blocker), blocker);
    assert_eq!(
        cat.reword(Lang::De, blocker),
        format!(
            "{} 3 (A.7.5) ist {}",
            cat.tr(Lang::De)
                .label(certa_domain::nonconformity::Grade::Minor),
            cat.tr(Lang::De)
                .label(certa_domain::nonconformity::Status::Open)
        )
    );
    let gap = "Stage 2 starts more than 6 months after stage 1 ended (8 October 2026): judge whether the stage 1 conclusions still hold, record why, and tell the client.";
    let de = cat.reword(Lang::De, gap);
    assert!(
        de.contains("8. Oktober 2026") && de.contains("mehr als 6 Monate"),
        "{de}"
    );
    // A sentence of no known shape stays as it is.
    let other = "Something the catalogue does not know.";
    assert_eq!(cat.reword(Lang::De, other), other);
    // A shape matches only the whole sentence.
    assert_eq!(
        cat.reword(Lang::De, "The client has no legal name. Also more."),
        "The client has no legal name. Also more."
    );
    assert_eq!(
        cat.reword(Lang::De, "The client has no legal name."),
        "Der Kunde hat keinen rechtlichen Namen."
    );
}

#[test]
fn the_languages_spoken_are_the_ones_the_domain_accepts() {
    let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
    assert_eq!(codes, certa_domain::values::LANGUAGES);
}
