//! Reading modules out of zip archives on `sys.path`, as CPython's
//! `zipimport` does: an entry of `sys.path` (or a package's `__path__`)
//! may be an archive, `app.zip`, or a directory inside one,
//! `app.zip/pkg`; the modules in it have `__file__`s such as
//! `app.zip/pkg/mod.py`.
//!
//! What is read: the end-of-central-directory record and the central
//! directory (not ZIP64, as 3.11's zipimport), entries stored (method 0)
//! or deflated (method 8), and archives with data before them (a `#!`
//! line, as `zipapp` writes): offsets are corrected by the difference
//! between where the directory is and where it says it is. Only source
//! files are used (`.py`); CPython's `.pyc` files are not Pyrite's.
//!
//! Archives are read once and kept by path, size and modification time.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// One file in an archive.
#[derive(Clone, Debug)]
struct Entry {
    method: u16,
    compressed: u64,
    size: u64,
    /// Where its local header starts in the file.
    local_header: u64,
}

/// An archive's directory.
#[derive(Debug)]
pub struct Archive {
    path: PathBuf,
    files: HashMap<String, Entry>,
    /// Every directory named by an entry or implied by a file's path,
    /// without the trailing `/`.
    dirs: HashSet<String>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl Archive {
    /// Reads the directory of the archive at `path`; `None` if it is not
    /// a zip archive (or cannot be read).
    fn read(path: &Path) -> Option<Archive> {
        let data = std::fs::read(path).ok()?;
        Archive::parse(path, &data)
    }

    fn parse(path: &Path, data: &[u8]) -> Option<Archive> {
        const EOCD: u32 = 0x0605_4b50;
        const CENTRAL: u32 = 0x0201_4b50;
        if data.len() < 22 {
            return None;
        }
        // The end record is the last 22 bytes, or earlier by a comment
        // of up to 64 KiB.
        let lowest = data.len().saturating_sub(22 + 0xffff);
        let mut at = data.len() - 22;
        let eocd = loop {
            if u32_at(data, at) == Some(EOCD) {
                let comment = u16_at(data, at + 20)? as usize;
                if at + 22 + comment == data.len() {
                    break at;
                }
            }
            if at == lowest {
                return None;
            }
            at -= 1;
        };
        let count = u16_at(data, eocd + 10)? as usize;
        let dir_size = u32_at(data, eocd + 12)? as usize;
        let dir_offset = u32_at(data, eocd + 16)? as usize;
        // Data before the archive shifts every offset by the same amount.
        let dir_start = eocd.checked_sub(dir_size)?;
        let shift = dir_start.checked_sub(dir_offset)? as u64;
        let mut files = HashMap::new();
        let mut dirs = HashSet::new();
        let mut p = dir_start;
        for _ in 0..count {
            if u32_at(data, p)? != CENTRAL {
                return None;
            }
            let flags = u16_at(data, p + 8)?;
            let method = u16_at(data, p + 10)?;
            let compressed = u32_at(data, p + 20)? as u64;
            let size = u32_at(data, p + 24)? as u64;
            let name_len = u16_at(data, p + 28)? as usize;
            let extra_len = u16_at(data, p + 30)? as usize;
            let comment_len = u16_at(data, p + 32)? as usize;
            let local = u32_at(data, p + 42)? as u64 + shift;
            let raw = data.get(p + 46..p + 46 + name_len)?;
            // Bit 11: the name is UTF-8; otherwise CP437, of which ASCII
            // names (all a module's) read the same.
            let name = if flags & 0x800 != 0 {
                String::from_utf8_lossy(raw).into_owned()
            } else {
                raw.iter().map(|&b| cp437(b)).collect()
            };
            p += 46 + name_len + extra_len + comment_len;
            // Every parent directory of the entry exists in the archive.
            let mut parent = name.trim_end_matches('/');
            while let Some((d, _)) = parent.rsplit_once('/') {
                dirs.insert(d.to_string());
                parent = d;
            }
            if name.ends_with('/') {
                dirs.insert(name.trim_end_matches('/').to_string());
            } else {
                files.insert(
                    name,
                    Entry {
                        method,
                        compressed,
                        size,
                        local_header: local,
                    },
                );
            }
        }
        Some(Archive {
            path: path.to_path_buf(),
            files,
            dirs,
        })
    }

    /// Whether the archive has the file `name` (`/`-separated).
    pub fn has_file(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Whether the archive has the directory `name` (no trailing `/`).
    pub fn has_dir(&self, name: &str) -> bool {
        self.dirs.contains(name)
    }

    /// The contents of the file `name`.
    pub fn read_file(&self, name: &str) -> std::io::Result<Vec<u8>> {
        use std::io::{Error, ErrorKind};
        let bad = |what: &str| Error::new(ErrorKind::InvalidData, what.to_string());
        let e = self
            .files
            .get(name)
            .ok_or_else(|| Error::new(ErrorKind::NotFound, name.to_string()))?;
        let mut f = std::fs::File::open(&self.path)?;
        use std::io::{Seek, SeekFrom};
        f.seek(SeekFrom::Start(e.local_header))?;
        let mut header = [0u8; 30];
        f.read_exact(&mut header)?;
        if u32_at(&header, 0) != Some(0x0403_4b50) {
            return Err(bad("bad local file header"));
        }
        let skip = u16_at(&header, 26).unwrap_or(0) as u64 + u16_at(&header, 28).unwrap_or(0) as u64;
        f.seek(SeekFrom::Current(skip as i64))?;
        let mut raw = vec![0u8; e.compressed as usize];
        f.read_exact(&mut raw)?;
        match e.method {
            0 => Ok(raw),
            8 => {
                let mut out = Vec::with_capacity(e.size as usize);
                flate2::read::DeflateDecoder::new(&raw[..]).read_to_end(&mut out)?;
                Ok(out)
            }
            _ => Err(bad("unsupported compression method")),
        }
    }
}

/// CP437's upper half, for names in archives that do not say UTF-8.
fn cp437(b: u8) -> char {
    const HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";
    if b < 0x80 {
        b as char
    } else {
        HIGH.chars().nth((b - 0x80) as usize).unwrap_or('?')
    }
}

thread_local! {
    /// Archives read so far: path -> (size, mtime, archive or not one).
    static CACHE: std::cell::RefCell<HashMap<PathBuf, (u64, Option<std::time::SystemTime>, Option<Rc<Archive>>)>> =
        Default::default();
}

/// The archive at `path` (a regular file), if it is one.
pub fn open(path: &Path) -> Option<Rc<Archive>> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let (size, mtime) = (meta.len(), meta.modified().ok());
    if let Some(hit) = CACHE.with(|c| {
        c.borrow()
            .get(path)
            .filter(|(s, m, _)| *s == size && *m == mtime)
            .map(|(_, _, a)| a.clone())
    }) {
        return hit;
    }
    let a = Archive::read(path).map(Rc::new);
    CACHE.with(|c| {
        c.borrow_mut()
            .insert(path.to_path_buf(), (size, mtime, a.clone()))
    });
    a
}

/// Whether `path` is a zip archive.
pub fn is_archive(path: &Path) -> bool {
    open(path).is_some()
}

/// Splits a path into an archive and the directory inside it (`""`, or
/// `pkg/sub/` with its trailing `/`), as zipimport's `zipimporter(path)`
/// does: the longest leading part that is a file must be an archive.
pub fn locate_dir(path: &Path) -> Option<(Rc<Archive>, String)> {
    let mut archive = path.to_path_buf();
    let mut inner: Vec<String> = Vec::new();
    loop {
        match std::fs::metadata(&archive) {
            Ok(m) if m.is_file() => break,
            Ok(_) => return None,
            Err(_) => {}
        }
        let name = archive.file_name()?.to_string_lossy().into_owned();
        inner.push(name);
        if !archive.pop() || archive.as_os_str().is_empty() {
            return None;
        }
    }
    let a = open(&archive)?;
    inner.reverse();
    let mut prefix = inner.join("/");
    if !prefix.is_empty() {
        if !a.has_dir(&prefix) {
            return None;
        }
        prefix.push('/');
    }
    Some((a, prefix))
}

/// The file `path` names inside an archive (`app.zip/pkg/mod.py`), if it
/// is one.
pub fn locate_file(path: &Path) -> Option<(Rc<Archive>, String)> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let (a, prefix) = locate_dir(path.parent()?)?;
    let inner = format!("{}{}", prefix, name);
    a.has_file(&inner).then_some((a, inner))
}

