//! hashlib's built-in algorithms: `_md5`, `_sha1`, `_sha256` (sha224,
//! sha256), `_sha3` (sha3_224..sha3_512, shake_128, shake_256) and
//! `_blake2` (blake2b, blake2s), over the RustCrypto implementations. One
//! payload type serves every algorithm; each algorithm gets its own Python
//! type (`_md5.md5`, ...) as in CPython. The objects have CPython's API:
//! `update`, `digest`, `hexdigest`, `copy`, `name`, `digest_size`,
//! `block_size` (and `digest(length)` for the SHAKEs).

use std::cell::RefCell;

use digest::{DynDigest, ExtendableOutput, Update, VariableOutput};

use super::typeutil::{new_type, type_addr, type_at};
use crate::builtins::{add_getsets, add_methods};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};

/// The running state of one hash.
enum State {
    Fixed(Box<dyn DynDigest>),
    Shake128(sha3::Shake128),
    Shake256(sha3::Shake256),
    /// BLAKE2 with a `digest_size` other than the full one.
    Blake2b(blake2::Blake2bVar),
    Blake2s(blake2::Blake2sVar),
}

impl Clone for State {
    fn clone(&self) -> State {
        match self {
            State::Fixed(d) => State::Fixed(d.box_clone()),
            State::Shake128(s) => State::Shake128(s.clone()),
            State::Shake256(s) => State::Shake256(s.clone()),
            State::Blake2b(s) => State::Blake2b(s.clone()),
            State::Blake2s(s) => State::Blake2s(s.clone()),
        }
    }
}

/// A hash object: its algorithm and state.
pub struct HashData {
    algo: &'static Algo,
    state: RefCell<State>,
}

/// An algorithm: its name, module, sizes and a fresh state.
struct Algo {
    name: &'static str,
    module: &'static str,
    block_size: usize,
    /// 0 for the SHAKEs (output length chosen at digest time).
    digest_size: usize,
    new: fn() -> State,
}

const ALGOS: &[Algo] = &[
    Algo {
        name: "md5",
        module: "_md5",
        block_size: 64,
        digest_size: 16,
        new: || State::Fixed(Box::new(md5::Md5::default())),
    },
    Algo {
        name: "sha1",
        module: "_sha1",
        block_size: 64,
        digest_size: 20,
        new: || State::Fixed(Box::new(sha1::Sha1::default())),
    },
    Algo {
        name: "sha224",
        module: "_sha256",
        block_size: 64,
        digest_size: 28,
        new: || State::Fixed(Box::new(sha2::Sha224::default())),
    },
    Algo {
        name: "sha256",
        module: "_sha256",
        block_size: 64,
        digest_size: 32,
        new: || State::Fixed(Box::new(sha2::Sha256::default())),
    },
    Algo {
        name: "sha3_224",
        module: "_sha3",
        block_size: 144,
        digest_size: 28,
        new: || State::Fixed(Box::new(sha3::Sha3_224::default())),
    },
    Algo {
        name: "sha3_256",
        module: "_sha3",
        block_size: 136,
        digest_size: 32,
        new: || State::Fixed(Box::new(sha3::Sha3_256::default())),
    },
    Algo {
        name: "sha3_384",
        module: "_sha3",
        block_size: 104,
        digest_size: 48,
        new: || State::Fixed(Box::new(sha3::Sha3_384::default())),
    },
    Algo {
        name: "sha3_512",
        module: "_sha3",
        block_size: 72,
        digest_size: 64,
        new: || State::Fixed(Box::new(sha3::Sha3_512::default())),
    },
    Algo {
        name: "shake_128",
        module: "_sha3",
        block_size: 168,
        digest_size: 0,
        new: || State::Shake128(sha3::Shake128::default()),
    },
    Algo {
        name: "shake_256",
        module: "_sha3",
        block_size: 136,
        digest_size: 0,
        new: || State::Shake256(sha3::Shake256::default()),
    },
    Algo {
        name: "blake2b",
        module: "_blake2",
        block_size: 128,
        digest_size: 64,
        new: || State::Fixed(Box::new(blake2::Blake2b512::default())),
    },
    Algo {
        name: "blake2s",
        module: "_blake2",
        block_size: 64,
        digest_size: 32,
        new: || State::Fixed(Box::new(blake2::Blake2s256::default())),
    },
];

fn algo(name: &str) -> &'static Algo {
    ALGOS
        .iter()
        .find(|a| a.name == name)
        .expect("known algorithm")
}

