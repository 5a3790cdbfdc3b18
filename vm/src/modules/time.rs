//! `time`: clocks (`clock_gettime`), `sleep`, broken-down time through the
//! C library (`gmtime_r`, `localtime_r`, `mktime`, `strftime`), and
//! `struct_time` — a small tuple subclass defined in Python source run at
//! import, as CPython's struct sequence behaves (9 indexable fields plus
//! `tm_zone`/`tm_gmtoff` attributes).

use std::sync::OnceLock;

use crate::int::Int;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, type_value};
use crate::vm::new::{new_int, new_int_i64};
use crate::vm::ops::{to_float, to_int};
use crate::vm::{str_of, Args, PyResult, Vm};

use super::typeutil::{type_addr, type_at};

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

/// glibc's `struct tm` (LP64).
#[repr(C)]
#[derive(Clone, Copy)]
struct Tm {
    tm_sec: i32,
    tm_min: i32,
    tm_hour: i32,
    tm_mday: i32,
    tm_mon: i32,
    tm_year: i32,
    tm_wday: i32,
    tm_yday: i32,
    tm_isdst: i32,
    tm_gmtoff: i64,
    tm_zone: *const std::ffi::c_char,
}

impl Tm {
    fn zeroed() -> Tm {
        Tm {
            tm_sec: 0,
            tm_min: 0,
            tm_hour: 0,
            tm_mday: 0,
            tm_mon: 0,
            tm_year: 0,
            tm_wday: 0,
            tm_yday: 0,
            tm_isdst: 0,
            tm_gmtoff: 0,
            tm_zone: std::ptr::null(),
        }
    }
}

extern "C" {
    fn clock_gettime(clk: i32, ts: *mut Timespec) -> i32;
    fn gmtime_r(t: *const i64, out: *mut Tm) -> *mut Tm;
    fn localtime_r(t: *const i64, out: *mut Tm) -> *mut Tm;
    fn mktime(tm: *mut Tm) -> i64;
    fn strftime(s: *mut u8, max: usize, fmt: *const std::ffi::c_char, tm: *const Tm) -> usize;
    fn tzset();
}

const CLOCK_REALTIME: i32 = 0;
const CLOCK_MONOTONIC: i32 = 1;
const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
const CLOCK_THREAD_CPUTIME_ID: i32 = 3;

fn clock_ns(clk: i32) -> i128 {
    let mut ts = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a valid out-pointer.
    unsafe { clock_gettime(clk, &mut ts) };
    ts.tv_sec as i128 * 1_000_000_000 + ts.tv_nsec as i128
}

fn clock_f(clk: i32) -> Value {
    let mut ts = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: as above.
    unsafe { clock_gettime(clk, &mut ts) };
    Value::from_f64(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9)
}

fn ns_value(n: i128) -> Value {
    match i64::try_from(n) {
        Ok(x) => new_int_i64(x),
        Err(_) => new_int(Int::from(n)),
    }
}

macro_rules! clocks {
    ($($f:ident, $fns:ident => $clk:expr;)*) => {$(
        fn $f(vm: &mut Vm, a: Args) -> PyResult<Value> {
            vm.check_args(stringify!($f), &a, 0, 0)?;
            Ok(clock_f($clk))
        }
        fn $fns(vm: &mut Vm, a: Args) -> PyResult<Value> {
            vm.check_args(stringify!($fns), &a, 0, 0)?;
            Ok(ns_value(clock_ns($clk)))
        }
    )*};
}

clocks! {
    time, time_ns => CLOCK_REALTIME;
    monotonic, monotonic_ns => CLOCK_MONOTONIC;
    perf_counter, perf_counter_ns => CLOCK_MONOTONIC;
    process_time, process_time_ns => CLOCK_PROCESS_CPUTIME_ID;
    thread_time, thread_time_ns => CLOCK_THREAD_CPUTIME_ID;
}