/// Reads a file on disk, or inside an archive on the way to it.
pub fn read_path(path: &Path) -> std::io::Result<Vec<u8>> {
    match std::fs::read(path) {
        Ok(b) => Ok(b),
        Err(e) => match locate_file(path) {
            Some((a, inner)) => a.read_file(&inner),
            None => Err(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored and a deflated member, written by hand, behind a `#!`
    /// line (as zipapp writes).
    fn sample() -> Vec<u8> {
        let mut zipdata = Vec::new();
        let mut central = Vec::new();
        let members: [(&str, &[u8], u16); 2] = [("a.py", b"x = 1\n", 0), ("pkg/b.py", b"y = 2\n", 8)];
        for (name, body, method) in members {
            let data = if method == 8 {
                use std::io::Write;
                let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
                e.write_all(body).unwrap();
                e.finish().unwrap()
            } else {
                body.to_vec()
            };
            let offset = zipdata.len() as u32;
            zipdata.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            zipdata.extend_from_slice(&[20, 0, 0, 0]);
            zipdata.extend_from_slice(&method.to_le_bytes());
            zipdata.extend_from_slice(&[0; 8]);
            zipdata.extend_from_slice(&(data.len() as u32).to_le_bytes());
            zipdata.extend_from_slice(&(body.len() as u32).to_le_bytes());
            zipdata.extend_from_slice(&(name.len() as u16).to_le_bytes());
            zipdata.extend_from_slice(&[0, 0]);
            zipdata.extend_from_slice(name.as_bytes());
            zipdata.extend_from_slice(&data);
            central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0]);
            central.extend_from_slice(&method.to_le_bytes());
            central.extend_from_slice(&[0; 8]);
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(body.len() as u32).to_le_bytes());
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let dir_offset = zipdata.len() as u32;
        let dir_size = central.len() as u32;
        zipdata.extend_from_slice(&central);
        zipdata.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        zipdata.extend_from_slice(&[0, 0, 0, 0, 2, 0, 2, 0]);
        zipdata.extend_from_slice(&dir_size.to_le_bytes());
        zipdata.extend_from_slice(&dir_offset.to_le_bytes());
        zipdata.extend_from_slice(&[0, 0]);
        let mut out = b"#!/usr/bin/env python3\n".to_vec();
        out.extend_from_slice(&zipdata);
        out
    }

    #[test]
    fn reads_stored_and_deflated_members_after_a_prefix() {
        let dir = std::env::temp_dir().join(format!("pyrite-zip-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("app.pyz");
        std::fs::write(&path, sample()).unwrap();
        let a = open(&path).expect("an archive");
        assert!(a.has_dir("pkg") && a.has_file("pkg/b.py") && !a.has_file("b.py"));
        assert_eq!(read_path(&path.join("a.py")).unwrap(), b"x = 1\n");
        assert_eq!(read_path(&path.join("pkg/b.py")).unwrap(), b"y = 2\n");
        let (_, prefix) = locate_dir(&path.join("pkg")).unwrap();
        assert_eq!(prefix, "pkg/");
        assert!(locate_dir(&path.join("nope")).is_none());
        assert!(!is_archive(&dir));
        std::fs::write(dir.join("not.zip"), b"print(1)\n").unwrap();
        assert!(!is_archive(&dir.join("not.zip")));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
