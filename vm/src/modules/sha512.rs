//! `_sha512`: SHA-512 and SHA-384 (FIPS 180-4), which Lib's `random` uses
//! to seed from str/bytes and `hashlib` falls back to.

use super::typeutil::{new_type, type_addr, type_at};
use crate::builtins::{add_getsets, add_methods};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};
use std::cell::RefCell;
use std::sync::OnceLock;

const K: [u64; 80] = [
    0x428a2f98d728ae22,
    0x7137449123ef65cd,
    0xb5c0fbcfec4d3b2f,
    0xe9b5dba58189dbbc,
    0x3956c25bf348b538,
    0x59f111f1b605d019,
    0x923f82a4af194f9b,
    0xab1c5ed5da6d8118,
    0xd807aa98a3030242,
    0x12835b0145706fbe,
    0x243185be4ee4b28c,
    0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f,
    0x80deb1fe3b1696b1,
    0x9bdc06a725c71235,
    0xc19bf174cf692694,
    0xe49b69c19ef14ad2,
    0xefbe4786384f25e3,
    0x0fc19dc68b8cd5b5,
    0x240ca1cc77ac9c65,
    0x2de92c6f592b0275,
    0x4a7484aa6ea6e483,
    0x5cb0a9dcbd41fbd4,
    0x76f988da831153b5,
    0x983e5152ee66dfab,
    0xa831c66d2db43210,
    0xb00327c898fb213f,
    0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2,
    0xd5a79147930aa725,
    0x06ca6351e003826f,
    0x142929670a0e6e70,
    0x27b70a8546d22ffc,
    0x2e1b21385c26c926,
    0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df,
    0x650a73548baf63de,
    0x766a0abb3c77b2a8,
    0x81c2c92e47edaee6,
    0x92722c851482353b,
    0xa2bfe8a14cf10364,
    0xa81a664bbc423001,
    0xc24b8b70d0f89791,
    0xc76c51a30654be30,
    0xd192e819d6ef5218,
    0xd69906245565a910,
    0xf40e35855771202a,
    0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8,
    0x1e376c085141ab53,
    0x2748774cdf8eeb99,
    0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63,
    0x4ed8aa4ae3418acb,
    0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc,
    0x78a5636f43172f60,
    0x84c87814a1f0ab72,
    0x8cc702081a6439ec,
    0x90befffa23631e28,
    0xa4506cebde82bde9,
    0xbef9a3f7b2c67915,
    0xc67178f2e372532b,
    0xca273eceea26619c,
    0xd186b8c721c0c207,
    0xeada7dd6cde0eb1e,
    0xf57d4f7fee6ed178,
    0x06f067aa72176fba,
    0x0a637dc5a2c898a6,
    0x113f9804bef90dae,
    0x1b710b35131c471b,
    0x28db77f523047d84,
    0x32caab7b40c72493,
    0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6,
    0x597f299cfc657e2a,
    0x5fcb6fab3ad6faec,
    0x6c44198c4a475817,
];

const IV512: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];
const IV384: [u64; 8] = [
    0xcbbb9d5dc1059ed8,
    0x629a292a367cd507,
    0x9159015a3070dd17,
    0x152fecd8f70e5939,
    0x67332667ffc00b31,
    0x8eb44a8768581511,
    0xdb0c2e0d64f98fa7,
    0x47b5481dbefa4fa4,
];

/// A running SHA-512/384 computation.
#[derive(Clone)]
pub struct Sha512 {
    h: [u64; 8],
    buf: Vec<u8>,
    len: u128,
    out_len: usize,
}

