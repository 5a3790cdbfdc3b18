//! The matching engine of `_sre`: executes the code lists that
//! `re._compiler` produces, with the semantics of CPython 3.11's
//! `Modules/_sre/sre_lib.h`.
//!
//! The subject is a slice of code points (`u32`; bytes are widened).
//! Backtracking never recurses on the Rust stack: every `DO_JUMP` of
//! `sre_lib.h` pushes a [`Frame`] on an explicit stack, and the child's
//! result resumes its parent at the label the frame records ([`Jump`]).
//! Saved marks and `last_ptr`s live on a data stack, as in CPython.

use super::constants::*;

/// Matching state for one subject (CPython's `SRE_STATE`).
pub struct State<'a> {
    pub s: &'a [u32],
    /// Where the current attempt starts (`state->start`).
    pub start: usize,
    /// `endpos` (`state->end`).
    pub end: usize,
    /// Where the match ended, after a success (`state->ptr`).
    pub ptr: usize,
    /// Group marks: index `2g`, `2g+1` for group `g+1`; -1 when unset.
    pub marks: Vec<isize>,
    pub lastmark: isize,
    pub lastindex: isize,
    /// Repeat contexts (a LIFO arena) and the current one.
    repeats: Vec<Repeat>,
    repeat: Option<usize>,
    data: Vec<isize>,
    pub match_all: bool,
    pub must_advance: bool,
    /// Steps taken, for nothing but a sanity bound on pathological input.
    pub steps: u64,
    /// Sets tested often in this state (by their position in the code):
    /// their answers for the first 256 code points as bits, so that a scan
    /// (`[\w.]+`, a search skipping to a set) tests one bit per character
    /// instead of walking the set's items. Built once a state has tested
    /// enough characters for the 256 evaluations to pay off.
    set_bits: Vec<(usize, [u64; 4])>,
    /// Characters tested through sets without bits so far.
    set_work: usize,
}

/// Set tests a state makes before it builds bit tables.
const SET_BITS_AFTER: usize = 4096;

