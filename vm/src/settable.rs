//! The hash table behind `set` and `frozenset`: CPython's own set layout
//! (Objects/setobject.c), so that sets iterate — and print — in exactly
//! CPython's order. Programs print sets of small ints all the time, and
//! CPython's order for them falls out of its table: slot = hash & mask,
//! nine linear probes, then perturbation; resizes re-insert in slot order.
//! Unlike dicts, a set has no insertion order to keep, so matching it
//! means matching the table itself: its size policy, where each key
//! lands, dummies left by deletions, and `pop`'s roving finger.
//!
//! As with [`crate::dict::DictTable`], the table never runs Python code:
//! lookups take an `eq` callback answering `Some(bool)` when it can
//! decide alone and `None` when `__eq__` must run (then the caller
//! retries outside the borrow; see `Vm::table_find`).

use crate::dict::{Entry, Probe};
use crate::value::Value;

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
/// A fresh set's table size (CPython's `PySet_MINSIZE`).
const MIN_SIZE: usize = 8;

#[derive(Clone)]
enum Slot {
    Empty,
    /// A deleted key's place: probing continues past it.
    Dummy,
    Full(Entry),
}

/// A set's table.
#[derive(Clone)]
pub struct SetTable {
    /// `mask + 1` slots; empty until the first insertion (then 8).
    slots: Vec<Slot>,
    /// Live keys.
    used: usize,
    /// Live keys plus dummies.
    fill: usize,
    /// Where `pop` starts looking.
    finger: usize,
    /// Changes on every insertion, deletion and clear (see `DictTable`).
    pub version: u64,
}

impl Default for SetTable {
    fn default() -> Self {
        SetTable::new()
    }
}

/// The slots CPython visits for `hash` in a table of `mask + 1` slots:
/// from `hash & mask`, up to nine neighbours when they fit, then a
/// perturbed jump. Endless; callers stop at an empty slot.
fn probe_order(hash: i64, mask: usize) -> impl Iterator<Item = usize> {
    let mut perturb = hash as u64;
    let mut i = (hash as u64 as usize) & mask;
    let mut j = 0usize;
    let mut probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
    std::iter::from_fn(move || {
        let slot = i + j;
        if j < probes {
            j += 1;
        } else {
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
            j = 0;
            probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
        }
        Some(slot)
    })
}

impl SetTable {
    pub const fn new() -> SetTable {
        SetTable {
            slots: Vec::new(),
            used: 0,
            fill: 0,
            finger: 0,
            version: 0,
        }
    }

    fn bump(&mut self) {
        self.version = crate::dict::next_version();
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// The number of slots (iteration positions).
    pub fn positions(&self) -> usize {
        self.slots.len()
    }

    /// The key at slot `pos`, if one lives there.
    pub fn entry_at(&self, pos: usize) -> Option<&Entry> {
        match self.slots.get(pos) {
            Some(Slot::Full(e)) => Some(e),
            _ => None,
        }
    }

    /// The keys in CPython's iteration order (slot order).
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.slots.iter().filter_map(|s| match s {
            Slot::Full(e) => Some(e),
            _ => None,
        })
    }

    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// Finds `hash` with the `eq` callback (see `DictTable::probe`).
    pub fn probe(&self, hash: i64, mut eq: impl FnMut(&Value) -> Option<bool>) -> Probe {
        if self.slots.is_empty() {
            return Probe::Missing;
        }
        // Most lookups of absent keys end at an empty home slot.
        if matches!(self.slots[(hash as u64 as usize) & self.mask()], Slot::Empty) {
            return Probe::Missing;
        }
        let mut undecided = Vec::new();
        for i in probe_order(hash, self.mask()) {
            match &self.slots[i] {
                Slot::Empty => break,
                Slot::Dummy => {}
                Slot::Full(e) => {
                    if e.hash == hash {
                        match eq(&e.key) {
                            Some(true) => return Probe::Found(i),
                            Some(false) => {}
                            None => undecided.push((i, e.key.clone())),
                        }
                    }
                }
            }
        }
        if undecided.is_empty() {
            Probe::Missing
        } else {
            Probe::Undecided(undecided)
        }
    }