/// A number of seconds: float or int (or `__index__`), else CPython's
/// TypeError.
fn seconds(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Some(f) = to_float(v) {
        return Ok(f);
    }
    if let Some(i) = to_int(v) {
        return Ok(i.to_f64().unwrap_or(f64::INFINITY));
    }
    if crate::vm::attr::lookup(v.type_of(), "__float__").is_some() {
        return super::math::real(vm, v);
    }
    let i = vm.index(v)?;
    Ok(i.to_f64().unwrap_or(f64::INFINITY))
}

/// `get_clock_info(name)`: how each clock is read (all by clock_gettime).
fn get_clock_info(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("get_clock_info", &a, 1, 1)?;
    let name = crate::vm::str_of(&a.args[0]).to_string();
    let (implementation, monotonic, adjustable) = match name.as_str() {
        "time" => ("clock_gettime(CLOCK_REALTIME)", false, true),
        "monotonic" | "perf_counter" => ("clock_gettime(CLOCK_MONOTONIC)", true, false),
        "process_time" => ("clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", true, false),
        "thread_time" => ("clock_gettime(CLOCK_THREAD_CPUTIME_ID)", true, false),
        _ => return Err(vm.value_error("unknown clock")),
    };
    let ns = crate::object::alloc_object(&crate::types::NAMESPACE_TYPE, crate::objects::Empty);
    let imp = vm.new_str(implementation);
    vm.set_inst_attr(&ns, "implementation", imp)?;
    vm.set_inst_attr(&ns, "monotonic", Value::from_bool(monotonic))?;
    vm.set_inst_attr(&ns, "adjustable", Value::from_bool(adjustable))?;
    vm.set_inst_attr(&ns, "resolution", Value::float(1e-9))?;
    Ok(ns)
}

fn sleep(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("sleep", &a, 1, 1)?;
    let s = seconds(vm, &a.args[0])?;
    if s.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    if s < 0.0 {
        return Err(vm.value_error("sleep length must be non-negative"));
    }
    if s > 1e12 {
        return Err(vm.overflow_error("sleep length is too large"));
    }
    crate::modules::io::flush_stdout(vm);
    // Other threads run meanwhile.
    crate::gil::allow_threads(|| std::thread::sleep(std::time::Duration::from_secs_f64(s)));
    Ok(Value::none())
}

/// A `time_t` from an optional seconds argument (now when absent/None),
/// rounded toward minus infinity.
fn time_t_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i64> {
    match v {
        None => Ok((clock_ns(CLOCK_REALTIME).div_euclid(1_000_000_000)) as i64),
        Some(v) if v.is_none() => Ok((clock_ns(CLOCK_REALTIME).div_euclid(1_000_000_000)) as i64),
        Some(v) => {
            if let Some(i) = to_int(v) {
                return i.to_i64().ok_or_else(|| {
                    vm.overflow_error("timestamp out of range for platform time_t")
                });
            }
            let f = if let Some(f) = to_float(v) {
                f
            } else {
                vm.index(v)?.to_f64().unwrap_or(f64::INFINITY)
            };
            if f.is_nan() {
                return Err(vm.value_error("Invalid value NaN (not a number)"));
            }
            let f = f.floor();
            if !(-9.2e18..9.2e18).contains(&f) {
                return Err(vm.overflow_error("timestamp out of range for platform time_t"));
            }
            Ok(f as i64)
        }
    }
}

static STRUCT_TIME: OnceLock<usize> = OnceLock::new();

fn struct_time_class() -> Value {
    type_value(type_at(*STRUCT_TIME.get().expect("time.struct_time")))
}

fn zone_of(tm: &Tm) -> Option<String> {
    if tm.tm_zone.is_null() {
        return None;
    }
    // SAFETY: the C library's NUL-terminated zone abbreviation.
    Some(
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
            .to_string_lossy()
            .into_owned(),
    )
}

