//! `_collections._tuplegetter(index, doc)`: the field descriptors of
//! `namedtuple` classes — `obj[index]` on read, CPython's "can't set
//! attribute" / "can't delete attribute" on write.

use super::typeutil::{new_type, type_addr, type_at};
use crate::builtins::{add_getsets, add_methods};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};
use std::sync::OnceLock;

pub struct TupleGetterData {
    index: i64,
    doc: std::cell::RefCell<Value>,
}

static TG: OnceLock<usize> = OnceLock::new();

pub fn tuplegetter_type() -> &'static TypeObject {
    type_at(*TG.get_or_init(|| {
        let t = new_type::<TupleGetterData>(
            "_tuplegetter",
            "collections",
            &OBJECT_TYPE,
            None,
            false,
            false,
        );
        add_methods(
            t,
            &[
                ("__new__", tg_new),
                ("__get__", tg_get),
                ("__set__", tg_set),
                ("__delete__", tg_delete),
                ("__reduce__", tg_reduce),
            ],
        );
        add_getsets(t, &[("__doc__", tg_doc, Some(tg_doc_set))]);
        type_addr(t)
    }))
}

// SAFETY: tuplegetter_type()'s solid layout is TupleGetterData.
unsafe impl Payload for TupleGetterData {
    fn layout() -> &'static TypeObject {
        tuplegetter_type()
    }
}

fn tg_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_tuplegetter", &Args::new(&a.args[1..]), 2, 2)?;
    let index = vm.index_i64(&a.args[1])?;
    Ok(alloc_object(
        tuplegetter_type(),
        TupleGetterData {
            index,
            doc: std::cell::RefCell::new(a.args[2].clone()),
        },
    ))
}

fn tg_get(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let obj = a.args.get(1).cloned().unwrap_or_else(Value::none);
    if obj.is_none() {
        return Ok(a.args[0].clone());
    }
    let g = downcast::<TupleGetterData>(&a.args[0]).unwrap();
    let Some(t) = downcast::<TupleData>(&obj) else {
        let msg = format!(
            "descriptor for index '{}' for tuple subclasses doesn't apply to '{}' object",
            g.index,
            obj.type_of().name()
        );
        return Err(vm.type_error(msg));
    };
    match t.items.get(g.index as usize) {
        Some(v) => Ok(v.clone()),
        None => Err(vm.index_error("tuple index out of range")),
    }
}

fn tg_set(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Err(vm.attribute_error("can't set attribute"))
}

fn tg_delete(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Err(vm.attribute_error("can't delete attribute"))
}

fn tg_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let g = downcast::<TupleGetterData>(&a.args[0]).unwrap();
    let t = crate::vm::attr::type_value(tuplegetter_type());
    let args = vm.new_tuple(vec![
        crate::vm::new::new_int_i64(g.index),
        g.doc.borrow().clone(),
    ]);
    Ok(vm.new_tuple(vec![t, args]))
}

fn tg_doc(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(downcast::<TupleGetterData>(v).unwrap().doc.borrow().clone())
}

fn tg_doc_set(_vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    *downcast::<TupleGetterData>(v).unwrap().doc.borrow_mut() = n.unwrap_or_else(Value::none);
    Ok(())
}
