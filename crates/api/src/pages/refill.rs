//! Forms that keep what was typed. When a use case refuses a form (a field is not valid,
//! the change conflicts with another), the browser is sent back to the form's page
//! (post/redirect/get) with what was submitted and the problems in a short-lived cookie;
//! that page is rendered as usual and then rewritten: the submitted form gets its values
//! back, each refused field says what is wrong next to it (`aria-invalid`,
//! `aria-describedby`), and a summary at the top of the form links to every field, with
//! the field's own label. Every form of every page is covered by this one mechanism; a
//! form inside a closed `<details>` is opened.
//!
//! Secrets are never kept: passwords, client secrets, codes and the CSRF token are left
//! out of the cookie. The cookie is `HttpOnly`, bound to the signed-in user and read once.

use super::{capitalised, cookie, removal};
use crate::AppState;
use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use base64::Engine;
use certa_domain::FieldProblem;
use handlebars::html_escape as escape;
use lol_html::html_content::{ContentType, Element};
use lol_html::{RewriteStrSettings, element, end_tag, rewrite_str, text};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::rc::Rc;

/// The cookies that carry a refused form, in order (one value is split across them when
/// it does not fit one cookie).
pub const COOKIES: [&str; 2] = ["certa_form", "certa_form1"];

/// The most a browser is asked to keep in one cookie value. Two of them (with the session
/// and CSRF cookies) keep the `Cookie` header under the 8 KiB a reverse proxy commonly
/// accepts in one header line; compressed, that is some 10,000 characters of prose.
const CHUNK: usize = 3000;

/// The id of the summary a refused form starts with; the redirect points at it.
pub const SUMMARY_ID: &str = "form-errors";

/// What a form extractor read: the submitted name–value pairs (kept in the request's
/// extensions so that a refusal can send them back).
#[derive(Debug, Clone)]
pub struct Submitted(pub Vec<(String, String)>);

/// A refused form on its way back to its page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Kept {
    /// The path the form posted to (its `action`).
    pub a: String,
    /// The page the form is shown on (path and query).
    pub b: String,
    /// The signed-in user it belongs to.
    pub u: Option<String>,
    /// What was typed, without secrets.
    pub f: Vec<(String, String)>,
    /// The refused fields: name and message.
    pub e: Vec<(String, String)>,
    /// A problem of the whole form (a conflict), if any.
    pub m: Option<String>,
}

/// Whether a field must never travel back (secrets and the CSRF token).
fn secret(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "csrf"
        || n.contains("password")
        || n.contains("secret")
        || n.contains("token")
        || n == "code"
        || n.contains("recovery")
}

fn encode(k: &Kept) -> Option<String> {
    let json = serde_json::to_vec(k).ok()?;
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&json).ok()?;
    let bytes = z.finish().ok()?;
    Some(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

fn decode(s: &str) -> Option<Kept> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.as_bytes())
        .ok()?;
    // A value is at most two cookies: nothing legitimate inflates beyond 1 MiB.
    let mut json = Vec::new();
    flate2::read::DeflateDecoder::new(bytes.as_slice())
        .take(1 << 20)
        .read_to_end(&mut json)
        .ok()?;
    serde_json::from_slice(&json).ok()
}

/// `kept` encoded within `budget` bytes. Rare: more was typed than the cookies hold; the
/// longest values are left out first, the problems always travel.
fn fitted(kept: &mut Kept, budget: usize) -> Option<String> {
    let mut value = encode(kept)?;
    while value.len() > budget {
        let longest = kept
            .f
            .iter()
            .enumerate()
            .max_by_key(|(_, (_, v))| v.len())
            .map(|(i, _)| i)?;
        kept.f.remove(longest);
        value = encode(kept)?;
    }
    Some(value)
}

