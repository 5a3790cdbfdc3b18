//! The hash table behind `dict`, `set`, type and module namespaces:
//! CPython's compact ordered layout — an array of entries in insertion
//! order plus a sparse index table probed with CPython's perturbation
//! scheme.
//!
//! The table knows nothing of Python equality: lookups take an `eq`
//! callback that answers `Some(bool)` when it can decide without running
//! Python code (identity, exact `str`/`int`/`float` keys) and `None`
//! otherwise. Callers (`crate::vm::dictops`) then release their borrow of
//! the table, call `__eq__`, and retry if the table changed meanwhile
//! (`version`), so no borrow is ever held across Python code.

use crate::value::Value;

const EMPTY: u32 = u32::MAX;
const DUMMY: u32 = u32::MAX - 1;
const PERTURB_SHIFT: u32 = 5;

/// Dict versions come from one process-wide counter, so equal versions
/// mean the same table with the same keys: inline caches can key on a
/// version alone. (Value replacement keeps the version: caches re-read the
/// value from the remembered entry.)
static VERSIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

#[inline]
pub(crate) fn next_version() -> u64 {
    VERSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// One key/value pair, with the key's hash.
#[derive(Clone)]
pub struct Entry {
    pub hash: i64,
    pub key: Value,
    pub value: Value,
}

/// The result of probing for a key.
pub enum Probe {
    /// The key is at this entry index.
    Found(usize),
    /// Not present.
    Missing,
    /// Equality with these candidate entries needs Python code.
    Undecided(Vec<(usize, Value)>),
}

/// An ordered hash table of `Value` keys.
pub struct DictTable {
    entries: Vec<Option<Entry>>,
    indices: Vec<u32>,
    used: usize,
    /// Changes on every insertion of a new key, deletion and clear: lookups
    /// that ran Python code restart when it moved; iterators detect
    /// "changed size during iteration" with `len`.
    pub version: u64,
    /// A two-bit-per-key Bloom filter over the hashes of the keys inserted
    /// since the table was last emptied (deletions leave their bits): a
    /// clear bit proves a key absent without probing. `LOAD_METHOD` asks it
    /// whether an instance dict could shadow a method — almost never.
    keymask: u64,
}

#[inline(always)]
fn mask_bits(hash: i64) -> u64 {
    (1u64 << (hash & 63)) | (1u64 << ((hash >> 6) & 63))
}

impl Default for DictTable {
    fn default() -> Self {
        DictTable::new()
    }
}

impl Clone for DictTable {
    fn clone(&self) -> Self {
        let mut t = DictTable::new();
        for e in self.entries.iter().flatten() {
            t.insert_new(e.hash, e.key.clone(), e.value.clone());
        }
        t
    }
}

impl DictTable {
    /// An empty table. Its version 0 is shared by all fresh tables, which
    /// is harmless: they have no keys to cache.
    pub const fn new() -> DictTable {
        DictTable {
            entries: Vec::new(),
            indices: Vec::new(),
            used: 0,
            version: 0,
            keymask: 0,
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.used
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// Number of entry slots (including deleted ones): iteration positions
    /// run over `0..capacity_positions()`.
    #[inline]
    pub fn positions(&self) -> usize {
        self.entries.len()
    }

    /// The entry at an iteration position, if not deleted.
    #[inline]
    pub fn entry_at(&self, pos: usize) -> Option<&Entry> {
        self.entries.get(pos).and_then(|e| e.as_ref())
    }

    pub fn entry_at_mut(&mut self, pos: usize) -> Option<&mut Entry> {
        self.entries.get_mut(pos).and_then(|e| e.as_mut())
    }

    /// False when no key with this hash can be in the table (see `keymask`).
    #[inline(always)]
    pub fn may_contain(&self, hash: i64) -> bool {
        let b = mask_bits(hash);
        self.keymask & b == b
    }

    /// The entry at `pos` if its key is `key` itself (identity): the check
    /// behind inline caches that remember where a name was last found.
    #[inline(always)]
    pub fn entry_if_key_is(&self, pos: usize, key: &Value) -> Option<&Entry> {
        match self.entries.get(pos) {
            Some(Some(e)) if e.key.is(key.borrow()) => Some(e),
            _ => None,
        }
    }

    /// Entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
    }

    /// The live entries whose hash is `hash`, in probe order.
    #[inline]
    fn candidates(&self, hash: i64) -> impl Iterator<Item = (usize, &Entry)> + '_ {
        let mask = self.indices.len().wrapping_sub(1);
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let mut done = self.indices.is_empty();
        std::iter::from_fn(move || loop {
            if done {
                return None;
            }
            let ix = self.indices[i];
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + 1 + perturb as usize) & mask;
            if ix == EMPTY {
                done = true;
                return None;
            }
            if ix != DUMMY {
                if let Some(e) = &self.entries[ix as usize] {
                    if e.hash == hash {
                        return Some((ix as usize, e));
                    }
                }
            }
        })
    }

    /// Finds `hash` with the `eq` callback; see the module docs.
    #[inline]
    pub fn probe(&self, hash: i64, mut eq: impl FnMut(&Value) -> Option<bool>) -> Probe {
        for (ix, e) in self.candidates(hash) {
            match eq(&e.key) {
                Some(true) => return Probe::Found(ix),
                Some(false) => {}
                // A key only Python's __eq__ can decide: start over,
                // collecting every such candidate.
                None => return self.probe_collecting(hash, &mut eq),
            }
        }
        Probe::Missing
    }

    /// [`Self::probe`] when some candidate needs Python's `__eq__`: the
    /// candidates are returned in probe order (`eq` is a pure test, so
    /// asking it again about the keys before the first one is harmless).
    #[cold]
    #[inline(never)]
    fn probe_collecting(&self, hash: i64, eq: &mut dyn FnMut(&Value) -> Option<bool>) -> Probe {
        let mut undecided = Vec::new();
        for (ix, e) in self.candidates(hash) {
            match eq(&e.key) {
                Some(true) => return Probe::Found(ix),
                Some(false) => {}
                None => undecided.push((ix, e.key.clone())),
            }
        }
        if undecided.is_empty() {
            Probe::Missing
        } else {
            Probe::Undecided(undecided)
        }
    }

    /// Looks up by identity or a decidable `eq` only.
    pub fn find_simple(&self, hash: i64, eq: impl FnMut(&Value) -> Option<bool>) -> Option<usize> {
        match self.probe(hash, eq) {
            Probe::Found(i) => Some(i),
            _ => None,
        }
    }

    /// Appends a key known to be absent.
    pub fn insert_new(&mut self, hash: i64, key: Value, value: Value) {
        if (self.entries.len() + 1) * 3 >= self.indices.len() * 2 {
            self.resize((self.used + 1) * 3);
        }
        let idx = self.entries.len() as u32;
        self.entries.push(Some(Entry { hash, key, value }));
        let slot = self.free_slot(hash);
        self.indices[slot] = idx;
        self.used += 1;
        self.keymask |= mask_bits(hash);
        self.version = next_version();
    }

    /// Replaces the value at entry `idx`; returns the old value.
    pub fn replace_value(&mut self, idx: usize, value: Value) -> Value {
        let e = self.entries[idx].as_mut().expect("live entry");
        std::mem::replace(&mut e.value, value)
    }

    /// Removes entry `idx`; returns it.
    pub fn remove_at(&mut self, idx: usize) -> Entry {
        let e = self.entries[idx].take().expect("live entry");
        // Find the index slot pointing at idx.
        let mask = self.indices.len() - 1;
        let mut perturb = e.hash as u64;
        let mut i = (e.hash as u64 as usize) & mask;
        loop {
            if self.indices[i] == idx as u32 {
                self.indices[i] = DUMMY;
                break;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + 1 + perturb as usize) & mask;
        }
        self.used -= 1;
        self.version = next_version();
        if self.used == 0 {
            self.entries.clear();
            self.indices.clear();
            self.keymask = 0;
        }
        e
    }

    /// Removes and returns the last entry (`popitem`).
    pub fn pop_last(&mut self) -> Option<Entry> {
        let pos = self.entries.iter().rposition(|e| e.is_some())?;
        let e = self.remove_at(pos);
        // Keep entries compact at the end so repeated popitem is O(1).
        while matches!(self.entries.last(), Some(None)) {
            self.entries.pop();
        }
        Some(e)
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.indices.clear();
        self.used = 0;
        self.keymask = 0;
        self.version = next_version();
    }

    /// Takes all entries out, leaving the table empty.
    pub fn take_entries(&mut self) -> Vec<Entry> {
        let out: Vec<Entry> = std::mem::take(&mut self.entries)
            .into_iter()
            .flatten()
            .collect();
        self.indices.clear();
        self.used = 0;
        self.keymask = 0;
        self.version = next_version();
        out
    }

    fn free_slot(&self, hash: i64) -> usize {
        let mask = self.indices.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        while self.indices[i] != EMPTY {
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + 1 + perturb as usize) & mask;
        }
        i
    }

    fn resize(&mut self, min: usize) {
        let mut size = 8;
        while size < min {
            size *= 2;
        }
        // Compact the entries (drop deleted ones) and rebuild the indices.
        if self.entries.len() != self.used {
            self.entries.retain(|e| e.is_some());
        }
        self.indices = vec![EMPTY; size];
        for idx in 0..self.entries.len() {
            let hash = self.entries[idx].as_ref().map(|e| e.hash).unwrap_or(0);
            let slot = self.free_slot(hash);
            self.indices[slot] = idx as u32;
        }
    }
}

