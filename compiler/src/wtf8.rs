//! A string of Unicode code points that may include lone surrogates.
//!
//! Python `str` values can hold surrogate code points (`"\ud800"` is a legal
//! literal), which Rust's `String` cannot. `Wtf8Buf` stores code points in
//! generalised UTF-8 (surrogates encoded as their 3-byte sequences, like
//! PyPy's UTF-8 strings), so valid text stays plain UTF-8 and can be borrowed
//! as `&str` at no cost.

#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Wtf8Buf {
    bytes: Vec<u8>,
    /// True when `bytes` contains at least one surrogate (so it is not UTF-8).
    has_surrogates: bool,
}

impl Wtf8Buf {
    pub fn new() -> Self {
        Wtf8Buf::default()
    }

    /// WTF-8 bytes (UTF-8 that may encode lone surrogates), checked: None
    /// unless every sequence is well formed.
    pub fn from_wtf8_bytes(bytes: Vec<u8>) -> Option<Self> {
        if std::str::from_utf8(&bytes).is_ok() {
            return Some(Wtf8Buf {
                bytes,
                has_surrogates: false,
            });
        }
        let mut i = 0;
        let mut has_surrogates = false;
        while i < bytes.len() {
            let b = bytes[i];
            let n = match b {
                0x00..=0x7f => 1,
                0xc2..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf4 => 4,
                _ => return None,
            };
            let seq = bytes.get(i..i + n)?;
            if seq[1..].iter().any(|&c| c & 0xc0 != 0x80) {
                return None;
            }
            if b == 0xed && seq[1] >= 0xa0 {
                has_surrogates = true;
            } else if std::str::from_utf8(seq).is_err() {
                return None;
            }
            i += n;
        }
        Some(Wtf8Buf {
            bytes,
            has_surrogates,
        })
    }

    #[allow(clippy::should_implement_trait)] // infallible, unlike FromStr
    pub fn from_str(s: &str) -> Self {
        Wtf8Buf {
            bytes: s.as_bytes().to_vec(),
            has_surrogates: false,
        }
    }

    pub fn push_str(&mut self, s: &str) {
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub fn push_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.bytes
            .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }

    /// Append any code point `0..=0x10FFFF`, surrogates included.
    pub fn push_code_point(&mut self, cp: u32) {
        match char::from_u32(cp) {
            Some(c) => self.push_char(c),
            None => {
                debug_assert!((0xD800..0xE000).contains(&cp));
                self.has_surrogates = true;
                self.bytes.push(0xE0 | (cp >> 12) as u8);
                self.bytes.push(0x80 | ((cp >> 6) & 0x3F) as u8);
                self.bytes.push(0x80 | (cp & 0x3F) as u8);
            }
        }
    }

    pub fn push_wtf8(&mut self, other: &Wtf8Buf) {
        self.bytes.extend_from_slice(&other.bytes);
        self.has_surrogates |= other.has_surrogates;
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The text as `&str` when it holds no surrogates.
    pub fn as_str(&self) -> Option<&str> {
        if self.has_surrogates {
            None
        } else {
            // SAFETY: without surrogates, every byte sequence appended came
            // from a `&str` or a `char`, so the buffer is valid UTF-8.
            Some(unsafe { std::str::from_utf8_unchecked(&self.bytes) })
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Iterate the code points (surrogates included).
    pub fn code_points(&self) -> CodePoints<'_> {
        CodePoints {
            bytes: &self.bytes,
            pos: 0,
        }
    }
}

impl std::fmt::Debug for Wtf8Buf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::repr::str_repr(self))
    }
}

pub struct CodePoints<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Iterator for CodePoints<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let b = self.bytes;
        let i = self.pos;
        let b0 = *b.get(i)? as u32;
        let (cp, len) = if b0 < 0x80 {
            (b0, 1)
        } else if b0 < 0xE0 {
            (((b0 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
        } else if b0 < 0xF0 {
            (
                ((b0 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F),
                3,
            )
        } else {
            (
                ((b0 & 0x07) << 18)
                    | ((b[i + 1] as u32 & 0x3F) << 12)
                    | ((b[i + 2] as u32 & 0x3F) << 6)
                    | (b[i + 3] as u32 & 0x3F),
                4,
            )
        };
        self.pos += len;
        Some(cp)
    }
}