struct Repeat {
    count: isize,
    /// Index in the code of the REPEAT's argument words (skip, min, max).
    pc: usize,
    last_ptr: isize,
    prev: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Jump {
    None,
    Branch,
    RepeatOne1,
    RepeatOne2,
    MinRepeatOne,
    Repeat,
    MaxUntil1,
    MaxUntil2,
    MaxUntil3,
    MinUntil1,
    MinUntil2,
    MinUntil3,
    PossRepeat1,
    PossRepeat2,
    AtomicGroup,
    Assert,
    AssertNot,
}

#[derive(Clone, Copy)]
struct Frame {
    /// The code position the frame is at (after its opcode when suspended).
    pc: usize,
    ptr: usize,
    /// Position saved by POSSESSIVE_REPEAT (`ctx->ptr` reused there).
    saved_ptr: isize,
    toplevel: bool,
    /// How the parent resumes when this frame returns.
    jump: Jump,
    lastmark: isize,
    lastindex: isize,
    count: isize,
    rep: usize,
    chr: u32,
    /// The REPEAT context the tail of MIN_UNTIL ran under.
    tail_repeat: bool,
}

impl Frame {
    fn new(pc: usize, ptr: usize, toplevel: bool, jump: Jump) -> Frame {
        Frame {
            pc,
            ptr,
            saved_ptr: -1,
            toplevel,
            jump,
            lastmark: -1,
            lastindex: -1,
            count: 0,
            rep: 0,
            chr: 0,
            tail_repeat: false,
        }
    }
}

pub fn is_linebreak(c: u32) -> bool {
    c == b'\n' as u32
}

pub fn is_ascii_digit(c: u32) -> bool {
    (b'0' as u32..=b'9' as u32).contains(&c)
}

pub fn is_ascii_space(c: u32) -> bool {
    matches!(c, 9..=13 | 32)
}

pub fn is_ascii_alnum(c: u32) -> bool {
    c < 128 && (c as u8).is_ascii_alphanumeric()
}

pub fn is_ascii_word(c: u32) -> bool {
    is_ascii_alnum(c) || c == b'_' as u32
}

fn ch(c: u32) -> Option<char> {
    char::from_u32(c)
}

// The Unicode classes answer ASCII from its own rules first: most text is
// ASCII, and the Unicode tables cost a lookup chain per character.

pub fn is_uni_digit(c: u32) -> bool {
    if c < 128 {
        return is_ascii_digit(c);
    }
    ch(c).map_or(false, crate::strops::chars::is_decimal)
}

pub fn is_uni_space(c: u32) -> bool {
    if c < 128 {
        // str.isspace() in ASCII: \t \n \v \f \r, \x1c-\x1f and space.
        return matches!(c, 9..=13 | 28..=32);
    }
    ch(c).map_or(false, crate::strops::chars::is_space)
}

pub fn is_uni_alnum(c: u32) -> bool {
    if c < 128 {
        return is_ascii_alnum(c);
    }
    ch(c).map_or(false, crate::strops::chars::is_alnum)
}

pub fn is_uni_word(c: u32) -> bool {
    c == b'_' as u32 || is_uni_alnum(c)
}

pub fn is_uni_linebreak(c: u32) -> bool {
    if c < 128 {
        // \n \v \f \r and \x1c-\x1e.
        return matches!(c, 10..=13 | 28..=30);
    }
    ch(c).map_or(false, crate::strops::chars::is_linebreak)
}

pub fn lower_ascii(c: u32) -> u32 {
    if (b'A' as u32..=b'Z' as u32).contains(&c) {
        c + 32
    } else {
        c
    }
}

pub fn upper_ascii(c: u32) -> u32 {
    if (b'a' as u32..=b'z' as u32).contains(&c) {
        c - 32
    } else {
        c
    }
}

/// The simple lowercase mapping (`_PyUnicode_ToLowercase`).
pub fn lower_unicode(c: u32) -> u32 {
    if c < 128 {
        return lower_ascii(c);
    }
    match ch(c) {
        Some(x) => {
            let mut it = x.to_lowercase();
            let first = it.next().unwrap_or(x);
            first as u32
        }
        None => c,
    }
}

/// The simple uppercase mapping (`_PyUnicode_ToUppercase`).
pub fn upper_unicode(c: u32) -> u32 {
    if c < 128 {
        return upper_ascii(c);
    }
    match ch(c) {
        Some(x) => {
            let mut it = x.to_uppercase();
            let first = it.next().unwrap_or(x);
            if it.next().is_some() {
                c
            } else {
                first as u32
            }
        }
        None => c,
    }
}

/// Locale-aware case mappings in the C locale: bytes under 128 only.
fn lower_locale(c: u32) -> u32 {
    lower_ascii(c)
}

fn upper_locale(c: u32) -> u32 {
    upper_ascii(c)
}

fn category(code: u32, c: u32) -> bool {
    match code {
        CATEGORY_DIGIT => is_ascii_digit(c),
        CATEGORY_NOT_DIGIT => !is_ascii_digit(c),
        CATEGORY_SPACE => is_ascii_space(c),
        CATEGORY_NOT_SPACE => !is_ascii_space(c),
        CATEGORY_WORD => is_ascii_word(c),
        CATEGORY_NOT_WORD => !is_ascii_word(c),
        CATEGORY_LINEBREAK => is_linebreak(c),
        CATEGORY_NOT_LINEBREAK => !is_linebreak(c),
        CATEGORY_LOC_WORD => is_ascii_word(c),
        CATEGORY_LOC_NOT_WORD => !is_ascii_word(c),
        CATEGORY_UNI_DIGIT => is_uni_digit(c),
        CATEGORY_UNI_NOT_DIGIT => !is_uni_digit(c),
        CATEGORY_UNI_SPACE => is_uni_space(c),
        CATEGORY_UNI_NOT_SPACE => !is_uni_space(c),
        CATEGORY_UNI_WORD => is_uni_word(c),
        CATEGORY_UNI_NOT_WORD => !is_uni_word(c),
        CATEGORY_UNI_LINEBREAK => is_uni_linebreak(c),
        CATEGORY_UNI_NOT_LINEBREAK => !is_uni_linebreak(c),
        _ => false,
    }
}

/// Is `c` in the set starting at `code[pc]`?
pub fn charset(code: &[u32], mut pc: usize, c: u32) -> bool {
    let mut ok = true;
    loop {
        let op = match code.get(pc) {
            Some(&o) => o,
            None => return false,
        };
        pc += 1;
        match op {
            FAILURE => return !ok,
            LITERAL => {
                if c == code[pc] {
                    return ok;
                }
                pc += 1;
            }
            CATEGORY => {
                if category(code[pc], c) {
                    return ok;
                }
                pc += 1;
            }
            CHARSET => {
                if c < 256 && code[pc + (c as usize / 32)] & (1u32 << (c & 31)) != 0 {
                    return ok;
                }
                pc += 8;
            }
            RANGE => {
                if code[pc] <= c && c <= code[pc + 1] {
                    return ok;
                }
                pc += 2;
            }
            RANGE_UNI_IGNORE => {
                if code[pc] <= c && c <= code[pc + 1] {
                    return ok;
                }
                let u = upper_unicode(c);
                if code[pc] <= u && u <= code[pc + 1] {
                    return ok;
                }
                pc += 2;
            }
            NEGATE => ok = !ok,
            BIGCHARSET => {
                let count = code[pc] as usize;
                pc += 1;
                if c < 0x10000 {
                    let k = (c >> 8) as usize;
                    let block = (code[pc + k / 4] >> (8 * (k % 4))) & 0xff;
                    let base = pc + 64;
                    let bit = block as usize * 256 + (c & 255) as usize;
                    if code[base + bit / 32] & (1u32 << (bit & 31)) != 0 {
                        return ok;
                    }
                }
                pc += 64 + count * 8;
            }
            _ => return false,
        }
    }
}

/// [`charset`] through a set's bit table for the first 256 code points.
#[inline(always)]
fn in_set(bits: &[u64; 4], code: &[u32], sp: usize, c: u32) -> bool {
    if c < 256 {
        bits[(c >> 6) as usize] >> (c & 63) & 1 != 0
    } else {
        charset(code, sp, c)
    }
}

fn charset_loc_ignore(code: &[u32], pc: usize, c: u32) -> bool {
    let lo = lower_locale(c);
    if charset(code, pc, c) {
        return true;
    }
    let up = upper_locale(c);
    up != lo && charset(code, pc, up)
}

fn char_loc_ignore(pat: u32, c: u32) -> bool {
    c == pat || lower_locale(c) == pat || upper_locale(c) == pat
}

/// Does the single-character item at `code[pc]` (an opcode) accept `c`?
/// `None` for items that are not single characters.
#[inline]
fn match_one(code: &[u32], pc: usize, c: u32) -> Option<bool> {
    let a = pc + 1;
    Some(match code[pc] {
        LITERAL => c == code[a],
        NOT_LITERAL => c != code[a],
        LITERAL_IGNORE => lower_ascii(c) == code[a],
        NOT_LITERAL_IGNORE => lower_ascii(c) != code[a],
        LITERAL_UNI_IGNORE => lower_unicode(c) == code[a],
        NOT_LITERAL_UNI_IGNORE => lower_unicode(c) != code[a],
        LITERAL_LOC_IGNORE => char_loc_ignore(code[a], c),
        NOT_LITERAL_LOC_IGNORE => !char_loc_ignore(code[a], c),
        ANY => !is_linebreak(c),
        ANY_ALL => true,
        IN => charset(code, a + 1, c),
        IN_IGNORE => charset(code, a + 1, lower_ascii(c)),
        IN_UNI_IGNORE => charset(code, a + 1, lower_unicode(c)),
        IN_LOC_IGNORE => charset_loc_ignore(code, a + 1, c),
        CATEGORY => category(code[a], c),
        _ => return None,
    })
}

impl<'a> State<'a> {
    pub fn new(s: &'a [u32], pos: usize, endpos: usize, ngroups: usize) -> State<'a> {
        State {
            s,
            start: pos,
            end: endpos,
            ptr: pos,
            marks: vec![-1; 2 * ngroups.max(1)],
            lastmark: -1,
            lastindex: -1,
            repeats: Vec::new(),
            repeat: None,
            data: Vec::new(),
            match_all: false,
            must_advance: false,
            steps: 0,
            set_bits: Vec::new(),
            set_work: 0,
        }
    }

    /// Clears the marks before a new attempt (`state_reset`).
    pub fn reset(&mut self) {
        self.lastmark = -1;
        self.lastindex = -1;
        self.repeats.clear();
        self.repeat = None;
        self.data.clear();
    }

    /// The span of group `g` (1-based), if it matched.
    pub fn group_span(&self, g: usize) -> Option<(usize, usize)> {
        let j = 2 * (g - 1);
        if (j + 1) as isize <= self.lastmark {
            let (a, b) = (self.marks[j], self.marks[j + 1]);
            if a >= 0 && b >= 0 && a <= b {
                return Some((a as usize, b as usize));
            }
        }
        None
    }

    fn at(&self, ptr: usize, code: u32) -> bool {
        let s = self.s;
        let end = self.end;
        match code {
            AT_BEGINNING | AT_BEGINNING_STRING => ptr == 0,
            AT_BEGINNING_LINE => ptr == 0 || is_linebreak(s[ptr - 1]),
            AT_END => (ptr + 1 == end && is_linebreak(s[ptr])) || ptr == end,
            AT_END_LINE => ptr == end || s.get(ptr).map_or(false, |&c| is_linebreak(c)),
            AT_END_STRING => ptr == end,
            AT_BOUNDARY | AT_NON_BOUNDARY | AT_LOC_BOUNDARY | AT_LOC_NON_BOUNDARY
            | AT_UNI_BOUNDARY | AT_UNI_NON_BOUNDARY => {
                if end == 0 {
                    return false;
                }
                let w: fn(u32) -> bool = if code == AT_UNI_BOUNDARY || code == AT_UNI_NON_BOUNDARY {
                    is_uni_word
                } else {
                    is_ascii_word
                };
                let that = ptr > 0 && w(s[ptr - 1]);
                let this = ptr < end && w(s[ptr]);
                if code == AT_BOUNDARY || code == AT_LOC_BOUNDARY || code == AT_UNI_BOUNDARY {
                    this != that
                } else {
                    this == that
                }
            }
            _ => false,
        }
    }

    fn mark_push(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            self.data.extend_from_slice(&self.marks[..n]);
        }
    }

