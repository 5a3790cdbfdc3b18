//! `_random`: the Mersenne Twister (MT19937) behind Lib's `random`, giving
//! CPython's numbers for the same seed: `init_by_array` over the seed's
//! 32-bit words, 53-bit `random()`, `getrandbits`, `getstate`/`setstate`.

use super::typeutil::{new_type, type_addr, type_at};
use crate::builtins::add_methods;
use crate::int::Int;
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::as_type;
use crate::vm::new::new_int;
use crate::vm::ops::to_int;
use crate::vm::{Args, PyResult, Vm};
use std::cell::RefCell;
use std::sync::OnceLock;

const N: usize = 624;
const M: usize = 397;

/// The generator's state.
pub struct MtData(RefCell<Mt>);

pub struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn new() -> Mt {
        let mut m = Mt {
            state: [0; N],
            index: N + 1,
        };
        m.init_genrand(5489);
        m
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1812433253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19650218);
        let (mut i, mut j) = (1usize, 0usize);
        let len = key.len().max(1);
        for _ in 0..N.max(len) {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1664525))
                .wrapping_add(*key.get(j).unwrap_or(&0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1566083941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
    }

    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            for k in 0..N {
                let y = (self.state[k] & 0x8000_0000) | (self.state[(k + 1) % N] & 0x7fff_ffff);
                let mag = if y & 1 != 0 { 0x9908_b0df } else { 0 };
                self.state[k] = self.state[(k + M) % N] ^ (y >> 1) ^ mag;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }
}

static RANDOM: OnceLock<usize> = OnceLock::new();

fn random_type() -> &'static TypeObject {
    type_at(*RANDOM.get_or_init(|| {
        let t = new_type::<MtData>("Random", "_random", &OBJECT_TYPE, None, true, true);
        add_methods(
            t,
            &[
                ("__new__", random_new),
                ("__init__", random_init),
                ("seed", random_seed),
                ("random", random_random),
                ("getrandbits", random_getrandbits),
                ("getstate", random_getstate),
                ("setstate", random_setstate),
            ],
        );
        type_addr(t)
    }))
}

// SAFETY: random_type()'s solid layout is MtData (set in new_type).
unsafe impl Payload for MtData {
    fn layout() -> &'static TypeObject {
        random_type()
    }
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_random")?;
    crate::modules::set_attr(vm, &m, "Random", crate::vm::attr::type_value(random_type()))?;
    Ok(m)
}

fn mt<'a>(a: &'a Args) -> &'a MtData {
    downcast::<MtData>(&a.args[0]).unwrap()
}

fn random_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let v = alloc_object(t, MtData(RefCell::new(Mt::new())));
    if std::ptr::eq(t, random_type()) && a.has_kwargs() {
        return Err(vm.type_error("Random() takes no keyword arguments"));
    }
    let seed = a.pos().get(1).cloned().unwrap_or_else(Value::none);
    seed_with(vm, &v, &seed)?;
    Ok(v)
}

fn random_init(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::none())
}

/// Seeds from an int (its absolute value's 32-bit words), None (the OS
/// entropy source) or any other hashable (its hash).
fn seed_with(vm: &mut Vm, me: &Value, arg: &Value) -> PyResult<()> {
    let n: Int = if arg.is_none() {
        let mut buf = [0u8; 32];
        let _ = std::fs::File::open("/dev/urandom")
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut buf));
        Int::from_ibig(dashu_int::IBig::from(dashu_int::UBig::from_le_bytes(&buf)))
    } else if let Some(i) = to_int(arg) {
        i
    } else {
        Int::Small(vm.hash(arg)?)
    };
    let mag = n.abs().to_ibig();
    let (_, ubig) = mag.into_parts();
    let bytes = ubig.to_le_bytes();
    let mut key: Vec<u32> = bytes
        .chunks(4)
        .map(|c| {
            let mut w = [0u8; 4];
            w[..c.len()].copy_from_slice(c);
            u32::from_le_bytes(w)
        })
        .collect();
    while key.len() > 1 && *key.last().unwrap() == 0 {
        key.pop();
    }
    if key.is_empty() {
        key.push(0);
    }
    downcast::<MtData>(me)
        .unwrap()
        .0
        .borrow_mut()
        .init_by_array(&key);
    Ok(())
}

fn random_seed(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("seed", &Args::new(&a.args[1..]), 0, 1)?;
    let arg = a.args.get(1).cloned().unwrap_or_else(Value::none);
    let me = a.args[0].clone();
    seed_with(vm, &me, &arg)?;
    Ok(Value::none())
}

fn random_random(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::float(mt(&a).0.borrow_mut().random()))
}

fn random_getrandbits(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("getrandbits", &Args::new(&a.args[1..]), 1, 1)?;
    let k = vm.index_i64(&a.args[1])?;
    if k < 0 {
        return Err(vm.value_error("number of bits must be non-negative"));
    }
    if k == 0 {
        return Ok(crate::vm::new::new_int_i64(0));
    }
    let mut g = mt(&a).0.borrow_mut();
    if k <= 32 {
        return Ok(crate::vm::new::new_int_i64(
            (g.next_u32() >> (32 - k)) as i64,
        ));
    }
    let words = ((k - 1) / 32 + 1) as usize;
    let mut bytes = Vec::with_capacity(words * 4);
    let mut left = k;
    for _ in 0..words {
        let mut r = g.next_u32();
        if left < 32 {
            r >>= 32 - left;
        }
        bytes.extend_from_slice(&r.to_le_bytes());
        left -= 32;
    }
    drop(g);
    Ok(new_int(Int::from_ibig(dashu_int::IBig::from(
        dashu_int::UBig::from_le_bytes(&bytes),
    ))))
}

fn random_getstate(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let g = mt(&a).0.borrow();
    let mut items: Vec<Value> = g
        .state
        .iter()
        .map(|&w| crate::vm::new::new_int_i64(w as i64))
        .collect();
    items.push(crate::vm::new::new_int_i64(g.index as i64));
    drop(g);
    Ok(vm.new_tuple(items))
}

fn random_setstate(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("setstate", &Args::new(&a.args[1..]), 1, 1)?;
    let Some(t) = downcast::<TupleData>(&a.args[1]) else {
        return Err(vm.type_error("state vector must be a tuple"));
    };
    if t.items.len() != N + 1 {
        return Err(vm.value_error("state vector is the wrong size"));
    }
    let mut state = [0u32; N];
    for (i, v) in t.items[..N].iter().enumerate() {
        let x = vm.index_i64(v)?;
        state[i] = x as u32;
    }
    let index = vm.index_i64(&t.items[N])?;
    if index < 0 || index > N as i64 {
        return Err(vm.value_error("invalid state"));
    }
    let mut g = mt(&a).0.borrow_mut();
    g.state = state;
    g.index = index as usize;
    Ok(Value::none())
}