/// One Python type per algorithm, all made on first use (md5's is the
/// solid layout the others share).
fn type_of_algo(a: &'static Algo) -> &'static TypeObject {
    static TYPES: std::sync::OnceLock<Vec<usize>> = std::sync::OnceLock::new();
    let types = TYPES.get_or_init(|| {
        let mut out: Vec<usize> = Vec::new();
        for algo in ALGOS {
            let solid = out.first().map(|&t| type_at(t));
            let t = new_type::<HashData>(algo.name, algo.module, &OBJECT_TYPE, solid, false, false);
            add_methods(
                t,
                &[
                    ("update", update),
                    ("digest", digest),
                    ("hexdigest", hexdigest),
                    ("copy", copy),
                ],
            );
            add_getsets(
                t,
                &[
                    ("name", name, None),
                    ("digest_size", digest_size, None),
                    ("block_size", block_size, None),
                ],
            );
            out.push(type_addr(t));
        }
        out
    });
    let i = ALGOS
        .iter()
        .position(|x| std::ptr::eq(x, a))
        .expect("known algorithm");
    type_at(types[i])
}

// SAFETY: every algorithm's type has HashData as its solid layout (md5's
// type, the first made, is the solid one; the others name it as `solid`).
unsafe impl Payload for HashData {
    fn layout() -> &'static TypeObject {
        type_of_algo(&ALGOS[0])
    }
}

fn me<'a>(vm: &mut Vm, a: &Args<'a>) -> PyResult<&'a HashData> {
    let args: &'a [Value] = a.args;
    args.first()
        .and_then(|s| downcast::<HashData>(s))
        .ok_or_else(|| vm.type_error("a hash object is required"))
}

/// The data argument of a constructor or `update`: bytes-like, not str.
fn data(vm: &mut Vm, d: &Value) -> PyResult<Vec<u8>> {
    if downcast::<StrData>(d).is_some() {
        return Err(vm.type_error("Strings must be encoded before hashing"));
    }
    crate::builtins::strings::bytes_like(vm, d)
}

fn feed(s: &mut State, b: &[u8]) {
    match s {
        State::Fixed(d) => d.update(b),
        State::Shake128(x) => x.update(b),
        State::Shake256(x) => x.update(b),
        State::Blake2b(x) => Update::update(x, b),
        State::Blake2s(x) => Update::update(x, b),
    }
}

/// `name(data=b'', *, usedforsecurity=True, string=None)` (and blake2's
/// `digest_size`).
fn construct(vm: &mut Vm, a: &Args, algo: &'static Algo) -> PyResult<Value> {
    let mut state = (algo.new)();
    for (k, v) in a.kwargs() {
        match k {
            "usedforsecurity" | "string" | "data" => {}
            "digest_size" if algo.module == "_blake2" => {
                let n = vm.index_i64(v)?;
                if n < 1 || n as usize > algo.digest_size {
                    return Err(vm.value_error(format!(
                        "digest_size must be between 1 and {} bytes",
                        algo.digest_size
                    )));
                }
                let n = n as usize;
                if n != algo.digest_size {
                    state = if algo.name == "blake2b" {
                        State::Blake2b(blake2::Blake2bVar::new(n).expect("size checked"))
                    } else {
                        State::Blake2s(blake2::Blake2sVar::new(n).expect("size checked"))
                    };
                }
            }
            "key" | "salt" | "person" if algo.module == "_blake2" => {
                if !data(vm, v)?.is_empty() {
                    return Err(vm.new_exc(&NOT_IMPLEMENTED_ERROR_TYPE, format!("{}: keyed, salted and personalised hashing are not supported in Pyrite yet", algo.name)));
                }
            }
            "fanout" | "depth" | "leaf_size" | "node_offset" | "node_depth" | "inner_size"
            | "last_node"
                if algo.module == "_blake2" => {}
            other => {
                return Err(vm.type_error(format!(
                    "{}() got an unexpected keyword argument '{}'",
                    algo.name, other
                )))
            }
        }
    }
    let given = a
        .pos()
        .first()
        .or_else(|| a.kw("data"))
        .or_else(|| a.kw("string"));
    if let Some(d) = given {
        let b = data(vm, d)?;
        feed(&mut state, &b);
    }
    Ok(alloc_object(
        type_of_algo(algo),
        HashData {
            algo,
            state: RefCell::new(state),
        },
    ))
}

fn update(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let h = me(vm, &a)?;
    vm.check_args("update", &Args::new(&a.args[1..]), 1, 1)?;
    let b = data(vm, &a.args[1])?;
    feed(&mut h.state.borrow_mut(), &b);
    Ok(Value::none())
}