    fn mark_pop(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            let l = self.data.len() - n;
            self.marks[..n].copy_from_slice(&self.data[l..]);
            self.data.truncate(l);
        }
    }

    fn mark_pop_keep(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            let l = self.data.len() - n;
            self.marks[..n].copy_from_slice(&self.data[l..]);
        }
    }

    fn mark_pop_discard(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            let l = self.data.len() - n;
            self.data.truncate(l);
        }
    }

    /// How many times (up to `maxcount`) the single-character item at
    /// `code[pc]` matches from `self.ptr` (`SRE(count)`).
    fn count(&mut self, code: &[u32], pc: usize, maxcount: usize) -> usize {
        let start = self.ptr;
        let end = if self.end - start > maxcount {
            start + maxcount
        } else {
            self.end
        };
        let s = self.s;
        let mut p = start;
        match code[pc] {
            ANY_ALL => p = end,
            LITERAL => {
                let c = code[pc + 1];
                while p < end && s[p] == c {
                    p += 1;
                }
            }
            NOT_LITERAL => {
                let c = code[pc + 1];
                while p < end && s[p] != c {
                    p += 1;
                }
            }
            ANY => {
                while p < end && !is_linebreak(s[p]) {
                    p += 1;
                }
            }
            IN => {
                // The commonest repeated item (`[\w.]+`, `\d{1,3}`): its
                // set tested directly, without re-dispatching on the item.
                let sp = pc + 2;
                match self.set_bits_for(code, sp) {
                    Some(bits) => {
                        while p < end && in_set(&bits, code, sp, s[p]) {
                            p += 1;
                        }
                    }
                    None => {
                        while p < end && charset(code, sp, s[p]) {
                            p += 1;
                        }
                        self.set_work += p - start + 1;
                    }
                }
            }
            _ => {
                if match_one(code, pc, 0).is_some() {
                    while p < end && match_one(code, pc, s[p]) == Some(true) {
                        p += 1;
                    }
                } else {
                    // A general single-width item: run the matcher on it.
                    while self.ptr < end {
                        let save = self.ptr;
                        if !self.run(code, pc, false) {
                            self.ptr = save;
                            break;
                        }
                    }
                    p = self.ptr;
                }
            }
        }
        self.ptr = start;
        p - start
    }

    /// Runs the code at `code[pc]` against the subject at `self.ptr`
    /// (`SRE(match)`); on success `self.ptr` is where the match ended.
    pub fn run(&mut self, code: &[u32], pc: usize, toplevel: bool) -> bool {
        let mut stack: Vec<Frame> = Vec::new();
        let mut cur = Frame::new(pc, self.ptr, toplevel, Jump::None);
        let mut act = Act::Enter;
        loop {
            act = match act {
                Act::Enter => {
                    cur.ptr = self.ptr;
                    if code[cur.pc] == INFO {
                        let min = code[cur.pc + 3] as usize;
                        if min != 0 && self.end.saturating_sub(cur.ptr) < min {
                            Act::Ret(false)
                        } else {
                            cur.pc += code[cur.pc + 1] as usize + 1;
                            Act::Dispatch
                        }
                    } else {
                        Act::Dispatch
                    }
                }
                Act::Dispatch => self.dispatch(code, &mut cur, &mut stack),
                Act::Ret(r) => {
                    let jump = cur.jump;
                    match stack.pop() {
                        None => return r,
                        Some(parent) => cur = parent,
                    }
                    self.resume(code, &mut cur, &mut stack, jump, r)
                }
            };
        }
    }

    /// Suspends `cur` and starts a child frame at `pc` (`DO_JUMP`).
    fn call(
        &mut self,
        cur: &mut Frame,
        stack: &mut Vec<Frame>,
        jump: Jump,
        pc: usize,
        toplevel: bool,
    ) -> Act {
        let child = Frame::new(pc, self.ptr, toplevel, jump);
        stack.push(std::mem::replace(cur, child));
        Act::Enter
    }

    #[inline]
    fn lastmark_save(&self, cur: &mut Frame) {
        cur.lastmark = self.lastmark;
        cur.lastindex = self.lastindex;
    }

    #[inline]
    fn lastmark_restore(&mut self, cur: &Frame) {
        self.lastmark = cur.lastmark;
        self.lastindex = cur.lastindex;
    }

    fn dispatch(&mut self, code: &[u32], cur: &mut Frame, stack: &mut Vec<Frame>) -> Act {
        let s = self.s;
        let end = self.end;
        let mut pc = cur.pc;
        let mut ptr = cur.ptr;
        macro_rules! fail {
            () => {
                return Act::Ret(false)
            };
        }
        macro_rules! save {
            () => {
                cur.pc = pc;
                cur.ptr = ptr;
            };
        }
        loop {
            let op = code[pc];
            pc += 1;
            match op {
                MARK => {
                    let i = code[pc] as isize;
                    if i & 1 != 0 {
                        self.lastindex = i / 2 + 1;
                    }
                    if i > self.lastmark {
                        let need = i as usize + 1;
                        if self.marks.len() < need {
                            self.marks.resize(need, -1);
                        }
                        let mut j = self.lastmark + 1;
                        while j < i {
                            self.marks[j as usize] = -1;
                            j += 1;
                        }
                        self.lastmark = i;
                    }
                    self.marks[i as usize] = ptr as isize;
                    pc += 1;
                }
                LITERAL => {
                    if ptr >= end || s[ptr] != code[pc] {
                        fail!();
                    }
                    pc += 1;
                    ptr += 1;
                }
                NOT_LITERAL => {
                    if ptr >= end || s[ptr] == code[pc] {
                        fail!();
                    }
                    pc += 1;
                    ptr += 1;
                }
                SUCCESS => {
                    if cur.toplevel
                        && ((self.match_all && ptr != end)
                            || (self.must_advance && ptr == self.start))
                    {
                        fail!();
                    }
                    self.ptr = ptr;
                    return Act::Ret(true);
                }
                FAILURE => fail!(),
                AT => {
                    if !self.at(ptr, code[pc]) {
                        fail!();
                    }
                    pc += 1;
                }
                CATEGORY => {
                    if ptr >= end || !category(code[pc], s[ptr]) {
                        fail!();
                    }
                    pc += 1;
                    ptr += 1;
                }
                ANY => {
                    if ptr >= end || is_linebreak(s[ptr]) {
                        fail!();
                    }
                    ptr += 1;
                }
                ANY_ALL => {
                    if ptr >= end {
                        fail!();
                    }
                    ptr += 1;
                }
                IN | IN_IGNORE | IN_UNI_IGNORE | IN_LOC_IGNORE => {
                    if ptr >= end {
                        fail!();
                    }
                    let c = s[ptr];
                    let ok = match op {
                        IN => charset(code, pc + 1, c),
                        IN_IGNORE => charset(code, pc + 1, lower_ascii(c)),
                        IN_UNI_IGNORE => charset(code, pc + 1, lower_unicode(c)),
                        _ => charset_loc_ignore(code, pc + 1, c),
                    };
                    if !ok {
                        fail!();
                    }
                    pc += code[pc] as usize;
                    ptr += 1;
                }
                LITERAL_IGNORE
                | NOT_LITERAL_IGNORE
                | LITERAL_UNI_IGNORE
                | NOT_LITERAL_UNI_IGNORE
                | LITERAL_LOC_IGNORE
                | NOT_LITERAL_LOC_IGNORE => {
                    if ptr >= end || match_one(code, pc - 1, s[ptr]) != Some(true) {
                        fail!();
                    }
                    pc += 1;
                    ptr += 1;
                }
                JUMP | INFO => {
                    pc += code[pc] as usize;
                }
                BRANCH => {
                    self.lastmark_save(cur);
                    if self.repeat.is_some() {
                        self.mark_push(cur.lastmark);
                    }
                    save!();
                    return self.branch_next(code, cur, stack);
                }
                REPEAT_ONE => {
                    let min = code[pc + 1] as usize;
                    if min as isize > end as isize - ptr as isize {
                        fail!();
                    }
                    self.ptr = ptr;
                    let n = self.count(code, pc + 3, code[pc + 2] as usize);
                    ptr += n;
                    cur.count = n as isize;
                    if n < min {
                        fail!();
                    }
                    let next = pc + code[pc] as usize;
                    if code[next] == SUCCESS
                        && ptr == end
                        && !(cur.toplevel && self.must_advance && ptr == self.start)
                    {
                        self.ptr = ptr;
                        return Act::Ret(true);
                    }
                    self.lastmark_save(cur);
                    if self.repeat.is_some() {
                        self.mark_push(cur.lastmark);
                    }
                    save!();
                    if code[next] == LITERAL {
                        cur.chr = code[next + 1];
                        return self.repeat_one_1(code, cur, stack);
                    }
                    return self.repeat_one_2(code, cur, stack);
                }
                MIN_REPEAT_ONE => {
                    let min = code[pc + 1] as usize;
                    if min as isize > end as isize - ptr as isize {
                        fail!();
                    }
                    self.ptr = ptr;
                    if min == 0 {
                        cur.count = 0;
                    } else {
                        let n = self.count(code, pc + 3, min);
                        if n < min {
                            fail!();
                        }
                        cur.count = n as isize;
                        ptr += n;
                    }
                    let next = pc + code[pc] as usize;
                    if code[next] == SUCCESS
                        && !(cur.toplevel
                            && ((self.match_all && ptr != end)
                                || (self.must_advance && ptr == self.start)))
                    {
                        self.ptr = ptr;
                        return Act::Ret(true);
                    }
                    self.lastmark_save(cur);
                    if self.repeat.is_some() {
                        self.mark_push(cur.lastmark);
                    }
                    save!();
                    return self.min_repeat_one(code, cur, stack);
                }
                POSSESSIVE_REPEAT_ONE => {
                    let min = code[pc + 1] as usize;
                    if min as isize > end as isize - ptr as isize {
                        fail!();
                    }
                    self.ptr = ptr;
                    let n = self.count(code, pc + 3, code[pc + 2] as usize);
                    if n < min {
                        fail!();
                    }
                    ptr += n;
                    pc += code[pc] as usize;
                }
                REPEAT => {
                    let idx = self.repeats.len();
                    self.repeats.push(Repeat {
                        count: -1,
                        pc,
                        last_ptr: -1,
                        prev: self.repeat,
                    });
                    self.repeat = Some(idx);
                    self.ptr = ptr;
                    cur.rep = idx;
                    save!();
                    return self.call(
                        cur,
                        stack,
                        Jump::Repeat,
                        pc + code[pc] as usize,
                        cur.toplevel,
                    );
                }
                MAX_UNTIL => {
                    let ri = match self.repeat {
                        Some(r) => r,
                        None => fail!(),
                    };
                    self.ptr = ptr;
                    cur.rep = ri;
                    cur.count = self.repeats[ri].count + 1;
                    save!();
                    let rpc = self.repeats[ri].pc;
                    let (min, max) = (code[rpc + 1], code[rpc + 2]);
                    if cur.count < min as isize {
                        self.repeats[ri].count = cur.count;
                        return self.call(cur, stack, Jump::MaxUntil1, rpc + 3, cur.toplevel);
                    }
                    if (cur.count < max as isize || max == MAXREPEAT)
                        && self.ptr as isize != self.repeats[ri].last_ptr
                    {
                        self.repeats[ri].count = cur.count;
                        self.lastmark_save(cur);
                        self.mark_push(cur.lastmark);
                        self.data.push(self.repeats[ri].last_ptr);
                        self.repeats[ri].last_ptr = self.ptr as isize;
                        return self.call(cur, stack, Jump::MaxUntil2, rpc + 3, cur.toplevel);
                    }
                    return self.max_until_tail(cur, stack);
                }
                MIN_UNTIL => {
                    let ri = match self.repeat {
                        Some(r) => r,
                        None => fail!(),
                    };
                    self.ptr = ptr;
                    cur.rep = ri;
                    cur.count = self.repeats[ri].count + 1;
                    save!();
                    let rpc = self.repeats[ri].pc;
                    let min = code[rpc + 1];
                    if cur.count < min as isize {
                        self.repeats[ri].count = cur.count;
                        return self.call(cur, stack, Jump::MinUntil1, rpc + 3, cur.toplevel);
                    }
                    self.repeat = self.repeats[ri].prev;
                    self.lastmark_save(cur);
                    cur.tail_repeat = self.repeat.is_some();
                    if cur.tail_repeat {
                        self.mark_push(cur.lastmark);
                    }
                    return self.call(cur, stack, Jump::MinUntil2, pc, cur.toplevel);
                }
                POSSESSIVE_REPEAT => {
                    self.ptr = ptr;
                    cur.count = 0;
                    save!();
                    return self.poss_repeat_1(code, cur, stack);
                }
                ATOMIC_GROUP => {
                    self.ptr = ptr;
                    save!();
                    return self.call(cur, stack, Jump::AtomicGroup, pc + 1, false);
                }
                GROUPREF | GROUPREF_IGNORE | GROUPREF_UNI_IGNORE | GROUPREF_LOC_IGNORE => {
                    let g = 2 * code[pc] as usize;
                    if g as isize >= self.lastmark {
                        fail!();
                    }
                    let (p, e) = (self.marks[g], self.marks[g + 1]);
                    if p < 0 || e < 0 || e < p {
                        fail!();
                    }
                    let fold: fn(u32) -> u32 = match op {
                        GROUPREF => |c| c,
                        GROUPREF_IGNORE => lower_ascii,
                        GROUPREF_UNI_IGNORE => lower_unicode,
                        _ => lower_locale,
                    };
                    for q in p as usize..e as usize {
                        if ptr >= end || fold(s[ptr]) != fold(s[q]) {
                            fail!();
                        }
                        ptr += 1;
                    }
                    pc += 1;
                }
                GROUPREF_EXISTS => {
                    let g = 2 * code[pc] as usize;
                    let ok = (g as isize) < self.lastmark && {
                        let (p, e) = (self.marks[g], self.marks[g + 1]);
                        !(p < 0 || e < 0 || e < p)
                    };
                    if ok {
                        pc += 2;
                    } else {
                        pc += code[pc + 1] as usize;
                    }
                }
                ASSERT => {
                    let back = code[pc + 1] as usize;
                    if ptr < back {
                        fail!();
                    }
                    self.ptr = ptr - back;
                    save!();
                    return self.call(cur, stack, Jump::Assert, pc + 2, false);
                }
                ASSERT_NOT => {
                    let back = code[pc + 1] as usize;
                    if ptr >= back {
                        self.ptr = ptr - back;
                        self.lastmark_save(cur);
                        if self.repeat.is_some() {
                            self.mark_push(cur.lastmark);
                        }
                        save!();
                        return self.call(cur, stack, Jump::AssertNot, pc + 2, false);
                    }
                    pc += code[pc] as usize;
                }
                _ => fail!(),
            }
        }
    }

    fn branch_next(&mut self, code: &[u32], cur: &mut Frame, stack: &mut Vec<Frame>) -> Act {
        let s = self.s;
        let ptr = cur.ptr;
        while code[cur.pc] != 0 {
            let alt = cur.pc;
            let skip_it = match code[alt + 1] {
                LITERAL => ptr >= self.end || s[ptr] != code[alt + 2],
                IN => ptr >= self.end || !charset(code, alt + 3, s[ptr]),
                _ => false,
            };
            if skip_it {
                cur.pc += code[alt] as usize;
                continue;
            }
            self.ptr = ptr;
            return self.call(cur, stack, Jump::Branch, alt + 1, cur.toplevel);
        }
        if self.repeat.is_some() {
            self.mark_pop_discard(cur.lastmark);
        }
        Act::Ret(false)
    }

    fn repeat_one_1(&mut self, code: &[u32], cur: &mut Frame, stack: &mut Vec<Frame>) -> Act {
        let min = code[cur.pc + 1] as isize;
        let next = cur.pc + code[cur.pc] as usize;
        loop {
            while cur.count >= min && (cur.ptr >= self.end || self.s[cur.ptr] != cur.chr) {
                cur.ptr = cur.ptr.wrapping_sub(1);
                cur.count -= 1;
            }
            if cur.count < min {
                break;
            }
            self.ptr = cur.ptr;
            return self.call(cur, stack, Jump::RepeatOne1, next, cur.toplevel);
        }
        if self.repeat.is_some() {
            self.mark_pop_discard(cur.lastmark);
        }
        Act::Ret(false)
    }

    fn repeat_one_2(&mut self, code: &[u32], cur: &mut Frame, stack: &mut Vec<Frame>) -> Act {
        let min = code[cur.pc + 1] as isize;
        let next = cur.pc + code[cur.pc] as usize;
        if cur.count >= min {
            self.ptr = cur.ptr;
            return self.call(cur, stack, Jump::RepeatOne2, next, cur.toplevel);
        }
        if self.repeat.is_some() {
            self.mark_pop_discard(cur.lastmark);
        }
        Act::Ret(false)
    }

    fn min_repeat_one(&mut self, code: &[u32], cur: &mut Frame, stack: &mut Vec<Frame>) -> Act {
        let max = code[cur.pc + 2];
        let next = cur.pc + code[cur.pc] as usize;
        if max == MAXREPEAT || cur.count <= max as isize {
            self.ptr = cur.ptr;
            return self.call(cur, stack, Jump::MinRepeatOne, next, cur.toplevel);
        }
        if self.repeat.is_some() {
            self.mark_pop_discard(cur.lastmark);
        }
        Act::Ret(false)
    }

    fn max_until_tail(&mut self, cur: &mut Frame, stack: &mut Vec<Frame>) -> Act {
        self.repeat = self.repeats[cur.rep].prev;
        self.ptr = cur.ptr;
        let pc = cur.pc;
        self.call(cur, stack, Jump::MaxUntil3, pc, cur.toplevel)
    }

    fn poss_repeat_1(&mut self, code: &[u32], cur: &mut Frame, stack: &mut Vec<Frame>) -> Act {
        let min = code[cur.pc + 1] as isize;
        if cur.count < min {
            return self.call(cur, stack, Jump::PossRepeat1, cur.pc + 3, false);
        }
        cur.saved_ptr = -1;
        self.poss_repeat_2(code, cur, stack)
    }

    fn poss_repeat_2(&mut self, code: &[u32], cur: &mut Frame, stack: &mut Vec<Frame>) -> Act {
        let max = code[cur.pc + 2];
        if (cur.count < max as isize || max == MAXREPEAT) && self.ptr as isize != cur.saved_ptr {
            self.lastmark_save(cur);
            self.mark_push(cur.lastmark);
            cur.saved_ptr = self.ptr as isize;
            return self.call(cur, stack, Jump::PossRepeat2, cur.pc + 3, false);
        }
        self.poss_tail(code, cur)
    }

    fn poss_tail(&mut self, code: &[u32], cur: &mut Frame) -> Act {
        cur.pc += code[cur.pc] as usize + 1;
        cur.ptr = self.ptr;
        Act::Dispatch
    }

    fn resume(
        &mut self,
        code: &[u32],
        cur: &mut Frame,
        stack: &mut Vec<Frame>,
        jump: Jump,
        r: bool,
    ) -> Act {
        match jump {
            Jump::None => Act::Ret(r),
            Jump::Branch => {
                if r {
                    if self.repeat.is_some() {
                        self.mark_pop_discard(cur.lastmark);
                    }
                    return Act::Ret(true);
                }
                if self.repeat.is_some() {
                    self.mark_pop_keep(cur.lastmark);
                }
                self.lastmark_restore(cur);
                cur.pc += code[cur.pc] as usize;
                self.branch_next(code, cur, stack)
            }
            Jump::RepeatOne1 | Jump::RepeatOne2 => {
                if r {
                    if self.repeat.is_some() {
                        self.mark_pop_discard(cur.lastmark);
                    }
                    return Act::Ret(true);
                }
                if self.repeat.is_some() {
                    self.mark_pop_keep(cur.lastmark);
                }
                self.lastmark_restore(cur);
                cur.ptr = cur.ptr.wrapping_sub(1);
                cur.count -= 1;
                if jump == Jump::RepeatOne1 {
                    self.repeat_one_1(code, cur, stack)
                } else {
                    self.repeat_one_2(code, cur, stack)
                }
            }
            Jump::MinRepeatOne => {
                if r {
                    if self.repeat.is_some() {
                        self.mark_pop_discard(cur.lastmark);
                    }
                    return Act::Ret(true);
                }
                if self.repeat.is_some() {
                    self.mark_pop_keep(cur.lastmark);
                }
                self.ptr = cur.ptr;
                if self.count(code, cur.pc + 3, 1) == 0 {
                    if self.repeat.is_some() {
                        self.mark_pop_discard(cur.lastmark);
                    }
                    return Act::Ret(false);
                }
                cur.ptr += 1;
                cur.count += 1;
                self.lastmark_restore(cur);
                self.min_repeat_one(code, cur, stack)
            }
            Jump::Repeat => {
                self.repeat = self.repeats[cur.rep].prev;
                self.repeats.truncate(cur.rep);
                Act::Ret(r)
            }
            Jump::MaxUntil1 => {
                if r {
                    return Act::Ret(true);
                }
                self.repeats[cur.rep].count = cur.count - 1;
                self.ptr = cur.ptr;
                Act::Ret(false)
            }
            Jump::MaxUntil2 => {
                self.repeats[cur.rep].last_ptr = self.data.pop().unwrap_or(-1);
                if r {
                    self.mark_pop_discard(cur.lastmark);
                    return Act::Ret(true);
                }
                self.mark_pop(cur.lastmark);
                self.lastmark_restore(cur);
                self.repeats[cur.rep].count = cur.count - 1;
                self.ptr = cur.ptr;
                self.max_until_tail(cur, stack)
            }
            Jump::MaxUntil3 => {
                self.repeat = Some(cur.rep);
                if r {
                    return Act::Ret(true);
                }
                self.ptr = cur.ptr;
                Act::Ret(false)
            }
            Jump::MinUntil1 => {
                if r {
                    return Act::Ret(true);
                }
                self.repeats[cur.rep].count = cur.count - 1;
                self.ptr = cur.ptr;
                Act::Ret(false)
            }
            Jump::MinUntil2 => {
                self.repeat = Some(cur.rep);
                if r {
                    if cur.tail_repeat {
                        self.mark_pop_discard(cur.lastmark);
                    }
                    return Act::Ret(true);
                }
                if cur.tail_repeat {
                    self.mark_pop(cur.lastmark);
                }
                self.lastmark_restore(cur);
                self.ptr = cur.ptr;
                let rpc = self.repeats[cur.rep].pc;
                let max = code[rpc + 2];
                if (cur.count >= max as isize && max != MAXREPEAT)
                    || self.ptr as isize == self.repeats[cur.rep].last_ptr
                {
                    return Act::Ret(false);
                }
                self.repeats[cur.rep].count = cur.count;
                self.data.push(self.repeats[cur.rep].last_ptr);
                self.repeats[cur.rep].last_ptr = self.ptr as isize;
                self.call(cur, stack, Jump::MinUntil3, rpc + 3, cur.toplevel)
            }
            Jump::MinUntil3 => {
                self.repeats[cur.rep].last_ptr = self.data.pop().unwrap_or(-1);
                if r {
                    return Act::Ret(true);
                }
                self.repeats[cur.rep].count = cur.count - 1;
                self.ptr = cur.ptr;
                Act::Ret(false)
            }
            Jump::PossRepeat1 => {
                if r {
                    cur.count += 1;
                    return self.poss_repeat_1(code, cur, stack);
                }
                self.ptr = cur.ptr;
                Act::Ret(false)
            }
            Jump::PossRepeat2 => {
                if r {
                    self.mark_pop_discard(cur.lastmark);
                    cur.count += 1;
                    return self.poss_repeat_2(code, cur, stack);
                }
                self.mark_pop(cur.lastmark);
                self.lastmark_restore(cur);
                self.ptr = cur.saved_ptr as usize;
                self.poss_tail(code, cur)
            }
            Jump::AtomicGroup => {
                if !r {
                    self.ptr = cur.ptr;
                    return Act::Ret(false);
                }
                cur.pc += code[cur.pc] as usize;
                cur.ptr = self.ptr;
                Act::Dispatch
            }
            Jump::Assert => {
                if !r {
                    return Act::Ret(false);
                }
                cur.pc += code[cur.pc] as usize;
                Act::Dispatch
            }
            Jump::AssertNot => {
                if r {
                    if self.repeat.is_some() {
                        self.mark_pop_discard(cur.lastmark);
                    }
                    return Act::Ret(false);
                }
                if self.repeat.is_some() {
                    self.mark_pop(cur.lastmark);
                }
                self.lastmark_restore(cur);
                cur.pc += code[cur.pc] as usize;
                Act::Dispatch
            }
        }
    }

    /// The bit table of the set at `code[sp]`, once this state has tested
    /// enough characters to make building it worthwhile.
    fn set_bits_for(&mut self, code: &[u32], sp: usize) -> Option<[u64; 4]> {
        if let Some((_, bits)) = self.set_bits.iter().find(|(at, _)| *at == sp) {
            return Some(*bits);
        }
        if self.set_work < SET_BITS_AFTER {
            return None;
        }
        let mut bits = [0u64; 4];
        for c in 0..256u32 {
            if charset(code, sp, c) {
                bits[(c >> 6) as usize] |= 1 << (c & 63);
            }
        }
        self.set_bits.push((sp, bits));
        Some(bits)
    }

    /// `pattern.match`: one attempt at `self.start`.
    pub fn do_match(&mut self, code: &[u32]) -> bool {
        self.reset();
        self.ptr = self.start;
        self.run(code, 0, true)
    }

    /// `pattern.search`: attempts from `self.start` on (`SRE(search)`).
    pub fn search(&mut self, code: &[u32]) -> bool {
        let mut ptr = self.start;
        let end = self.end;
        if ptr > end {
            return false;
        }
        let mut pc = 0;
        let mut min = 0usize;
        let mut prefix: Option<u32> = None;
        let mut set: Option<usize> = None;
        if code[0] == INFO {
            let flags = code[2];
            min = code[3] as usize;
            if end - ptr < min {
                return false;
            }
            if flags & SRE_INFO_PREFIX != 0 {
                if code[5] >= 1 {
                    prefix = Some(code[7]);
                }
            } else if flags & SRE_INFO_CHARSET != 0 {
                set = Some(5);
            }
            pc = 1 + code[1] as usize;
        }
        let s = self.s;
        let anchored =
            code[pc] == AT && (code[pc + 1] == AT_BEGINNING || code[pc + 1] == AT_BEGINNING_STRING);
        let mut first = true;
        loop {
            if let Some(c) = prefix {
                while ptr < end && s[ptr] != c {
                    ptr += 1;
                }
                if ptr >= end {
                    return false;
                }
            } else if let Some(sp) = set {
                let from = ptr;
                match self.set_bits_for(code, sp) {
                    Some(bits) => {
                        while ptr < end && !in_set(&bits, code, sp, s[ptr]) {
                            ptr += 1;
                        }
                    }
                    None => {
                        while ptr < end && !charset(code, sp, s[ptr]) {
                            ptr += 1;
                        }
                        self.set_work += ptr - from + 1;
                    }
                }
                if ptr >= end {
                    return false;
                }
            }
            if end - ptr < min {
                return false;
            }
            if !first {
                self.must_advance = false;
            }
            self.reset();
            self.start = ptr;
            self.ptr = ptr;
            if self.run(code, pc, true) {
                return true;
            }
            self.must_advance = false;
            if first && anchored {
                return false;
            }
            first = false;
            if ptr >= end {
                return false;
            }
            ptr += 1;
        }
    }
}

enum Act {
    Enter,
    Dispatch,
    Ret(bool),
}