    /// Adds a key known to be absent where CPython's `set_add_entry` puts
    /// it: the last dummy on its probe path, else the empty slot ending
    /// it; then grows the table when it is 60% full.
    pub fn insert_new(&mut self, hash: i64, key: Value, value: Value) {
        if self.slots.is_empty() {
            self.slots = vec![Slot::Empty; MIN_SIZE];
        }
        let mask = self.mask();
        let mut freeslot = None;
        let home = (hash as u64 as usize) & mask;
        let mut target = home;
        let free_home = matches!(self.slots[home], Slot::Empty);
        for i in probe_order(hash, mask).take(if free_home { 0 } else { usize::MAX }) {
            match self.slots[i] {
                Slot::Empty => {
                    target = i;
                    break;
                }
                Slot::Dummy => freeslot = Some(i),
                _ => {}
            }
        }
        let entry = Entry { hash, key, value };
        self.used += 1;
        self.bump();
        if let Some(f) = freeslot {
            self.slots[f] = Slot::Full(entry);
            return;
        }
        self.slots[target] = Slot::Full(entry);
        self.fill += 1;
        if self.fill * 5 >= mask * 3 {
            let grow = if self.used > 50000 { self.used * 2 } else { self.used * 4 };
            self.resize(grow);
        }
    }

    /// CPython's `set_insert_clean`: no dummies, key known absent.
    fn insert_clean(slots: &mut [Slot], entry: Entry) {
        let mask = slots.len() - 1;
        for i in probe_order(entry.hash, mask) {
            if matches!(slots[i], Slot::Empty) {
                slots[i] = Slot::Full(entry);
                return;
            }
        }
    }

    /// CPython's `set_table_resize`: the smallest power of two above
    /// `minused` (at least 8), live keys re-inserted in slot order.
    fn resize(&mut self, minused: usize) {
        let mut size = MIN_SIZE;
        while size <= minused {
            size <<= 1;
        }
        // A small table without dummies stays as it is.
        if size == MIN_SIZE && self.slots.len() == MIN_SIZE && self.fill == self.used {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; size]);
        for s in old {
            if let Slot::Full(e) = s {
                Self::insert_clean(&mut self.slots, e);
            }
        }
        self.fill = self.used;
    }

    /// Not meaningful for sets (values are unused); kept for the shared
    /// table interface.
    pub fn replace_value(&mut self, idx: usize, value: Value) -> Value {
        match &mut self.slots[idx] {
            Slot::Full(e) => std::mem::replace(&mut e.value, value),
            _ => value,
        }
    }

    /// Removes the key at slot `idx`, leaving a dummy (as CPython).
    pub fn remove_at(&mut self, idx: usize) -> Entry {
        let Slot::Full(e) = std::mem::replace(&mut self.slots[idx], Slot::Dummy) else {
            panic!("remove_at on a slot without a key");
        };
        self.used -= 1;
        self.bump();
        e
    }

    /// `set.pop()`: the first key at or after the finger, wrapping.
    pub fn pop(&mut self) -> Option<Entry> {
        if self.used == 0 {
            return None;
        }
        let n = self.slots.len();
        let mut i = self.finger & (n - 1);
        while !matches!(self.slots[i], Slot::Full(_)) {
            i = (i + 1) % n;
        }
        let e = self.remove_at(i);
        self.finger = i + 1;
        Some(e)
    }

    pub fn clear(&mut self) {
        let old = self.take_entries();
        drop(old);
    }

    /// Takes all keys out (slot order), leaving a fresh empty table.
    pub fn take_entries(&mut self) -> Vec<Entry> {
        let old = std::mem::take(&mut self.slots);
        self.used = 0;
        self.fill = 0;
        self.bump();
        old.into_iter()
            .filter_map(|s| match s {
                Slot::Full(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    /// After bulk deletions: when more than a quarter of the slots are
    /// dummies, rebuild (CPython's `set_difference_update_internal`).
    pub fn compact(&mut self) {
        if !self.slots.is_empty() && self.fill - self.used > self.mask() / 4 {
            let grow = if self.used > 50000 { self.used * 2 } else { self.used * 4 };
            self.resize(grow);
        }
    }

    /// Makes room for `extra` more keys before a bulk insertion, as
    /// CPython's `set_merge` and `set_update_internal` (from a dict) do.
    pub fn presize(&mut self, extra: usize) {
        if self.slots.is_empty() {
            self.slots = vec![Slot::Empty; MIN_SIZE];
        }
        if (self.fill + extra) * 5 >= self.mask() * 3 {
            self.resize((self.used + extra) * 2);
        }
    }

    /// CPython's `set_merge` into an empty table: a copy of `other`'s
    /// layout when sizes match and it has no dummies, else its keys
    /// re-inserted in its slot order. `None`: this table is not empty
    /// (the caller adds the keys one by one, checking for duplicates).
    pub fn merge_into_empty(&mut self, other: &SetTable) -> Option<()> {
        if other.used == 0 {
            return Some(());
        }
        if self.fill != 0 && !self.slots.is_empty() {
            return None;
        }
        self.presize(other.used);
        self.bump();
        if self.slots.len() == other.slots.len() && other.fill == other.used {
            self.slots = other.slots.clone();
        } else {
            for e in other.iter() {
                Self::insert_clean(&mut self.slots, e.clone());
            }
        }
        self.used = other.used;
        self.fill = other.used;
        Some(())
    }
}