/// The answer to a refused form: back to `back` (at the form's summary) with the
/// submission kept, or `None` when the request carried no form.
pub fn keep(
    st: &AppState,
    req: &HttpRequest,
    back: &str,
    user: Option<String>,
    problems: Vec<FieldProblem>,
    message: Option<String>,
) -> Option<HttpResponse> {
    let submitted = req.extensions().get::<Submitted>().cloned()?;
    let back = back.split('#').next().unwrap_or(back).to_string();
    let mut kept = Kept {
        a: req.path().to_string(),
        b: back.clone(),
        u: user,
        f: submitted
            .0
            .into_iter()
            .filter(|(k, _)| !secret(k))
            .collect(),
        e: problems
            .into_iter()
            .map(|p| (p.field.to_string(), p.message))
            .collect(),
        m: message,
    };
    let value = fitted(&mut kept, CHUNK * COOKIES.len())?;
    let mut b = HttpResponse::SeeOther();
    b.insert_header((header::LOCATION, format!("{back}#{SUMMARY_ID}")));
    let parts: Vec<&str> = value
        .as_bytes()
        .chunks(CHUNK)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    for (i, name) in COOKIES.iter().enumerate() {
        match parts.get(i) {
            Some(part) => b.cookie(cookie(st, name, (*part).to_string())),
            None if req.cookie(name).is_some() => b.cookie(removal(st, name)),
            None => &mut b,
        };
    }
    Some(b.finish())
}

/// The refused form the request carries back, if any (and whether any of its cookies
/// were sent, to remove them).
pub fn read(req: &HttpRequest) -> (Option<Kept>, bool) {
    let Some(first) = req.cookie(COOKIES[0]) else {
        return (None, COOKIES.iter().any(|c| req.cookie(c).is_some()));
    };
    let mut value = first.value().to_string();
    for name in &COOKIES[1..] {
        match req.cookie(name) {
            Some(c) => value.push_str(c.value()),
            None => break,
        }
    }
    (decode(&value), true)
}

/// Removes every cookie of a refused form from the answer.
pub fn clear(st: &AppState, resp: &mut HttpResponse, req: &HttpRequest) {
    for name in COOKIES {
        if req.cookie(name).is_some() {
            let _ = resp.add_cookie(&removal(st, name));
        }
    }
}

/// What the first pass learns about the page's forms.
#[derive(Default)]
struct Scan {
    /// Forms posting to the action seen so far.
    forms: usize,
    /// The index of the form being read (among those posting to the action).
    current: Option<usize>,
    /// Per form posting to the action: its hidden fields.
    hidden: Vec<Vec<(String, String)>>,
    /// Per form: the `<details>` around it.
    details_around: Vec<Vec<usize>>,
    /// `<details>` seen so far, and those open around the current point.
    details: usize,
    details_stack: Vec<usize>,
    /// Per form: field name → (id, label key) of its first control.
    controls: Vec<HashMap<String, (Option<String>, LabelKey)>>,
    /// Labels: by `for` id, and those around a control, by their index.
    label_for: HashMap<String, String>,
    label_text: Vec<String>,
    label_stack: Vec<usize>,
    /// Fieldsets: their legends' text, and those open around the current point.
    legend_text: Vec<String>,
    fieldset_stack: Vec<usize>,
    in_legend: bool,
    /// Every `<option>`'s text, in order (its value when it has no `value`).
    option_text: Vec<String>,
    in_option: Option<usize>,
}

#[derive(Clone, Debug)]
enum LabelKey {
    None,
    Around(usize),
    /// A box of a group: the group's legend names it.
    Legend(usize),
}

fn form_action(el: &Element<'_, '_>, page: &str) -> String {
    let action = el.get_attribute("action").unwrap_or_default();
    let action = if action.is_empty() {
        page.to_string()
    } else {
        action
    };
    action.split(['?', '#']).next().unwrap_or("").to_string()
}

fn is_post(el: &Element<'_, '_>) -> bool {
    el.get_attribute("method")
        .is_some_and(|m| m.eq_ignore_ascii_case("post"))
}

/// A label's text as a person reads it: spaces collapsed, hints like "(optional)" and a
/// trailing colon or star dropped.
fn clean_label(raw: &str) -> String {
    let mut t = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([':', '*', ' '])
        .to_string();
    // A trailing explanation in brackets ("Phone (optional)", "Country (ISO 3166 two
    // letters)") is not part of the name.
    while t.ends_with(')')
        && let Some(i) = t.rfind('(')
        && i > 0
    {
        t.truncate(i);
        t = t.trim_end_matches([':', '*', ' ', ',']).to_string();
    }
    t
}

/// A field name as words, when the page has no label for it (`legal_name` → "Legal name").
fn words(name: &str) -> String {
    capitalised(
        &name
            .rsplit('.')
            .next()
            .unwrap_or(name)
            .replace(['_', '-'], " "),
    )
}