fn tm_to_struct(vm: &mut Vm, tm: &Tm) -> PyResult<Value> {
    let wday = (tm.tm_wday + 6) % 7;
    let mut items = vec![
        new_int_i64(tm.tm_year as i64 + 1900),
        new_int_i64(tm.tm_mon as i64 + 1),
        new_int_i64(tm.tm_mday as i64),
        new_int_i64(tm.tm_hour as i64),
        new_int_i64(tm.tm_min as i64),
        new_int_i64(tm.tm_sec as i64),
        new_int_i64(wday as i64),
        new_int_i64(tm.tm_yday as i64 + 1),
        new_int_i64(tm.tm_isdst as i64),
    ];
    items.push(match zone_of(tm) {
        Some(z) => vm.new_str(&z),
        None => Value::none(),
    });
    items.push(new_int_i64(tm.tm_gmtoff));
    let t = vm.new_tuple(items);
    let cls = struct_time_class();
    vm.call(&cls, &[t], &[])
}

fn gmtime(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("gmtime", &a, 0, 1)?;
    let t = time_t_arg(vm, a.args.first())?;
    let mut tm = Tm::zeroed();
    // SAFETY: valid pointers.
    if unsafe { gmtime_r(&t, &mut tm) }.is_null() {
        return Err(vm.overflow_error("timestamp out of range for platform time_t"));
    }
    tm_to_struct(vm, &tm)
}

fn localtime(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("localtime", &a, 0, 1)?;
    let t = time_t_arg(vm, a.args.first())?;
    let mut tm = Tm::zeroed();
    // SAFETY: valid pointers.
    if unsafe { localtime_r(&t, &mut tm) }.is_null() {
        return Err(vm.overflow_error("timestamp out of range for platform time_t"));
    }
    tm_to_struct(vm, &tm)
}