/// What the `Vm`'s table operations (`table_find`, `table_set_hashed`,
/// `table_del`, which may run `__eq__`) need of a table: implemented by
/// dicts' [`DictTable`] and sets' [`crate::settable::SetTable`], and
/// monomorphised, so neither pays for the other.
pub trait Table {
    fn probe(&self, hash: i64, eq: impl FnMut(&Value) -> Option<bool>) -> Probe;
    fn version(&self) -> u64;
    fn entry_at(&self, pos: usize) -> Option<&Entry>;
    fn replace_value(&mut self, idx: usize, value: Value) -> Value;
    fn insert_new(&mut self, hash: i64, key: Value, value: Value);
    fn remove_at(&mut self, idx: usize) -> Entry;
}

macro_rules! impl_table {
    ($t:ty) => {
        impl Table for $t {
            #[inline]
            fn probe(&self, hash: i64, eq: impl FnMut(&Value) -> Option<bool>) -> Probe {
                <$t>::probe(self, hash, eq)
            }
            #[inline]
            fn version(&self) -> u64 {
                self.version
            }
            #[inline]
            fn entry_at(&self, pos: usize) -> Option<&Entry> {
                <$t>::entry_at(self, pos)
            }
            #[inline]
            fn replace_value(&mut self, idx: usize, value: Value) -> Value {
                <$t>::replace_value(self, idx, value)
            }
            #[inline]
            fn insert_new(&mut self, hash: i64, key: Value, value: Value) {
                <$t>::insert_new(self, hash, key, value)
            }
            #[inline]
            fn remove_at(&mut self, idx: usize) -> Entry {
                <$t>::remove_at(self, idx)
            }
        }
    };
}
impl_table!(DictTable);
impl_table!(crate::settable::SetTable);
