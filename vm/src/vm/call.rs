//! Calling: the generic `call`, calling a type (`__new__` + `__init__`),
//! and binding arguments into a Python function's fresh frame with
//! CPython's error messages.

use super::attr::{as_type, lookup, type_value};
use super::{str_of, Args, PyResult, Vm};
use crate::eval::Frame;
use crate::object::type_flags;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use pyrite_compiler::code::{CO_VARARGS, CO_VARKEYWORDS};

impl Vm {
    /// `f(*args)` with the last `kwnames.len()` of `args` passed by keyword.
    pub fn call(&mut self, f: &Value, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
        (f.type_of().call.get())(self, f, args, kwnames)
    }

    /// A method descriptor called unbound checks its first argument.
    pub(crate) fn check_descr_self(
        &mut self,
        b: &BuiltinFnData,
        owner: &'static crate::object::TypeObject,
        args: &[Value],
    ) -> PyResult<()> {
        if b.name == "__new__" {
            return Ok(());
        }
        match args.first() {
            Some(s) if crate::vm::class::is_instance(s, owner) => Ok(()),
            Some(s) => {
                let msg = format!(
                    "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                    b.name,
                    owner.name(),
                    s.type_of().name()
                );
                Err(self.type_error(msg))
            }
            None => {
                let msg = format!(
                    "unbound method {}.{}() needs an argument",
                    owner.name(),
                    b.name
                );
                Err(self.type_error(msg))
            }
        }
    }

    pub fn call0(&mut self, f: &Value) -> PyResult<Value> {
        self.call(f, &[], &[])
    }

    pub fn call1(&mut self, f: &Value, a: Value) -> PyResult<Value> {
        self.call(f, &[a], &[])
    }

    /// `obj.name(*args)`.
    pub fn call_method(&mut self, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
        let ty = obj.type_of();
        if !ty.has_flag(type_flags::CUSTOM_GETATTR) {
            if let Some(d) = lookup(ty, name) {
                let plain = std::ptr::eq(d.type_of(), &FUNCTION_TYPE)
                    || std::ptr::eq(d.type_of(), &METHOD_DESCRIPTOR_TYPE);
                if plain
                    && super::attr::inst_dict(obj)
                        .map_or(true, |dd| self.dict_get_str(&dd, name).is_none())
                {
                    let mut v = Vec::with_capacity(args.len() + 1);
                    v.push(obj.clone());
                    v.extend_from_slice(args);
                    return self.call(&d, &v, &[]);
                }
            }
        }
        let m = self.get_attr_str(obj, name)?;
        self.call(&m, args, &[])
    }

    /// The special method `name` looked up on the type (not the instance),
    /// called with `obj` first; `Ok(None)` if the type has none.
    pub fn call_special(
        &mut self,
        obj: &Value,
        name: &str,
        args: &[Value],
    ) -> PyResult<Option<Value>> {
        let Some(d) = lookup(obj.type_of(), name) else {
            return Ok(None);
        };
        if d.is_none() {
            return Ok(None);
        }
        let dt = d.type_of();
        if std::ptr::eq(dt, &METHOD_DESCRIPTOR_TYPE) && args.len() <= 2 {
            // A built-in type's native method (`int.__add__`): called
            // directly, `obj` first, without an argument vector. `obj` is
            // an instance of the type the lookup went through, so the
            // descriptor's self check would pass.
            if let Some(b) = downcast::<BuiltinFnData>(&d) {
                if b.self_.is_none() {
                    let func = b.f;
                    let r = match args {
                        [] => func(self, Args::new(&[obj.clone()])),
                        [x] => func(self, Args::new(&[obj.clone(), x.clone()])),
                        [x, y] => func(self, Args::new(&[obj.clone(), x.clone(), y.clone()])),
                        _ => unreachable!(),
                    };
                    return r.map(Some);
                }
            }
        }
        if std::ptr::eq(dt, &FUNCTION_TYPE) || std::ptr::eq(dt, &METHOD_DESCRIPTOR_TYPE) {
            let mut v = Vec::with_capacity(args.len() + 1);
            v.push(obj.clone());
            v.extend_from_slice(args);
            return self.call(&d, &v, &[]).map(Some);
        }
        let owner = type_value(obj.type_of());
        let bound = self.descr_get(&d, Some(obj), &owner)?.unwrap_or(d);
        self.call(&bound, args, &[]).map(Some)
    }

