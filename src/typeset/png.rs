//! Charts as PNG images, for the outputs that cannot take vector graphics:
//! the DOCX (WPS and older Word draw SVG badly or not at all) and the
//! Markdown (mail clients drop SVG).
//!
//! In: a chart's Typst source and the data files it reads, the same ones the
//! PDF and the SVG are made from, served by the same [`World`](super). Out:
//! one PNG per page at the resolution asked for ([`PRINT_DPI`] for the
//! DOCX, [`SCREEN_DPI`] beside the Markdown), with the page's white
//! background.
//! Rasterised by typst-render (tiny-skia) and encoded by the `png` crate: the
//! same source and fonts give the same bytes.

use typst_render::RenderOptions;

use super::{Typeset, TypesetError, Typesetter};

/// Print resolution: what an office printer prints at, and what WPS and Word
/// take as the image's size when the DOCX gives none.
pub const PRINT_DPI: f64 = 300.0;

/// For a screen (the Markdown read in a mail client): twice a screen's 72
/// to 96 dpi, sharp on a high-density display, a quarter of the pixels of
/// print resolution (rasterising 300 dpi charts was a third of a cold build).
pub const SCREEN_DPI: f64 = 150.0;

impl Typesetter {
    /// Typesets `source` into one PNG per page at `dpi` pixels an inch.
    /// `datetime.today()` is an error in such a source, as for SVG.
    pub fn compile_png(
        &self,
        source: String,
        files: &[(String, Vec<u8>)],
        dpi: f64,
    ) -> Result<Typeset<Vec<Vec<u8>>>, TypesetError> {
        let options = RenderOptions {
            pixel_per_pt: (dpi / 72.0).into(),
            render_bleed: false,
        };
        let typeset = self.typeset(source, files, None, |document| {
            Ok(document
                .pages()
                .iter()
                .map(|page| typst_render::render(page, &options))
                .collect::<Vec<_>>())
        })?;
        let pages = typeset
            .output
            .iter()
            .map(|pixmap| {
                pixmap
                    .encode_png()
                    .map_err(|e| TypesetError::Png(e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Typeset {
            output: pages,
            warnings: typeset.warnings,
            fonts: typeset.fonts,
            layout_time: typeset.layout_time,
            export_time: typeset.export_time,
        })
    }
}