impl Sha512 {
    pub fn new(out_len: usize) -> Sha512 {
        Sha512 {
            h: if out_len == 48 { IV384 } else { IV512 },
            buf: Vec::new(),
            len: 0,
            out_len,
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        self.len += data.len() as u128;
        self.buf.extend_from_slice(data);
        let full = self.buf.len() / 128 * 128;
        let blocks: Vec<u8> = self.buf.drain(..full).collect();
        for b in blocks.chunks(128) {
            self.block(b);
        }
    }

    fn block(&mut self, b: &[u8]) {
        let mut w = [0u64; 80];
        for i in 0..16 {
            w[i] = u64::from_be_bytes(b[i * 8..i * 8 + 8].try_into().unwrap());
        }
        for i in 16..80 {
            let s0 = w[i - 15].rotate_right(1) ^ w[i - 15].rotate_right(8) ^ (w[i - 15] >> 7);
            let s1 = w[i - 2].rotate_right(19) ^ w[i - 2].rotate_right(61) ^ (w[i - 2] >> 6);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut bb, mut c, mut d, mut e, mut f, mut g, mut h] = self.h;
        for i in 0..80 {
            let s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
            let ch = (e & f) ^ (!e & g);
            let t1 = h
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
            let maj = (a & bb) ^ (a & c) ^ (bb & c);
            let t2 = s0.wrapping_add(maj);
            h = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = bb;
            bb = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in self.h.iter_mut().zip([a, bb, c, d, e, f, g, h]) {
            *x = x.wrapping_add(y);
        }
    }

    pub fn digest(&self) -> Vec<u8> {
        let mut s = self.clone();
        let bits = s.len * 8;
        let mut pad = vec![0x80u8];
        while (s.buf.len() + pad.len()) % 128 != 112 {
            pad.push(0);
        }
        pad.extend_from_slice(&bits.to_be_bytes());
        let len = s.len;
        s.update(&pad);
        s.len = len;
        s.h.iter()
            .flat_map(|x| x.to_be_bytes())
            .take(self.out_len)
            .collect()
    }
}

pub struct ShaData(RefCell<Sha512>);

static SHA_TYPE: OnceLock<usize> = OnceLock::new();

fn sha_type() -> &'static TypeObject {
    type_at(*SHA_TYPE.get_or_init(|| {
        let t = new_type::<ShaData>("sha512", "_sha512", &OBJECT_TYPE, None, false, false);
        add_methods(
            t,
            &[
                ("update", sha_update),
                ("digest", sha_digest),
                ("hexdigest", sha_hexdigest),
                ("copy", sha_copy),
            ],
        );
        add_getsets(
            t,
            &[
                ("name", sha_name, None),
                ("digest_size", sha_digest_size, None),
                ("block_size", sha_block_size, None),
            ],
        );
        type_addr(t)
    }))
}

// SAFETY: sha_type()'s solid layout is ShaData.
unsafe impl Payload for ShaData {
    fn layout() -> &'static TypeObject {
        sha_type()
    }
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_sha512")?;
    crate::modules::add_functions(
        vm,
        &m,
        "_sha512",
        &[("sha512", new_sha512), ("sha384", new_sha384)],
    )?;
    Ok(m)
}

fn make(vm: &mut Vm, a: &Args, out_len: usize) -> PyResult<Value> {
    let mut s = Sha512::new(out_len);
    let data = a.args.first().or_else(|| a.kw("string"));
    if let Some(d) = data.filter(|d| !d.is_none()) {
        if downcast::<StrData>(d).is_some() {
            return Err(vm.type_error("Strings must be encoded before hashing"));
        }
        let b = crate::builtins::strings::bytes_like(vm, d)?;
        s.update(&b);
    }
    Ok(alloc_object(sha_type(), ShaData(RefCell::new(s))))
}

fn new_sha512(vm: &mut Vm, a: Args) -> PyResult<Value> {
    make(vm, &a, 64)
}

fn new_sha384(vm: &mut Vm, a: Args) -> PyResult<Value> {
    make(vm, &a, 48)
}

fn me<'a>(a: &'a Args) -> &'a ShaData {
    downcast::<ShaData>(&a.args[0]).unwrap()
}

fn sha_update(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("update", &Args::new(&a.args[1..]), 1, 1)?;
    if downcast::<StrData>(&a.args[1]).is_some() {
        return Err(vm.type_error("Strings must be encoded before hashing"));
    }
    let b = crate::builtins::strings::bytes_like(vm, &a.args[1])?;
    me(&a).0.borrow_mut().update(&b);
    Ok(Value::none())
}

fn sha_digest(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = me(&a).0.borrow().digest();
    Ok(vm.new_bytes(d))
}

fn sha_hexdigest(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = me(&a).0.borrow().digest();
    let s: String = d.iter().map(|b| format!("{:02x}", b)).collect();
    Ok(vm.new_str_owned(s))
}

fn sha_copy(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(&a).0.borrow().clone();
    Ok(alloc_object(sha_type(), ShaData(RefCell::new(s))))
}

fn sha_name(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let n = if downcast::<ShaData>(v).unwrap().0.borrow().out_len == 48 {
        "sha384"
    } else {
        "sha512"
    };
    Ok(vm.new_str(n))
}

fn sha_digest_size(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(crate::vm::new::new_int_i64(
        downcast::<ShaData>(v).unwrap().0.borrow().out_len as i64,
    ))
}

fn sha_block_size(_vm: &mut Vm, _v: &Value) -> PyResult<Value> {
    Ok(crate::vm::new::new_int_i64(128))
}