    /// Calling a type: `type(x)`, a metaclass `__call__`, or `__new__` then
    /// `__init__`.
    pub fn call_type(&mut self, tv: &Value, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
        let t = as_type(tv).unwrap();
        let meta = tv.type_of();
        if std::ptr::eq(t, &TYPE_TYPE) && args.len() == 1 && kwnames.is_empty() {
            return Ok(type_value(args[0].type_of()));
        }
        if meta.has_flag(type_flags::HEAPTYPE) {
            if let Some(c) = lookup(meta, "__call__") {
                if std::ptr::eq(c.type_of(), &FUNCTION_TYPE) {
                    let mut v = Vec::with_capacity(args.len() + 1);
                    v.push(tv.clone());
                    v.extend_from_slice(args);
                    return self.call(&c, &v, kwnames);
                }
            }
        }
        self.type_call_default(tv, args, kwnames)
    }

    /// `type.__call__`: `__new__`, then `__init__` if the result is an
    /// instance.
    pub fn type_call_default(
        &mut self,
        tv: &Value,
        args: &[Value],
        kwnames: &[Value],
    ) -> PyResult<Value> {
        let t = as_type(tv).unwrap();
        let new = lookup(t, "__new__").expect("object.__new__");
        let mut v = Vec::with_capacity(args.len() + 1);
        v.push(tv.clone());
        v.extend_from_slice(args);
        let newf = match downcast::<WrapperData>(&new) {
            Some(w) => w.0.borrow().clone(),
            None => new,
        };
        let obj = self.call(&newf, &v, kwnames)?;
        if !crate::vm::class::is_instance(&obj, t) {
            return Ok(obj);
        }
        let init = lookup(obj.type_of(), "__init__");
        if let Some(init) = init {
            if std::ptr::eq(init.type_of(), &METHOD_DESCRIPTOR_TYPE) {
                let b = downcast::<BuiltinFnData>(&init).unwrap();
                if b.owner.map_or(false, |o| std::ptr::eq(o, &OBJECT_TYPE)) {
                    return Ok(obj);
                }
            }
            v[0] = obj.clone();
            let r = self.call(&init, &v, kwnames)?;
            if !r.is_none() {
                let msg = format!(
                    "__init__() should return None, not '{}'",
                    r.type_of().name()
                );
                return Err(self.type_error(msg));
            }
        }
        Ok(obj)
    }

    /// A new frame for calling the Python function `f` (with `self_`
    /// prepended when given), its parameters bound.
    pub fn make_frame(
        &mut self,
        f: &Value,
        self_: Option<Value>,
        args: &[Value],
        kwnames: &[Value],
    ) -> PyResult<Box<Frame>> {
        let fd = downcast::<FunctionData>(f).unwrap();
        // SAFETY: a function's code is always a code object.
        let cd = unsafe { payload_unchecked::<CodeData>(&fd.code) }.body();
        let co = &cd.code;
        let mut frame = self.alloc_frame(&fd.code, cd, &fd.globals, &fd.builtins);
        frame.func = Some(f.clone());
        let argcount = co.argcount as usize;
        let kwonly = co.kwonlyargcount as usize;
        let posonly = co.posonlyargcount as usize;
        let total = argcount + kwonly;
        let has_varargs = co.flags & CO_VARARGS != 0;
        let has_varkw = co.flags & CO_VARKEYWORDS != 0;
        let npos_given = args.len() - kwnames.len() + self_.is_some() as usize;
        let npos_args = args.len() - kwnames.len();
        if kwnames.is_empty() && npos_given == argcount && !has_varargs && !has_varkw && kwonly == 0
        {
            // Fast path: an exact positional call.
            let locals = &mut frame.localsplus;
            let mut i = 0;
            if let Some(s) = self_ {
                locals[0] = Some(s);
                i = 1;
            }
            for a in args {
                locals[i] = Some(a.clone());
                i += 1;
            }
            let _ = (total, posonly);
            return Ok(frame);
        }
        let mut pos: Vec<Value> = Vec::with_capacity(npos_given);
        if let Some(s) = self_ {
            pos.push(s);
        }
        pos.extend_from_slice(&args[..npos_args]);
        self.finish_binding(frame, f, &pos, &args[npos_args..], kwnames, 0)
    }

