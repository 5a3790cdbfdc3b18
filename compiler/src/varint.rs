//! Unsigned LEB128 varints (seven bits a byte, low first; the high bit
//! says more follow), and zigzag for signed deltas: the numbers of the
//! code cache (`serialize`) and of compact line tables (`linetable`).

pub fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The varint at `*pos`, moving past it; None if the bytes end first or
/// it does not fit 64 bits.
pub fn get(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let x = *b.get(*pos)?;
        *pos += 1;
        if shift > 63 {
            return None;
        }
        v |= ((x & 0x7f) as u64) << shift;
        if x < 0x80 {
            return Some(v);
        }
        shift += 7;
    }
}

pub fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

pub fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}
