//! `_locale`: a C-locale-only implementation under `locale.py`.
//!
//! Pyrite does not switch the C library's locale: `setlocale` accepts
//! only the C/POSIX locale (and `""`, the environment's default, which is
//! reported as `"C"` too) and raises `locale.Error: unsupported locale
//! setting` otherwise; `localeconv` gives the C locale's conventions.
//! Text is UTF-8 throughout (as in CPython's UTF-8 mode), so `CODESET`
//! and `getencoding()` say `UTF-8`. `nl_langinfo` answers other items
//! from the C library in its (unchanged, "C") locale. `strcoll`/`strxfrm`
//! compare by code point, as the C locale does. The gettext functions
//! return their message unchanged.

use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{str_of, Args, PyResult, Vm};

static ERROR: crate::gil::GilCell<std::cell::RefCell<Option<Value>>> =
    crate::gil::GilCell::new(std::cell::RefCell::new(None));

fn str_arg(vm: &mut Vm, v: &Value, fname: &str, n: usize) -> PyResult<String> {
    if downcast::<StrData>(v).is_none() {
        return Err(vm.type_error(format!(
            "{}() argument {} must be str, not {}",
            fname,
            n,
            v.type_of().name()
        )));
    }
    Ok(str_of(v).to_string())
}

fn setlocale(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("setlocale", &a, 1, 2)?;
    let cat = vm.index_i64(&a.args[0])?;
    if !(0..=6).contains(&cat) {
        let err = ERROR
            .with(|e| e.borrow().clone())
            .unwrap_or_else(|| crate::vm::attr::type_value(&VALUE_ERROR_TYPE));
        let msg = vm.new_str("invalid locale category");
        let exc = vm.call(&err, &[msg], &[])?;
        return Err(crate::vm::PyErr(exc));
    }
    match a.args.get(1) {
        None => {}
        Some(v) if v.is_none() => {}
        Some(v) => {
            let s = str_arg(vm, v, "setlocale", 2)?;
            if !matches!(s.as_str(), "" | "C" | "POSIX" | "C.UTF-8" | "C.utf8") {
                let err = ERROR
                    .with(|e| e.borrow().clone())
                    .unwrap_or_else(|| crate::vm::attr::type_value(&VALUE_ERROR_TYPE));
                let msg = vm.new_str("unsupported locale setting");
                let exc = vm.call(&err, &[msg], &[])?;
                return Err(crate::vm::PyErr(exc));
            }
        }
    }
    Ok(vm.new_str("C"))
}

fn localeconv(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("localeconv", &a, 0, 0)?;
    let d = vm.new_dict();
    for k in [
        "int_curr_symbol",
        "currency_symbol",
        "mon_decimal_point",
        "mon_thousands_sep",
    ] {
        let e = vm.new_str("");
        vm.dict_set_str(&d, k, e)?;
    }
    let g = vm.new_list(vec![]);
    vm.dict_set_str(&d, "mon_grouping", g)?;
    for k in ["positive_sign", "negative_sign"] {
        let e = vm.new_str("");
        vm.dict_set_str(&d, k, e)?;
    }
    for k in [
        "int_frac_digits",
        "frac_digits",
        "p_cs_precedes",
        "p_sep_by_space",
        "n_cs_precedes",
        "n_sep_by_space",
        "p_sign_posn",
        "n_sign_posn",
    ] {
        vm.dict_set_str(&d, k, new_int_i64(127))?;
    }
    let dp = vm.new_str(".");
    vm.dict_set_str(&d, "decimal_point", dp)?;
    let ts = vm.new_str("");
    vm.dict_set_str(&d, "thousands_sep", ts)?;
    let g = vm.new_list(vec![]);
    vm.dict_set_str(&d, "grouping", g)?;
    Ok(d)
}

fn nl_langinfo(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("nl_langinfo", &a, 1, 1)?;
    let item = vm.index_i64(&a.args[0])?;
    if item == libc::CODESET as i64 {
        return Ok(vm.new_str("UTF-8"));
    }
    if !CONSTANTS
        .iter()
        .any(|(n, v)| *v == item && !n.starts_with("LC_") && *n != "CHAR_MAX")
    {
        return Err(vm.value_error("unsupported langinfo constant"));
    }
    // SAFETY: nl_langinfo returns a NUL-terminated string that we copy at
    // once; the item is one of the known constants.
    let p = unsafe { libc::nl_langinfo(item as libc::nl_item) };
    if p.is_null() {
        return Ok(vm.new_str(""));
    }
    // SAFETY: non-null NUL-terminated string.
    let s = unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned();
    Ok(vm.new_str_owned(s))
}

fn strcoll(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("strcoll", &a, 2, 2)?;
    let x = str_arg(vm, &a.args[0], "strcoll", 1)?;
    let y = str_arg(vm, &a.args[1], "strcoll", 2)?;
    Ok(new_int_i64(match x.cmp(&y) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }))
}