    /// The general case of argument binding.
    fn finish_binding(
        &mut self,
        mut frame: Box<Frame>,
        f: &Value,
        pos: &[Value],
        kwvals: &[Value],
        kwnames: &[Value],
        start: usize,
    ) -> PyResult<Box<Frame>> {
        let fd = downcast::<FunctionData>(f).unwrap();
        // SAFETY: a function's code is a code object.
        let cd = unsafe { payload_unchecked::<CodeData>(&fd.code) }.body();
        let co = cd.code.clone();
        let qualname = str_of(&fd.qualname.borrow()).to_string();
        let argcount = co.argcount as usize;
        let kwonly = co.kwonlyargcount as usize;
        let posonly = co.posonlyargcount as usize;
        let total = argcount + kwonly;
        let has_varargs = co.flags & CO_VARARGS != 0;
        let has_varkw = co.flags & CO_VARKEYWORDS != 0;
        let npos = pos.len() + start;
        // Positional parameters.
        let ncopy = pos.len().min(argcount.saturating_sub(start));
        for (j, a) in pos[..ncopy].iter().enumerate() {
            frame.localsplus[start + j] = Some(a.clone());
        }
        if has_varargs {
            let extra: Vec<Value> = pos[ncopy..].to_vec();
            frame.localsplus[total] = Some(self.new_tuple(extra));
        }
        let kwdict = if has_varkw {
            let d = self.new_dict();
            frame.localsplus[total + has_varargs as usize] = Some(d.clone());
            Some(d)
        } else {
            None
        };
        // Keyword arguments.
        let mut posonly_as_kw: Vec<String> = Vec::new();
        for (name, val) in kwnames.iter().zip(kwvals.iter()) {
            let n = str_of(name);
            let idx = cd.varnames[posonly..total]
                .iter()
                .position(|v| str_of(v) == n)
                .map(|p| p + posonly);
            match idx {
                Some(ix) => {
                    if frame.localsplus[ix].is_some() {
                        let msg =
                            format!("{}() got multiple values for argument '{}'", qualname, n);
                        return Err(self.type_error(msg));
                    }
                    frame.localsplus[ix] = Some(val.clone());
                }
                None => match &kwdict {
                    Some(d) => {
                        if self.dict_get_str(d, n).is_some() {
                            let msg = format!(
                                "{}() got multiple values for keyword argument '{}'",
                                qualname, n
                            );
                            return Err(self.type_error(msg));
                        }
                        self.dict_set(d, name.clone(), val.clone())?
                    }
                    None => {
                        if cd.varnames[..posonly].iter().any(|v| str_of(v) == n) {
                            posonly_as_kw.push(n.to_string());
                            continue;
                        }
                        let msg =
                            format!("{}() got an unexpected keyword argument '{}'", qualname, n);
                        return Err(self.type_error(msg));
                    }
                },
            }
        }
        if !posonly_as_kw.is_empty() {
            let msg = format!(
                "{}() got some positional-only arguments passed as keyword arguments: '{}'",
                qualname,
                posonly_as_kw.join(", ")
            );
            return Err(self.type_error(msg));
        }
        // Too many positionals.
        if npos > argcount && !has_varargs {
            let defaults_n = fd
                .defaults
                .borrow()
                .as_ref()
                .map_or(0, |d| downcast::<TupleData>(d).map_or(0, |t| t.items.len()));
            let kw_given = (argcount..total)
                .filter(|&k| frame.localsplus[k].is_some())
                .count();
            let takes = if defaults_n > 0 {
                format!(
                    "from {} to {} positional arguments",
                    argcount - defaults_n,
                    argcount
                )
            } else {
                format!(
                    "{} positional argument{}",
                    argcount,
                    if argcount == 1 { "" } else { "s" }
                )
            };
            let given = if kw_given > 0 {
                format!(
                    "{} positional argument{} (and {} keyword-only argument{}) were given",
                    npos,
                    if npos == 1 { "" } else { "s" },
                    kw_given,
                    if kw_given == 1 { "" } else { "s" }
                )
            } else {
                format!("{} {} given", npos, if npos == 1 { "was" } else { "were" })
            };
            let msg = format!("{}() takes {} but {}", qualname, takes, given);
            return Err(self.type_error(msg));
        }
        // Defaults for missing positionals.
        if npos < argcount {
            let defaults: Vec<Value> = fd
                .defaults
                .borrow()
                .as_ref()
                .and_then(|d| downcast::<TupleData>(d).map(|t| t.items.to_vec()))
                .unwrap_or_default();
            let first_default = argcount - defaults.len();
            let mut missing = Vec::new();
            for k in npos..argcount {
                if frame.localsplus[k].is_none() {
                    if k >= first_default {
                        frame.localsplus[k] = Some(defaults[k - first_default].clone());
                    } else {
                        missing.push(str_of(&cd.varnames[k]).to_string());
                    }
                }
            }
            if !missing.is_empty() {
                return Err(self.missing_args(&qualname, &missing, "positional"));
            }
        }
        // Keyword-only defaults.
        if kwonly > 0 {
            let kwd = fd.kwdefaults.borrow().clone();
            let mut missing = Vec::new();
            for k in argcount..total {
                if frame.localsplus[k].is_none() {
                    let name = &cd.varnames[k];
                    let dv = match &kwd {
                        Some(d) if downcast::<DictData>(d).is_some() => {
                            self.dict_get_str(d, str_of(name))
                        }
                        _ => None,
                    };
                    match dv {
                        Some(v) => frame.localsplus[k] = Some(v),
                        None => missing.push(str_of(name).to_string()),
                    }
                }
            }
            if !missing.is_empty() {
                return Err(self.missing_args(&qualname, &missing, "keyword-only"));
            }
        }
        Ok(frame)
    }