/// `gettmarg`: a 9-tuple or struct_time as a `struct tm` (and the zone
/// name, kept alive by the caller).
fn tm_arg(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<(Tm, Option<std::ffi::CString>)> {
    let Some(t) = downcast::<TupleData>(v) else {
        return Err(vm.type_error("Tuple or struct_time argument required"));
    };
    let items = t.items.to_vec();
    if items.len() != 9 {
        return Err(vm.type_error(format!("{}(): illegal time tuple argument", fname)));
    }
    let mut f = [0i64; 9];
    for (i, x) in items.iter().enumerate() {
        let n = vm.index(x)?;
        f[i] = n
            .to_i64()
            .filter(|v| i32::try_from(*v).is_ok())
            .ok_or_else(|| vm.overflow_error("Python int too large to convert to C int"))?;
    }
    let mut tm = Tm::zeroed();
    tm.tm_year = (f[0] - 1900) as i32;
    tm.tm_mon = (f[1] - 1) as i32;
    tm.tm_mday = f[2] as i32;
    tm.tm_hour = f[3] as i32;
    tm.tm_min = f[4] as i32;
    tm.tm_sec = f[5] as i32;
    tm.tm_wday = ((f[6] + 1) % 7) as i32;
    tm.tm_yday = (f[7] - 1) as i32;
    tm.tm_isdst = f[8] as i32;
    let mut zone = None;
    if as_type(&type_value(v.type_of())).is_some() && !std::ptr::eq(v.type_of(), &TUPLE_TYPE) {
        if let Ok(Some(z)) = vm.get_attr_opt(v, "tm_zone") {
            if downcast::<StrData>(&z).is_some() {
                zone = std::ffi::CString::new(str_of(&z).to_string()).ok();
            }
        }
        if let Ok(Some(g)) = vm.get_attr_opt(v, "tm_gmtoff") {
            if let Some(i) = to_int(&g).and_then(|i| i.to_i64()) {
                tm.tm_gmtoff = i;
            }
        }
    }
    if let Some(z) = &zone {
        tm.tm_zone = z.as_ptr();
    }
    Ok((tm, zone))
}

/// `checktm`: CPython's range checks before `strftime`/`asctime`.
fn checktm(vm: &mut Vm, tm: &mut Tm) -> PyResult<()> {
    if tm.tm_mon == -1 {
        tm.tm_mon = 0;
    } else if !(0..=11).contains(&tm.tm_mon) {
        return Err(vm.value_error("month out of range"));
    }
    if tm.tm_mday == 0 {
        tm.tm_mday = 1;
    } else if !(0..=31).contains(&tm.tm_mday) {
        return Err(vm.value_error("day of month out of range"));
    }
    if !(0..=23).contains(&tm.tm_hour) {
        return Err(vm.value_error("hour out of range"));
    }
    if !(0..=59).contains(&tm.tm_min) {
        return Err(vm.value_error("minute out of range"));
    }
    if !(0..=61).contains(&tm.tm_sec) {
        return Err(vm.value_error("seconds out of range"));
    }
    if tm.tm_wday < 0 {
        return Err(vm.value_error("day of week out of range"));
    }
    if tm.tm_yday == -1 {
        tm.tm_yday = 0;
    } else if !(0..=365).contains(&tm.tm_yday) {
        return Err(vm.value_error("day of year out of range"));
    }
    Ok(())
}

fn now_local(vm: &mut Vm) -> PyResult<Tm> {
    let t = time_t_arg(vm, None)?;
    let mut tm = Tm::zeroed();
    // SAFETY: valid pointers.
    unsafe { localtime_r(&t, &mut tm) };
    Ok(tm)
}

fn strftime_fn(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("strftime", &a, 1, 2)?;
    let f = &a.args[0];
    if downcast::<StrData>(f).is_none() {
        return Err(vm.type_error(format!(
            "strftime() argument 1 must be str, not {}",
            f.type_of().name()
        )));
    }
    let (mut tm, _zone) = match a.args.get(1) {
        Some(t) => tm_arg(vm, t, "strftime")?,
        None => (now_local(vm)?, None),
    };
    checktm(vm, &mut tm)?;
    if tm.tm_isdst < -1 {
        tm.tm_isdst = -1;
    } else if tm.tm_isdst > 1 {
        tm.tm_isdst = 1;
    }
    let fmt = str_of(f).to_string();
    if fmt.is_empty() {
        return Ok(vm.new_str(""));
    }
    if fmt.contains('\0') {
        return Err(vm.value_error("embedded null character"));
    }
    let cfmt = std::ffi::CString::new(fmt.clone()).unwrap();
    let mut size = 1024usize.max(fmt.len() * 4);
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: buf has `size` bytes; cfmt and tm are valid.
        let n = unsafe { strftime(buf.as_mut_ptr(), size, cfmt.as_ptr(), &tm) };
        if n > 0 || size >= 256 * fmt.len() + 4096 {
            buf.truncate(n);
            return Ok(vm.new_str_owned(String::from_utf8_lossy(&buf).into_owned()));
        }
        size *= 2;
    }
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn asctime_of(tm: &Tm) -> String {
    format!(
        "{} {}{:>3} {:02}:{:02}:{:02} {}",
        DAYS[tm.tm_wday.rem_euclid(7) as usize],
        MONTHS[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        tm.tm_year as i64 + 1900
    )
}

fn asctime(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("asctime", &a, 0, 1)?;
    let (mut tm, _z) = match a.args.first() {
        Some(t) => tm_arg(vm, t, "asctime")?,
        None => (now_local(vm)?, None),
    };
    checktm(vm, &mut tm)?;
    Ok(vm.new_str_owned(asctime_of(&tm)))
}

fn ctime(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("ctime", &a, 0, 1)?;
    let t = time_t_arg(vm, a.args.first())?;
    let mut tm = Tm::zeroed();
    // SAFETY: valid pointers.
    if unsafe { localtime_r(&t, &mut tm) }.is_null() {
        return Err(vm.overflow_error("timestamp out of range for platform time_t"));
    }
    Ok(vm.new_str_owned(asctime_of(&tm)))
}

fn mktime_fn(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("mktime", &a, 1, 1)?;
    let (mut tm, _z) = tm_arg(vm, &a.args[0], "mktime")?;
    tm.tm_wday = -1;
    // SAFETY: tm is valid.
    let t = unsafe { mktime(&mut tm) };
    if t == -1 && tm.tm_wday == -1 {
        return Err(vm.overflow_error("mktime argument out of range"));
    }
    Ok(Value::from_f64(t as f64))
}

fn tzset_fn(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("tzset", &a, 0, 0)?;
    // SAFETY: plain libc call.
    unsafe { tzset() };
    Ok(Value::none())
}

/// `timezone`, `altzone`, `daylight`, `tzname` as CPython's
/// `init_timezone` computes them (from January and July of this year).
fn set_timezone(vm: &mut Vm, m: &Value) -> PyResult<()> {
    // SAFETY: plain libc call.
    unsafe { tzset() };
    let now = time_t_arg(vm, None)?;
    const YEAR: i64 = (365 * 24 + 6) * 3600;
    let jan = (now / YEAR) * YEAR;
    let jul = jan + YEAR / 2;
    let mut a = Tm::zeroed();
    let mut b = Tm::zeroed();
    // SAFETY: valid pointers.
    unsafe {
        localtime_r(&jan, &mut a);
        localtime_r(&jul, &mut b);
    }
    let janzone = -a.tm_gmtoff;
    let julzone = -b.tm_gmtoff;
    let janname = zone_of(&a).unwrap_or_default();
    let julname = zone_of(&b).unwrap_or_default();
    let (tz, alt, n1, n2) = if janzone < julzone {
        (julzone, janzone, julname, janname)
    } else {
        (janzone, julzone, janname, julname)
    };
    crate::modules::set_attr(vm, m, "timezone", new_int_i64(tz))?;
    crate::modules::set_attr(vm, m, "altzone", new_int_i64(alt))?;
    crate::modules::set_attr(vm, m, "daylight", new_int_i64((janzone != julzone) as i64))?;
    let (s1, s2) = (vm.new_str(&n1), vm.new_str(&n2));
    let names = vm.new_tuple(vec![s1, s2]);
    crate::modules::set_attr(vm, m, "tzname", names)?;
    Ok(())
}



pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("time")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("time", time),
        ("time_ns", time_ns),
        ("monotonic", monotonic),
        ("get_clock_info", get_clock_info),
        ("monotonic_ns", monotonic_ns),
        ("perf_counter", perf_counter),
        ("perf_counter_ns", perf_counter_ns),
        ("process_time", process_time),
        ("process_time_ns", process_time_ns),
        ("thread_time", thread_time),
        ("thread_time_ns", thread_time_ns),
        ("sleep", sleep),
        ("gmtime", gmtime),
        ("localtime", localtime),
        ("mktime", mktime_fn),
        ("strftime", strftime_fn),
        ("asctime", asctime),
        ("ctime", ctime),
        ("tzset", tzset_fn),
    ];
    crate::modules::add_functions(vm, &m, "time", fns)?;
    set_timezone(vm, &m)?;
    for (n, v) in [
        ("CLOCK_REALTIME", 0),
        ("CLOCK_MONOTONIC", 1),
        ("CLOCK_PROCESS_CPUTIME_ID", 2),
        ("CLOCK_THREAD_CPUTIME_ID", 3),
        ("_STRUCT_TM_ITEMS", 11),
    ] {
        crate::modules::set_attr(vm, &m, n, new_int_i64(v))?;
    }
    let d = crate::vm::attr::inst_dict(&m).unwrap();
    crate::modules::run_python_body(vm, &m, "time", include_str!("time.py"))?;
    let st = vm.dict_get_str(&d, "struct_time").expect("struct_time");
    if STRUCT_TIME.get().is_none() {
        let t = as_type(&st).unwrap();
        // SAFETY: classes are immortal.
        let t: &'static crate::object::TypeObject =
            unsafe { &*(t as *const crate::object::TypeObject) };
        let _ = STRUCT_TIME.set(type_addr(t));
    }
    Ok(m)
}