/// A problem's message in the words of the page: the field's name is replaced by its
/// label (`legal_name is required` → "Legal name is required").
fn humane(message: &str, field: &str, label: &str) -> String {
    let m = match whole_word(message, field) {
        Some(i) if !field.is_empty() => {
            // Inside a sentence a label reads in lower case ("the Address" → "the
            // address"), unless it starts with an abbreviation ("ISO standard").
            let mut chars = label.chars();
            let inner = match (chars.next(), chars.next()) {
                (Some(a), Some(b)) if i > 0 && b.is_lowercase() => {
                    a.to_lowercase().chain(label.chars().skip(1)).collect()
                }
                _ => label.to_string(),
            };
            format!("{}{inner}{}", &message[..i], &message[i + field.len()..])
        }
        _ => message.to_string(),
    };
    capitalised(&m)
}

/// Where `word` stands alone in `text` (not inside a longer name), if it does.
fn whole_word(text: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let part = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back().is_none_or(|c| !part(c));
        let after = text[i + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !part(c));
        before && after
    })
}

/// A value for [`Element::set_attribute`], which escapes only `"`: `&`, `<` and `>` are
/// escaped here so that what was typed comes back as typed (`&amp;` stays `&amp;`).
fn attribute(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A string safe as an HTML id.
fn id_of(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("f-{s}")
}

fn scan(html: &str, kept: &Kept) -> Option<Scan> {
    let page = kept.b.split(['?', '#']).next().unwrap_or("").to_string();
    let action = kept.a.clone();
    let s = Rc::new(RefCell::new(Scan::default()));
    let (s1, s2, s3, s4, s5) = (s.clone(), s.clone(), s.clone(), s.clone(), s.clone());
    let (s6, s7, s8, s9, s10) = (s.clone(), s.clone(), s.clone(), s.clone(), s.clone());
    rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!("option", move |el| {
                    let mut st = s9.borrow_mut();
                    let i = st.option_text.len();
                    st.option_text.push(String::new());
                    st.in_option = Some(i);
                    let s = s9.clone();
                    el.on_end_tag(end_tag!(move |_| {
                        s.borrow_mut().in_option = None;
                        Ok(())
                    }))
                }),
                text!("option", move |t| {
                    let mut st = s10.borrow_mut();
                    if let Some(i) = st.in_option
                        && let Some(buf) = st.option_text.get_mut(i)
                    {
                        buf.push_str(t.as_str());
                    }
                    Ok(())
                }),
                element!("fieldset", move |el| {
                    let mut st = s6.borrow_mut();
                    let i = st.legend_text.len();
                    st.legend_text.push(String::new());
                    st.fieldset_stack.push(i);
                    let s = s6.clone();
                    el.on_end_tag(end_tag!(move |_| {
                        s.borrow_mut().fieldset_stack.pop();
                        Ok(())
                    }))
                }),
                element!("legend", move |el| {
                    s7.borrow_mut().in_legend = true;
                    let s = s7.clone();
                    el.on_end_tag(end_tag!(move |_| {
                        s.borrow_mut().in_legend = false;
                        Ok(())
                    }))
                }),
                text!("legend", move |t| {
                    let mut st = s8.borrow_mut();
                    if st.in_legend
                        && let Some(&i) = st.fieldset_stack.last()
                        && let Some(buf) = st.legend_text.get_mut(i)
                    {
                        buf.push_str(t.as_str());
                    }
                    Ok(())
                }),
                element!("details", move |el| {
                    let mut st = s1.borrow_mut();
                    let i = st.details;
                    st.details += 1;
                    st.details_stack.push(i);
                    let s = s1.clone();
                    el.on_end_tag(end_tag!(move |_| {
                        s.borrow_mut().details_stack.pop();
                        Ok(())
                    }))
                }),
                element!("form", move |el| {
                    if !is_post(el) || form_action(el, &page) != action {
                        return Ok(());
                    }
                    let mut st = s2.borrow_mut();
                    let i = st.forms;
                    st.forms += 1;
                    st.current = Some(i);
                    st.hidden.push(Vec::new());
                    st.controls.push(HashMap::new());
                    let around = st.details_stack.clone();
                    st.details_around.push(around);
                    let s = s2.clone();
                    el.on_end_tag(end_tag!(move |_| {
                        s.borrow_mut().current = None;
                        Ok(())
                    }))
                }),
                element!("label", move |el| {
                    let mut st = s3.borrow_mut();
                    let i = st.label_text.len();
                    st.label_text.push(String::new());
                    if let Some(f) = el.get_attribute("for") {
                        st.label_for.insert(f, i.to_string());
                    }
                    st.label_stack.push(i);
                    let s = s3.clone();
                    el.on_end_tag(end_tag!(move |_| {
                        s.borrow_mut().label_stack.pop();
                        Ok(())
                    }))
                }),
                text!("label", move |t| {
                    let mut st = s4.borrow_mut();
                    if let Some(&i) = st.label_stack.last()
                        && let Some(buf) = st.label_text.get_mut(i)
                    {
                        buf.push_str(t.as_str());
                    }
                    Ok(())
                }),
                element!("input, textarea, select", move |el| {
                    let mut st = s5.borrow_mut();
                    let Some(i) = st.current else {
                        return Ok(());
                    };
                    let Some(name) = el.get_attribute("name") else {
                        return Ok(());
                    };
                    let kind = el.get_attribute("type").unwrap_or_default();
                    if el.tag_name() == "input" && kind.eq_ignore_ascii_case("hidden") {
                        let v = el.get_attribute("value").unwrap_or_default();
                        if let Some(h) = st.hidden.get_mut(i) {
                            h.push((name, v));
                        }
                        return Ok(());
                    }
                    let boxed = matches!(kind.to_ascii_lowercase().as_str(), "checkbox" | "radio");
                    let around = match (boxed, st.fieldset_stack.last(), st.label_stack.last()) {
                        (true, Some(&f), _) => LabelKey::Legend(f),
                        (_, _, Some(&l)) => LabelKey::Around(l),
                        _ => LabelKey::None,
                    };
                    let id = el.get_attribute("id");
                    if let Some(c) = st.controls.get_mut(i) {
                        c.entry(name).or_insert((id, around));
                    }
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    )
    .ok()?;
    Rc::try_unwrap(s).ok().map(RefCell::into_inner)
}

/// The page with the refused form filled in again and its problems shown; `None` when
/// the page has no form posting to the kept action (the caller then shows the problems
/// as a notice).
/// `heading` is the summary's heading, in the page's language.
pub fn apply(html: &str, kept: &Kept, heading: &str) -> Option<String> {
    let sc = scan(html, kept)?;
    if sc.forms == 0 {
        return None;
    }
    // Several forms may post to the same address (one per row): the one whose hidden
    // fields were submitted is the one refused.
    let chosen = (0..sc.forms)
        .find(|&i| {
            sc.hidden.get(i).is_some_and(|h| {
                h.iter()
                    .filter(|(k, _)| !secret(k))
                    .all(|(k, v)| kept.f.iter().any(|(fk, fv)| fk == k && fv == v))
            })
        })
        .unwrap_or(0);
    let controls = sc.controls.get(chosen).cloned().unwrap_or_default();
    let label = |field: &str| -> String {
        let from_page = controls.get(field).and_then(|(id, around)| {
            let by_for = id
                .as_ref()
                .and_then(|id| sc.label_for.get(id))
                .and_then(|i| i.parse::<usize>().ok());
            let text = match (by_for, around.clone()) {
                (Some(i), _) | (None, LabelKey::Around(i)) => sc.label_text.get(i),
                (None, LabelKey::Legend(i)) => sc.legend_text.get(i),
                (None, LabelKey::None) => None,
            }?;
            Some(clean_label(text)).filter(|t| !t.is_empty())
        });
        from_page.unwrap_or_else(|| words(field))
    };
    let field_id = |field: &str| -> Option<String> {
        let (id, _) = controls.get(field)?;
        Some(id.clone().unwrap_or_else(|| id_of(field)))
    };
    // The summary: every problem, linked to its field when the form has it.
    let mut items = String::new();
    if let Some(m) = &kept.m {
        items.push_str(&format!("<li>{}</li>", escape(&humane(m, "", ""))));
    }
    let mut errors: HashMap<String, String> = HashMap::new();
    for (field, message) in &kept.e {
        let text = humane(message, field, &label(field));
        match field_id(field) {
            Some(id) => items.push_str(&format!(
                "<li><a href=\"#{}\">{}</a></li>",
                escape(&id),
                escape(&text)
            )),
            None => items.push_str(&format!("<li>{}</li>", escape(&text))),
        }
        errors.entry(field.clone()).or_insert(text);
    }
    let summary = format!(
        "<div class=\"error-summary\" id=\"{SUMMARY_ID}\" role=\"alert\" aria-labelledby=\"{SUMMARY_ID}-h\" tabindex=\"-1\"><h2 id=\"{SUMMARY_ID}-h\">{}</h2><ul>{items}</ul></div>",
        escape(heading)
    );
    let open: HashSet<usize> = sc
        .details_around
        .get(chosen)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .collect();

    let option_text = sc.option_text.clone();
    #[derive(Default)]
    struct Fill {
        options: usize,
        forms: usize,
        details: usize,
        inside: bool,
        select: Option<(String, bool)>,
        seen: HashMap<String, usize>,
    }
    let values = |name: &str| -> Vec<String> {
        kept.f
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let submitted: HashSet<&str> = kept.f.iter().map(|(k, _)| k.as_str()).collect();
    let submitted = &submitted;
    let state = Rc::new(RefCell::new(Fill::default()));
    let (s1, s2, s3, s4, s5) = (
        state.clone(),
        state.clone(),
        state.clone(),
        state.clone(),
        state.clone(),
    );
    let page = kept.b.split(['?', '#']).next().unwrap_or("").to_string();
    let action = kept.a.clone();
    let errors = Rc::new(errors);
    let (e1, e2) = (errors.clone(), errors.clone());
    let mark = move |el: &mut Element<'_, '_>, name: &str, errors: &HashMap<String, String>| {
        let Some(text) = errors.get(name) else {
            return;
        };
        let id = el.get_attribute("id").unwrap_or_else(|| {
            let id = id_of(name);
            let _ = el.set_attribute("id", &id);
            id
        });
        let err_id = format!("{id}-err");
        let _ = el.set_attribute("aria-invalid", "true");
        let described = match el.get_attribute("aria-describedby") {
            Some(d) if !d.trim().is_empty() => format!("{err_id} {d}"),
            _ => err_id.clone(),
        };
        let _ = el.set_attribute("aria-describedby", &described);
        el.before(
            &format!(
                "<p id=\"{}\" class=\"field-error\">{}</p>",
                escape(&err_id),
                escape(text)
            ),
            ContentType::Html,
        );
    };
    let mark2 = mark;
    let out = rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!("details", move |el| {
                    let mut st = s1.borrow_mut();
                    if open.contains(&st.details) {
                        el.set_attribute("open", "")?;
                    }
                    st.details += 1;
                    Ok(())
                }),
                element!("form", move |el| {
                    if !is_post(el) || form_action(el, &page) != action {
                        return Ok(());
                    }
                    let mut st = s2.borrow_mut();
                    let i = st.forms;
                    st.forms += 1;
                    if i != chosen {
                        return Ok(());
                    }
                    st.inside = true;
                    el.prepend(&summary, ContentType::Html);
                    let s = s2.clone();
                    el.on_end_tag(end_tag!(move |_| {
                        s.borrow_mut().inside = false;
                        Ok(())
                    }))
                }),
                element!("input", move |el| {
                    let mut st = s3.borrow_mut();
                    if !st.inside {
                        return Ok(());
                    }
                    let Some(name) = el.get_attribute("name") else {
                        return Ok(());
                    };
                    let kind = el
                        .get_attribute("type")
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    if matches!(
                        kind.as_str(),
                        "hidden" | "submit" | "button" | "image" | "reset"
                    ) {
                        return Ok(());
                    }
                    if kind == "checkbox" || kind == "radio" {
                        let v = el.get_attribute("value").unwrap_or_else(|| "on".into());
                        if values(&name).contains(&v) {
                            el.set_attribute("checked", "")?;
                        } else {
                            el.remove_attribute("checked");
                        }
                    } else if kind != "password"
                        && kind != "file"
                        && submitted.contains(name.as_str())
                    {
                        let n = st.seen.entry(name.clone()).or_insert(0);
                        if let Some(v) = values(&name).get(*n) {
                            el.set_attribute("value", &attribute(v))?;
                        }
                        *n += 1;
                    }
                    mark(el, &name, &e1);
                    Ok(())
                }),
                element!("textarea, select", move |el| {
                    let mut st = s4.borrow_mut();
                    if !st.inside {
                        return Ok(());
                    }
                    let Some(name) = el.get_attribute("name") else {
                        return Ok(());
                    };
                    if el.tag_name() == "textarea" {
                        let n = st.seen.entry(name.clone()).or_insert(0);
                        if let Some(v) = kept
                            .f
                            .iter()
                            .filter(|(k, _)| *k == name)
                            .map(|(_, v)| v)
                            .nth(*n)
                        {
                            el.set_inner_content(v, ContentType::Text);
                        }
                        *n += 1;
                    } else {
                        st.select = Some((name.clone(), submitted.contains(name.as_str())));
                        let s = s4.clone();
                        el.on_end_tag(end_tag!(move |_| {
                            s.borrow_mut().select = None;
                            Ok(())
                        }))?;
                    }
                    mark2(el, &name, &e2);
                    Ok(())
                }),
                element!("option", move |el| {
                    let mut st = s5.borrow_mut();
                    let index = st.options;
                    st.options += 1;
                    let Some((name, true)) = &st.select else {
                        return Ok(());
                    };
                    if !st.inside {
                        return Ok(());
                    }
                    let v = el.get_attribute("value").unwrap_or_else(|| {
                        option_text
                            .get(index)
                            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                            .unwrap_or_default()
                    });
                    if kept.f.iter().any(|(k, x)| k == name && *x == v) {
                        el.set_attribute("selected", "")?;
                    } else {
                        el.remove_attribute("selected");
                    }
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    )
    .ok()?;
    Some(out)
}

/// The problems of a kept form as one notice (when its page does not show the form).
pub fn notice(kept: &Kept) -> String {
    let mut parts: Vec<String> = kept.m.iter().map(|m| humane(m, "", "")).collect();
    parts.extend(
        kept.e
            .iter()
            .map(|(f, m)| humane(m, f, &words(f).to_lowercase())),
    );
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADING: &str = "Nothing was saved: there is a problem";

    fn kept(fields: &[(&str, &str)], errors: &[(&str, &str)]) -> Kept {
        Kept {
            a: "/clients".into(),
            b: "/clients".into(),
            u: None,
            f: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            e: errors
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            m: None,
        }
    }

    const PAGE: &str = r#"<main><form method="post" action="/search"><input name="q" value="x"></form>
<fieldset><legend>Outside</legend></fieldset>
<details><summary>New client</summary>
<form method="post" action="/clients"><input type="hidden" name="csrf" value="T">
<label for="legal_name">Legal name</label><input id="legal_name" name="legal_name" value="">
<label for="website">Website (optional)</label><input id="website" name="website" type="url">
<label class="check"><input type="checkbox" name="confidential" value="1" checked> Confidential</label>
<label for="notes">Notes</label><textarea id="notes" name="notes"></textarea>
<fieldset><legend>Standards</legend><label class="check"><input type="checkbox" name="standards" value="ISO 9001"> ISO 9001</label></fieldset>
<label for="kind">Kind</label><select id="kind" name="kind"><option value="a" selected>A</option><option value="b">B</option></select>
<select name="standard"><option>ISO 9001</option><option> ISO 14001 </option></select>
<input type="password" name="password"><button>Save</button></form></details></main>"#;

    #[test]
    fn the_refused_form_gets_its_values_and_each_problem_at_its_field() {
        let k = kept(
            &[
                ("legal_name", "  "),
                ("website", "ftp://x\"><script>"),
                ("notes", "line 1\n</textarea><b>"),
                ("kind", "b"),
                ("standard", "ISO 14001"),
                ("password", "never"),
            ],
            &[
                ("legal_name", "legal_name is required"),
                ("website", "must start with https://"),
                ("standards", "choose at least one standard"),
            ],
        );
        let out = apply(PAGE, &k, HEADING).unwrap();
        // Values back, escaped; the unchecked box stays unchecked; the select follows.
        assert!(
            out.contains(r#"value="ftp://x&quot;&gt;&lt;script&gt;""#),
            "{out}"
        );
        assert!(
            out.contains("line 1\n&lt;/textarea&gt;&lt;b&gt;</textarea>"),
            "{out}"
        );
        assert!(!out.contains("checked"), "{out}");
        assert!(out.contains(r#"<option value="b" selected="">"#), "{out}");
        assert!(!out.contains(r#"<option value="a" selected"#), "{out}");
        assert!(
            out.contains(r#"<option>ISO 9001</option><option selected=""> ISO 14001 </option>"#),
            "{out}"
        );
        // Problems at their fields, with the labels of the page.
        assert!(out.contains(r#"<p id="legal_name-err" class="field-error">Legal name is required</p><input id="legal_name" name="legal_name" value="  " aria-invalid="true" aria-describedby="legal_name-err">"#), "{out}");
        assert!(
            out.contains(r##"<li><a href="#legal_name">Legal name is required</a></li>"##),
            "{out}"
        );
        assert!(
            out.contains(r##"<a href="#website">Must start with https://</a>"##),
            "{out}"
        );
        // A group of boxes is named by its legend.
        assert!(
            out.contains(r##"<a href="#f-standards">Choose at least one standard</a>"##),
            "{out}"
        );
        assert!(out.contains(r#"<p id="f-standards-err" class="field-error">Choose at least one standard</p><input type="checkbox" name="standards" value="ISO 9001" id="f-standards" aria-invalid="true""#), "{out}");
        // The summary opens the refused form, which is opened if folded away.
        assert!(out.contains(r#"<details open="">"#), "{out}");
        assert!(out.contains(r#"<form method="post" action="/clients"><div class="error-summary" id="form-errors""#), "{out}");
        // The other form is untouched; the password is never put back.
        assert!(out.contains(r#"<input name="q" value="x">"#));
        assert!(!out.contains("never"));
    }

    #[test]
    fn among_forms_posting_to_one_address_the_submitted_row_is_refilled() {
        let page = r#"<form method="post" action="/clients"><input type="hidden" name="row" value="1"><input name="n"></form><form method="post" action="/clients"><input type="hidden" name="row" value="2"><input name="n"></form>"#;
        let k = kept(&[("row", "2"), ("n", "typed")], &[("n", "n is wrong")]);
        let out = apply(page, &k, HEADING).unwrap();
        let second = out.find(r#"value="2""#).unwrap();
        let filled = out.find(r#"value="typed""#).unwrap();
        assert!(filled > second, "{out}");
        assert_eq!(out.matches("error-summary").count(), 1);
        // No label on the page: the field's name in words, and an id made for the link.
        assert!(out.contains(r##"<a href="#f-n">N is wrong</a>"##), "{out}");
        assert!(out.contains(r#"id="f-n""#), "{out}");
    }

    #[test]
    fn a_page_without_the_form_is_left_to_the_notice() {
        let k = Kept {
            m: Some("another client already has the reference CL-1".into()),
            ..kept(&[("reference", "CL-1")], &[])
        };
        assert_eq!(apply("<main><p>nothing</p></main>", &k, HEADING), None);
        assert_eq!(notice(&k), "Another client already has the reference CL-1");
    }

    #[test]
    fn messages_name_fields_by_their_labels() {
        assert_eq!(
            humane("legal_name is required", "legal_name", "Legal name"),
            "Legal name is required"
        );
        assert_eq!(
            humane("the address must be short", "address", "Address"),
            "The address must be short"
        );
        assert_eq!(
            humane("roles must be chosen", "role", "Role"),
            "Roles must be chosen",
            "only the whole word"
        );
        assert_eq!(
            humane("at most 3 for iso_code", "iso_code", "ISO code"),
            "At most 3 for ISO code"
        );
        assert_eq!(
            clean_label(" Country (ISO 3166\n two letters): "),
            "Country"
        );
        assert_eq!(clean_label("Phone (optional)"), "Phone");
        assert_eq!(clean_label("(x)"), "(x)");
    }

    #[test]
    fn kept_forms_travel_compressed_and_come_back_whole() {
        let k = kept(
            &[("notes", &"long text ".repeat(2000))],
            &[("notes", "too long")],
        );
        let v = encode(&k).unwrap();
        assert!(v.len() < CHUNK, "{}", v.len());
        assert_eq!(decode(&v), Some(k));
        assert_eq!(decode("not base64 !"), None);
        // Beyond the budget, the longest value is left out and the rest still travels.
        // Text that does not compress (xorshift letters).
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let noise: String = (0..20_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect();
        let mut big = kept(
            &[("notes", &noise), ("name", "Kari")],
            &[("name", "too short")],
        );
        let v = fitted(&mut big, CHUNK * COOKIES.len()).unwrap();
        assert!(v.len() <= CHUNK * COOKIES.len());
        let back = decode(&v).unwrap();
        assert_eq!(back.f, [("name".to_string(), "Kari".to_string())]);
        assert_eq!(back.e.len(), 1);
        assert!(secret("new_password") && secret("csrf") && secret("client_secret"));
        assert!(secret("code") && secret("recovery_code"));
        assert!(!secret("iaf_code") && !secret("legal_name"));
    }
}