    fn missing_args(&mut self, qualname: &str, missing: &[String], kind: &str) -> super::PyErr {
        let quoted: Vec<String> = missing.iter().map(|m| format!("'{}'", m)).collect();
        let list = match quoted.len() {
            1 => quoted[0].clone(),
            2 => format!("{} and {}", quoted[0], quoted[1]),
            n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
        };
        let msg = format!(
            "{}() missing {} required {} argument{}: {}",
            qualname,
            missing.len(),
            kind,
            if missing.len() == 1 { "" } else { "s" },
            list
        );
        self.type_error(msg)
    }

    /// Converts an iterable of (key, value) / a mapping into keyword
    /// arguments (for `f(**m)`): returns (values, names).
    pub fn kwargs_from_mapping(
        &mut self,
        fname: &Value,
        m: &Value,
    ) -> PyResult<(Vec<Value>, Vec<Value>)> {
        let mut vals = Vec::new();
        let mut names = Vec::new();
        if let Some(d) = downcast::<DictData>(m) {
            let entries: Vec<(Value, Value)> = d
                .table
                .borrow()
                .iter()
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect();
            for (k, v) in entries {
                if downcast::<StrData>(&k).is_none() {
                    let _ = fname;
                    return Err(self.type_error("keywords must be strings"));
                }
                names.push(k);
                vals.push(v);
            }
            return Ok((vals, names));
        }
        let keys_m = self.get_attr_opt(m, "keys")?;
        let Some(keys_m) = keys_m else {
            let fname_s = self.func_name_for_error(fname);
            let msg = format!(
                "{} argument after ** must be a mapping, not {}",
                fname_s,
                m.type_of().name()
            );
            return Err(self.type_error(msg));
        };
        let keys = self.call0(&keys_m)?;
        for k in self.iterate(&keys)? {
            let v = self.getitem(m, &k)?;
            names.push(k);
            vals.push(v);
        }
        Ok((vals, names))
    }

    /// `f()` / `A.m()` as CPython names a callable in call errors.
    pub fn func_name_for_error(&mut self, f: &Value) -> String {
        if let Some(fd) = downcast::<FunctionData>(f) {
            let m = fd.module.borrow().clone();
            let q = str_of(&fd.qualname.borrow()).to_string();
            return match downcast::<StrData>(&m) {
                Some(ms) if &*ms.s != "builtins" => format!("{}.{}()", ms.s, q),
                _ => format!("{}()", q),
            };
        }
        if let Some(m) = downcast::<MethodData>(f) {
            let func = m.func.clone();
            return self.func_name_for_error(&func);
        }
        if let Some(b) = downcast::<BuiltinFnData>(f) {
            return format!("{}()", b.name);
        }
        if let Some(t) = as_type(f) {
            return format!("{}()", t.name());
        }
        format!("{} object", f.type_of().name())
    }
}