fn strxfrm(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("strxfrm", &a, 1, 1)?;
    let _ = str_arg(vm, &a.args[0], "strxfrm", 1)?;
    Ok(a.args[0].clone())
}

fn getencoding(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("getencoding", &a, 0, 0)?;
    Ok(vm.new_str("UTF-8"))
}

/// `gettext(msg)`, `dgettext(domain, msg)`, `dcgettext(domain, msg,
/// category)`: no catalogs, so the message itself.
fn gettext(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("gettext", &a, 1, 1)?;
    Ok(a.args[0].clone())
}

fn dgettext(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("dgettext", &a, 2, 2)?;
    Ok(a.args[1].clone())
}

fn dcgettext(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("dcgettext", &a, 3, 3)?;
    Ok(a.args[1].clone())
}

fn textdomain(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("textdomain", &a, 1, 1)?;
    if a.args[0].is_none() {
        return Ok(vm.new_str("messages"));
    }
    Ok(a.args[0].clone())
}

fn bindtextdomain(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("bindtextdomain", &a, 2, 2)?;
    if a.args[1].is_none() {
        return Ok(vm.new_str("/usr/share/locale"));
    }
    Ok(a.args[1].clone())
}

fn bind_textdomain_codeset(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("bind_textdomain_codeset", &a, 2, 2)?;
    Ok(a.args[1].clone())
}

const CONSTANTS: &[(&str, i64)] = &[
    ("LC_CTYPE", 0),
    ("LC_TIME", 2),
    ("LC_COLLATE", 3),
    ("LC_MONETARY", 4),
    ("LC_MESSAGES", 5),
    ("LC_NUMERIC", 1),
    ("LC_ALL", 6),
    ("CHAR_MAX", 127),
    ("DAY_1", 131079),
    ("DAY_2", 131080),
    ("DAY_3", 131081),
    ("DAY_4", 131082),
    ("DAY_5", 131083),
    ("DAY_6", 131084),
    ("DAY_7", 131085),
    ("ABDAY_1", 131072),
    ("ABDAY_2", 131073),
    ("ABDAY_3", 131074),
    ("ABDAY_4", 131075),
    ("ABDAY_5", 131076),
    ("ABDAY_6", 131077),
    ("ABDAY_7", 131078),
    ("MON_1", 131098),
    ("MON_2", 131099),
    ("MON_3", 131100),
    ("MON_4", 131101),
    ("MON_5", 131102),
    ("MON_6", 131103),
    ("MON_7", 131104),
    ("MON_8", 131105),
    ("MON_9", 131106),
    ("MON_10", 131107),
    ("MON_11", 131108),
    ("MON_12", 131109),
    ("ABMON_1", 131086),
    ("ABMON_2", 131087),
    ("ABMON_3", 131088),
    ("ABMON_4", 131089),
    ("ABMON_5", 131090),
    ("ABMON_6", 131091),
    ("ABMON_7", 131092),
    ("ABMON_8", 131093),
    ("ABMON_9", 131094),
    ("ABMON_10", 131095),
    ("ABMON_11", 131096),
    ("ABMON_12", 131097),
    ("RADIXCHAR", 65536),
    ("THOUSEP", 65537),
    ("CRNCYSTR", 262159),
    ("D_T_FMT", 131112),
    ("D_FMT", 131113),
    ("T_FMT", 131114),
    ("AM_STR", 131110),
    ("PM_STR", 131111),
    ("CODESET", 14),
    ("T_FMT_AMPM", 131115),
    ("ERA", 131116),
    ("ERA_D_FMT", 131118),
    ("ERA_D_T_FMT", 131120),
    ("ERA_T_FMT", 131121),
    ("ALT_DIGITS", 131119),
    ("YESEXPR", 327680),
    ("NOEXPR", 327681),
    ("_DATE_FMT", 131180),
];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_locale")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("setlocale", setlocale),
        ("localeconv", localeconv),
        ("strcoll", strcoll),
        ("strxfrm", strxfrm),
        ("nl_langinfo", nl_langinfo),
        ("gettext", gettext),
        ("dgettext", dgettext),
        ("dcgettext", dcgettext),
        ("textdomain", textdomain),
        ("bindtextdomain", bindtextdomain),
        ("bind_textdomain_codeset", bind_textdomain_codeset),
        ("getencoding", getencoding),
    ];
    crate::modules::add_functions(vm, &m, "_locale", fns)?;
    for (n, v) in CONSTANTS {
        crate::modules::set_attr(vm, &m, n, new_int_i64(*v))?;
    }
    let err = super::typeutil::new_exception_class(vm, "locale", "Error", &EXCEPTION_TYPE)?;
    ERROR.with(|e| *e.borrow_mut() = Some(err.clone()));
    crate::modules::set_attr(vm, &m, "Error", err)?;
    Ok(m)
}
