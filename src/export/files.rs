//! Writing bytes to disk whole: every file goes to a temporary file in its destination
//! folder and is renamed into place (tempfile's `persist`), so a file that exists is
//! complete. PNG encoding and the animated GIF writer sit on top.

use super::ExportError;
use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

fn io_error(path: &Path, e: impl std::fmt::Display) -> ExportError {
    ExportError(format!("cannot write '{}': {e}", path.display()))
}

/// A temporary file next to `path`, named after it so a leftover is recognisable.
fn temporary_for(path: &Path) -> Result<NamedTempFile, ExportError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .tempfile_in(folder)
        .map_err(|e| io_error(path, e))
}

/// Writes `bytes` to `path` whole: a temporary file in the same folder, then a rename.
/// On failure nothing is left behind and `path` is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let mut file = temporary_for(path)?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(|e| io_error(path, e))?;
    file.persist(path).map_err(|e| io_error(path, e.error))?;
    Ok(())
}

/// Encodes RGB pixels of `(width, height)` as a PNG file's bytes.
pub fn encode_png(pixels: &[u8], (width, height): (u32, u32)) -> Result<Vec<u8>, ExportError> {
    use image::ImageEncoder;
    let mut encoded = Vec::new();
    image::codecs::png::PngEncoder::new(&mut encoded)
        .write_image(pixels, width, height, image::ExtendedColorType::Rgb8)
        .map_err(|e| ExportError(format!("cannot encode a {width}x{height} PNG: {e}")))?;
    Ok(encoded)
}

/// Encodes RGB pixels as PNG and writes the file whole.
pub fn write_png(path: &Path, pixels: &[u8], size: (u32, u32)) -> Result<(), ExportError> {
    write_atomically(path, &encode_png(pixels, size)?)
}

/// An animated GIF written frame by frame: to a temporary file renamed into place by
/// [`GifWriter::finish`] (the numbered PNG frames are the durable record), or into memory
/// for a download ([`GifWriter::in_memory`]).
pub struct GifWriter<W: Write = std::io::BufWriter<NamedTempFile>> {
    encoder: gif::Encoder<W>,
    size: (u16, u16),
    delay_centiseconds: u16,
    /// Where it goes, for messages.
    path: PathBuf,
    frames: usize,
}

/// Time between two frames of an exported GIF: ten frames per second.
pub const GIF_DELAY_CENTISECONDS: u16 = 10;

impl GifWriter {
    /// Starts a looping GIF file of `size` at [`GIF_DELAY_CENTISECONDS`] between frames.
    pub fn create(path: &Path, size: (u32, u32)) -> Result<Self, ExportError> {
        let file = temporary_for(path)?;
        GifWriter::start(std::io::BufWriter::new(file), path, size)
    }

    /// Writes the trailer and moves the file into place.
    pub fn finish(self) -> Result<PathBuf, ExportError> {
        let GifWriter { encoder, path, .. } = self;
        let writer = encoder.into_inner().map_err(|e| io_error(&path, e))?;
        let file = writer.into_inner().map_err(|e| io_error(&path, e.error()))?;
        file.persist(&path).map_err(|e| io_error(&path, e.error))?;
        Ok(path)
    }
}

impl GifWriter<Vec<u8>> {
    /// Starts a looping GIF of `size` in memory; `name` names it in messages.
    pub fn in_memory(name: &str, size: (u32, u32)) -> Result<Self, ExportError> {
        GifWriter::start(Vec::new(), Path::new(name), size)
    }

    /// Writes the trailer and returns the GIF's bytes.
    pub fn into_bytes(self) -> Result<Vec<u8>, ExportError> {
        let GifWriter { encoder, path, .. } = self;
        encoder.into_inner().map_err(|e| io_error(&path, e))
    }
}

impl<W: Write> GifWriter<W> {
    fn start(writer: W, path: &Path, (width, height): (u32, u32)) -> Result<Self, ExportError> {
        let size = (
            u16::try_from(width).map_err(|_| ExportError(format!("GIF width {width} is over 65535")))?,
            u16::try_from(height).map_err(|_| ExportError(format!("GIF height {height} is over 65535")))?,
        );
        let mut encoder = gif::Encoder::new(writer, size.0, size.1, &[]).map_err(|e| io_error(path, e))?;
        encoder
            .set_repeat(gif::Repeat::Infinite)
            .map_err(|e| io_error(path, e))?;
        Ok(GifWriter {
            encoder,
            size,
            delay_centiseconds: GIF_DELAY_CENTISECONDS,
            path: path.to_path_buf(),
            frames: 0,
        })
    }

    /// Appends one frame of RGB pixels of the writer's size.
    pub fn add_frame(&mut self, pixels: &[u8]) -> Result<(), ExportError> {
        let mut frame = gif::Frame::from_rgb_speed(self.size.0, self.size.1, pixels, 10);
        frame.delay = self.delay_centiseconds;
        self.encoder
            .write_frame(&frame)
            .map_err(|e| io_error(&self.path, e))?;
        self.frames += 1;
        Ok(())
    }

    /// Frames written so far.
    pub fn frames(&self) -> usize {
        self.frames
    }
}