/// The digest so far (`length` bytes for the SHAKEs).
fn finish(vm: &mut Vm, a: &Args) -> PyResult<Vec<u8>> {
    let h = me(vm, a)?;
    let s = h.state.borrow().clone();
    let xof_len = |vm: &mut Vm| -> PyResult<usize> {
        match a.args.get(1).or_else(|| a.kw("length")) {
            Some(v) => {
                let n = vm.index_i64(v)?;
                if n < 0 {
                    return Err(vm.value_error("length must be non-negative"));
                }
                Ok(n as usize)
            }
            None => Err(vm.type_error("digest() missing required argument 'length' (pos 1)")),
        }
    };
    Ok(match s {
        State::Fixed(d) => d.finalize().to_vec(),
        State::Shake128(x) => {
            let n = xof_len(vm)?;
            let mut out = vec![0; n];
            x.finalize_xof_into(&mut out);
            out
        }
        State::Shake256(x) => {
            let n = xof_len(vm)?;
            let mut out = vec![0; n];
            x.finalize_xof_into(&mut out);
            out
        }
        State::Blake2b(x) => {
            let mut out = vec![0; x.output_size()];
            x.finalize_variable(&mut out).expect("sized");
            out
        }
        State::Blake2s(x) => {
            let mut out = vec![0; x.output_size()];
            x.finalize_variable(&mut out).expect("sized");
            out
        }
    })
}

fn digest(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = finish(vm, &a)?;
    Ok(vm.new_bytes(d))
}

fn hexdigest(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = finish(vm, &a)?;
    let s: String = d.iter().map(|b| format!("{:02x}", b)).collect();
    Ok(vm.new_str_owned(s))
}

fn copy(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let h = me(vm, &a)?;
    let s = h.state.borrow().clone();
    Ok(alloc_object(
        a.args[0].type_of(),
        HashData {
            algo: h.algo,
            state: RefCell::new(s),
        },
    ))
}

fn name(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let h = downcast::<HashData>(v).unwrap();
    Ok(vm.new_str(h.algo.name))
}

fn digest_size(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let h = downcast::<HashData>(v).unwrap();
    let n = match &*h.state.borrow() {
        State::Fixed(d) => d.output_size(),
        State::Blake2b(x) => x.output_size(),
        State::Blake2s(x) => x.output_size(),
        _ => 0,
    };
    Ok(new_int_i64(n as i64))
}

fn block_size(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let h = downcast::<HashData>(v).unwrap();
    Ok(new_int_i64(h.algo.block_size as i64))
}

macro_rules! constructors {
    ($($f:ident => $name:literal),* $(,)?) => {
        $(fn $f(vm: &mut Vm, a: Args) -> PyResult<Value> {
            construct(vm, &a, algo($name))
        })*
    };
}

constructors! {
    new_md5 => "md5",
    new_sha1 => "sha1",
    new_sha224 => "sha224",
    new_sha256 => "sha256",
    new_sha3_224 => "sha3_224",
    new_sha3_256 => "sha3_256",
    new_sha3_384 => "sha3_384",
    new_sha3_512 => "sha3_512",
    new_shake_128 => "shake_128",
    new_shake_256 => "shake_256",
    new_blake2b => "blake2b",
    new_blake2s => "blake2s",
}

fn module(vm: &mut Vm, name: &'static str, fns: &[(&'static str, NativeFn)]) -> PyResult<Value> {
    let m = vm.new_module(name)?;
    crate::modules::add_functions(vm, &m, name, fns)?;
    Ok(m)
}

pub fn init_md5(vm: &mut Vm) -> PyResult<Value> {
    module(vm, "_md5", &[("md5", new_md5)])
}

pub fn init_sha1(vm: &mut Vm) -> PyResult<Value> {
    module(vm, "_sha1", &[("sha1", new_sha1)])
}

pub fn init_sha256(vm: &mut Vm) -> PyResult<Value> {
    module(
        vm,
        "_sha256",
        &[("sha224", new_sha224), ("sha256", new_sha256)],
    )
}

pub fn init_sha3(vm: &mut Vm) -> PyResult<Value> {
    module(
        vm,
        "_sha3",
        &[
            ("sha3_224", new_sha3_224),
            ("sha3_256", new_sha3_256),
            ("sha3_384", new_sha3_384),
            ("sha3_512", new_sha3_512),
            ("shake_128", new_shake_128),
            ("shake_256", new_shake_256),
        ],
    )
}

pub fn init_blake2(vm: &mut Vm) -> PyResult<Value> {
    let m = module(
        vm,
        "_blake2",
        &[("blake2b", new_blake2b), ("blake2s", new_blake2s)],
    )?;
    for (k, v) in [
        ("BLAKE2B_MAX_DIGEST_SIZE", 64),
        ("BLAKE2B_MAX_KEY_SIZE", 64),
        ("BLAKE2B_PERSON_SIZE", 16),
        ("BLAKE2B_SALT_SIZE", 16),
        ("BLAKE2S_MAX_DIGEST_SIZE", 32),
        ("BLAKE2S_MAX_KEY_SIZE", 32),
        ("BLAKE2S_PERSON_SIZE", 8),
        ("BLAKE2S_SALT_SIZE", 8),
    ] {
        crate::modules::set_attr(vm, &m, k, new_int_i64(v))?;
    }
    Ok(m)
}
