//! The minimal Typst [`World`] a render runs in: one main template, a fixed set of
//! virtual files (the JSON data and the images), the fonts compiled into the binary.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};

/// The standard library, without `sys.inputs`: the data come as a file.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The fonts shipped with Typst (Libertinus Serif, New Computer Modern, DejaVu Sans
/// Mono), parsed once per process. Rendering never looks at the system's fonts.
static FONTS: LazyLock<Vec<Font>> = LazyLock::new(|| {
    typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect()
});

static BOOK: LazyLock<LazyHash<FontBook>> =
    LazyLock::new(|| LazyHash::new(FontBook::from_fonts(FONTS.iter())));

/// The virtual files a template may read. Typst interns file ids for the life of the
/// process, so this set is fixed: every render uses the same few paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VFile {
    Certificate,
    Report,
    Data,
    Logo,
    Mark,
    Qr,
}

impl VFile {
    const ALL: [VFile; 6] = [
        VFile::Certificate,
        VFile::Report,
        VFile::Data,
        VFile::Logo,
        VFile::Mark,
        VFile::Qr,
    ];

    fn path(self) -> &'static str {
        match self {
            VFile::Certificate => "/certificate.typ",
            VFile::Report => "/report.typ",
            VFile::Data => "/data.json",
            // No extension: the template passes the format explicitly.
            VFile::Logo => "/logo",
            VFile::Mark => "/mark",
            VFile::Qr => "/qr.svg",
        }
    }

    pub(crate) fn id(self) -> FileId {
        static IDS: LazyLock<Vec<FileId>> = LazyLock::new(|| {
            VFile::ALL
                .iter()
                .map(|file| {
                    #[allow(clippy::expect_used)]
                    let vpath =
                        VirtualPath::new(file.path()).expect("the fixed virtual paths are valid");
                    RootedPath::new(VirtualRoot::Project, vpath).intern()
                })
                .collect()
        });
        let index = VFile::ALL
            .iter()
            .position(|file| *file == self)
            .unwrap_or_default();
        IDS[index]
    }
}

/// The templates, parsed once per process.
static CERTIFICATE_SOURCE: LazyLock<Source> = LazyLock::new(|| {
    Source::new(
        VFile::Certificate.id(),
        include_str!("../../../web/documents/certificate.typ").to_owned(),
    )
});
static REPORT_SOURCE: LazyLock<Source> = LazyLock::new(|| {
    Source::new(
        VFile::Report.id(),
        include_str!("../../../web/documents/report.typ").to_owned(),
    )
});

/// Which template a render compiles.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Template {
    Certificate,
    Report,
}

impl Template {
    fn file(self) -> VFile {
        match self {
            Template::Certificate => VFile::Certificate,
            Template::Report => VFile::Report,
        }
    }

    fn source(self) -> &'static Source {
        match self {
            Template::Certificate => &CERTIFICATE_SOURCE,
            Template::Report => &REPORT_SOURCE,
        }
    }
}

/// One render's world: a template and the bytes of the data and image files.
pub(crate) struct DocWorld {
    template: Template,
    files: Vec<(VFile, Bytes)>,
}

impl DocWorld {
    pub(crate) fn new(template: Template) -> Self {
        Self {
            template,
            files: Vec::new(),
        }
    }

    pub(crate) fn with_file(mut self, file: VFile, bytes: Vec<u8>) -> Self {
        self.files.push((file, Bytes::new(bytes)));
        self
    }

    /// Typst's errors as one readable message: each error with its location in the
    /// template (`/certificate.typ:12:5`) and its hints.
    pub(crate) fn describe(&self, diagnostics: &[SourceDiagnostic]) -> String {
        diagnostics
            .iter()
            .filter(|diag| diag.severity == Severity::Error)
            .map(|diag| {
                let mut text = diag.message.to_string();
                if let Some(place) = self.place(diag) {
                    text = format!("{place}: {text}");
                }
                for hint in &diag.hints {
                    text.push_str(&format!(" (hint: {})", hint.v));
                }
                text
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn place(&self, diag: &SourceDiagnostic) -> Option<String> {
        let id = diag.span.id()?;
        let path = id.vpath().get_with_slash().to_owned();
        let line_col = self.range(diag.span).and_then(|range| {
            let source = self.source(id).ok()?;
            source.lines().byte_to_line_column(range.start)
        });
        Some(match line_col {
            Some((line, col)) => format!("{path}:{}:{}", line + 1, col + 1),
            None => path,
        })
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &BOOK
    }

    fn main(&self) -> FileId {
        self.template.file().id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        for template in [Template::Certificate, Template::Report] {
            if id == template.file().id() {
                return Ok(template.source().clone());
            }
        }
        Err(FileError::NotSource)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .iter()
            .find(|(file, _)| file.id() == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| FileError::NotFound(id.vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.get(index).cloned()
    }

    /// No clock: a render depends on its inputs only.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
