// stdlib/asyncio/native.hpp - the native core of asyncio (DESIGN decision 6):
// Future and Task objects (one layout, ObjKind::Future) and the loop core (ready
// queue, timer heap, fd readers/writers) that BaseEventLoop (events.aio) wraps.
// Invariant: a done callback never runs inline. Completing a Future queues one
// ready entry per callback, in registration order; a Task waiting on a Future is
// itself the callback (no bound method, no Handle), so a wake-up allocates nothing.
#pragma once
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

#include "runtime/loop/block_fifo.hpp"
#include "runtime/object.hpp"

namespace aio::vm { struct Resumed; struct Generator; }
namespace aio::rt { struct SideSlots; }

namespace aio::stdlib::asyncio {

using rt::Value;

struct LoopCore;
struct State;

enum class FutState : uint8_t { Pending, Cancelled, Finished };

// Object::flags bit of a Future: Finished with an exception, held in `result`
// (gather.cpp borrows 0x8000 for a moment).
inline constexpr uint16_t kFutureFailed = 0x4000;
// Object::flags bit of a plain Future or Task that has an entry in the interpreter's
// side table (future_attrs.cpp): attributes, a Task's own name, a pending task's
// cancel message.
inline constexpr uint16_t kFutureSide = 0x2000;
// Object::flags bits set at allocation: the Task part (has_task_part), the __dict__
// word (future_dict_slot).
inline constexpr uint16_t kFutureTaskPart = 0x1000, kFutureDictWord = 0x0800;

// How `await obj` proceeds on a FutureObj (the VM's YIELD_FROM hook).
enum AwaitMode : uint8_t {
    kAwaitFuture = 0,    // yield the future while pending, then its result
    kAwaitYieldOnce = 1, // sleep(0): yield None once (the Task requeues itself), then `result`
    // sleep(d) of a Task: the shared `sleep_timer` object, yielded once to the Task,
    // which is then parked on the timer sleep_awaitable gave it (no Future), then `result`
    kAwaitTimer = 2,
};

// An object or Null in one word (a Value takes two): the Task fields that never
// hold anything else.
class ObjectRef {
public:
    ObjectRef& operator=(Value v) {
        p_ = v.is_obj() ? v.as_obj() : nullptr;
        return *this;
    }
    operator Value() const { return p_ ? Value::object(p_) : Value::null(); }
    bool is_null() const { return !p_; }
    rt::Object* as_obj() const { return p_; }

private:
    rt::Object* p_;   // zeroed with the object
};

// A future's done callbacks in one word (they took four, then two): most futures
// get exactly one, an object (a waiting Task, gather's callback), held in the word
// itself. From the second callback on, or for a callback that is not an object,
// all of them move to a malloc'd block that grows by doubling (an Event's shared
// waiter future holds one per waiting task: 100,000 of them), and the word points
// to it, its low bit set (objects and malloc blocks are 16-byte aligned). The block
// holds object pointers, 8 bytes a callback (Values took 16), until a callback
// that is not an object arrives (add_done_callback accepts any value): it then
// widens to Values for good. Zeroed = empty.
class DoneCallbacks {
public:
    uint32_t size() const {
        if (Block* b = more()) return b->n;
        return bits_ != 0;
    }
    Value get(uint32_t i) const {
        Block* b = more();
        if (!b) return as_value(one());
        return b->wide ? b->values()[i] : as_value(b->objects()[i]);
    }
    // Replaces callback i (< size()) by an earlier one (compaction) or Null.
    void set(uint32_t i, Value v) {
        Block* b = more();
        if (!b) bits_ = reinterpret_cast<uintptr_t>(as_object(v));
        else if (b->wide) b->values()[i] = v;
        else b->objects()[i] = as_object(v);
    }
    void push(Value cb);
    // Keeps the first n callbacks (n <= size()); the block, if any, stays for reuse.
    void truncate(uint32_t n) {
        if (Block* b = more()) b->n = n;
        else if (n == 0) bits_ = 0;
    }
    void release();   // frees the block (the future is swept)

private:
    struct Block {
        uint32_t n, cap;
        uint32_t wide;    // items are Values (else object pointers)
        uint32_t unused;
        rt::Object** objects() { return reinterpret_cast<rt::Object**>(this + 1); }
        Value* values() { return reinterpret_cast<Value*>(this + 1); }
    };
    static_assert(sizeof(Block) % alignof(Value) == 0, "the values follow the block header unpadded");
    static constexpr uintptr_t kBlock = 1;
    static Value as_value(rt::Object* o) { return o ? Value::object(o) : Value::null(); }
    static rt::Object* as_object(Value v) { return v.is_obj() ? v.as_obj() : nullptr; }
    // The only callback (nullptr for none) while there is no block.
    rt::Object* one() const { return bits_ & kBlock ? nullptr : reinterpret_cast<rt::Object*>(bits_); }
    Block* more() const { return bits_ & kBlock ? reinterpret_cast<Block*>(bits_ & ~kBlock) : nullptr; }
    uintptr_t bits_;
};
static_assert(sizeof(DoneCallbacks) == 8);

// Future and Task share this layout (a Task is a Future subclass). Instances of
// classes that do not derive from Task are allocated without the Task part (from
// FutureBase, kFutureBytes): never touch it unless is_task or has_task_part().
// Instances of subclasses defined in scripts have one word more, after the layout:
// their __dict__ (future_dict_slot); plain ones have none, as in CPython (a Task
// in 64 bytes, a Future in 48). What few futures have — attributes, a Task's own
// name, a pending Task's cancel message — is in the interpreter's side table
// (kFutureSide, future_attrs.cpp).
// Object::aux of a Task holds the number N of its default name Task-N.
struct FutureBase : rt::Object {
    LoopCore* core;          // the owning loop's native core; core->loop is the loop
                             // (traced through the future, so it lives as long)
    // `result` (below) is a Value laid out in two words: its tag is the first byte
    // of this word, which the state, the await mode and one-bit flags share, and its
    // payload the next word. As a Value of its own, its tag's padding took a word.
    // The tag leads so that result() reads both words at once, as a Value (the
    // flags land in the Value's padding bytes).
    rt::Tag result_tag_;     // (use result()/put_result)
    FutState state;
    AwaitMode await_mode;
    bool log_tb : 1;         // an exception nobody retrieved yet
    bool blocking : 1;       // _asyncio_future_blocking
    bool is_task : 1;
    bool must_cancel : 1;    // Task
    bool cancel_is_exc : 1;  // cancelled: `result` holds the CancelledError (cancel_message_of)
    // An Event's waiter Future, shared by every task that waits on the Event until
    // set() (waiters.cpp): the tasks are its callbacks. A cancelled task leaves its
    // callback behind (stale: the task's waiter is no longer this future), skipped
    // when the future completes and swept by the next waits.
    bool shared : 1;
    // The Future of a sleeping Task, made when something asks for its waiter
    // (task_sleep_future): pending, it holds the timer's key in `result`.
    bool sleep_timer : 1;
    // A shared future is never a Task: the two counters take turns in one slot.
    union {
        int32_t num_cancels;     // Task: cancelling()
        uint32_t shared_waiting; // shared: tasks waiting on it that have not resumed (Event's repr)
    };
    decltype(Value::u) result_u_;   // (use result()/put_result)
    DoneCallbacks cbs;       // a Task entry = wake that Task

    // Finished: the result, or the exception when failed(). Cancelled: cancel(msg)'s
    // message, or the CancelledError the Task's coroutine raised when cancel_is_exc.
    // Pending: a Task's waiter (or its timer's key), a sleep Future's result to be.
    // Where result_tag_ is (the unit test asserts it); result_u_ is 8 bytes on.
    static constexpr size_t kResultAt = sizeof(rt::Object) + sizeof(LoopCore*);
    Value result() const {
        Value v;   // tag, the flags as padding, payload: one 16-byte load
        std::memcpy(static_cast<void*>(&v), reinterpret_cast<const char*>(this) + kResultAt, sizeof v);
        return v;
    }
    void put_result(Value v) {
        result_tag_ = v.tag;
        result_u_ = v.u;
    }
    bool task_part() const { return flags & kFutureTaskPart; }
    bool dict_word() const { return flags & kFutureDictWord; }
    bool failed() const { return flags & kFutureFailed; }   // finished with an exception
    Value exception() const { return failed() ? result() : Value::null(); }
};

struct FutureObj : FutureBase {
    // --- Task ---
    ObjectRef coro;          // a coroutine object (Task() checks)
    // The core's list of pending tasks, in creation order, singly linked: a task
    // that is done leaves it at the next collection (trace_core), not when it finishes.
    FutureObj* next_task;

    // _fut_waiter: the Future this task is suspended on, or Null. It lives in
    // `result`, which a task only fills once it is done (and a task clears its
    // waiter at each step); 100,000 suspended tasks save a word each.
    // A task in asyncio.sleep(d) waits on no Future: `result` holds the int key of
    // the timer that wakes it (sleeping_on), and the Future CPython would show is
    // made only when asked for (task_sleep_future: _fut_waiter, repr, cancel).
    Value waiter() const { return state == FutState::Pending && result_tag_ == rt::Tag::Obj ? result() : Value::null(); }
    void set_waiter(Value w) { put_result(w.is_obj() ? w : Value::null()); }
    bool waits_on(const rt::Object* f) const {
        return state == FutState::Pending && result_tag_ == rt::Tag::Obj && result_u_.o == f;
    }
    // The key of the timer this pending task sleeps on with no Future, else 0.
    uint64_t sleeping_on() const {
        return state == FutState::Pending && result_tag_ == rt::Tag::Int ? uint64_t(result_u_.i) : 0;
    }
};
static_assert(sizeof(FutureObj) <= 64, "a Task fits a 64-byte cell");

// The bytes of a plain Future (no Task part).
inline constexpr size_t kFutureBytes = sizeof(FutureBase);
static_assert(kFutureBytes <= 48, "a Future fits a 48-byte cell");

// --- the side table (future_attrs.cpp) ---
// A plain Future's or Task's attribute dict slot (nullptr when it has no entry).
rt::Dict** future_side_dict(FutureBase* f);
// The slot a store of an attribute fills: made for a plain Future or Task without
// one; nullptr for a future that cannot have one.
rt::Dict** future_side_dict_for_store(rt::Interp& I, rt::Object* o);
// The entry of [f], nullptr when it has none.
rt::SideSlots* future_side(rt::Interp& I, const FutureBase* f);
// The entry of [f], made if it has none.
rt::SideSlots& future_side_make(rt::Interp& I, FutureBase* f);
// Sweeping a future: its side-table entry goes.
void drop_future_side(rt::Interp& I, rt::Object* o);

// Where an instance of a Future or Task subclass keeps its __dict__; for a plain
// Future or Task its side-table slot once it has an entry, else nullptr.
inline rt::Dict** future_dict_slot(FutureBase* f) {
    if (!f->dict_word()) return f->flags & kFutureSide ? future_side_dict(f) : nullptr;
    size_t at = f->task_part() ? sizeof(FutureObj) : kFutureBytes;
    return reinterpret_cast<rt::Dict**>(reinterpret_cast<char*>(f) + at);
}

// The line a coroutine's own frame is at: its `def` line before it starts, else the
// await it is suspended at (task_stack.cpp).
int32_t coro_frame_line(vm::Generator* g);

// YIELD_FROM over a FutureObj sitting in [slot] (the awaited object's stack slot).
vm::Resumed future_await_step(rt::Interp& I, Value* slot);

// GC hooks (runtime/heap.cpp, runtime/objects.cpp).
void trace_future(rt::Interp& I, rt::Object* o);
void free_future(rt::Interp& I, rt::Object* o);
rt::Object* alloc_future(rt::Interp& I, rt::Type* cls);
rt::Object* alloc_future(rt::Interp& I, rt::Type* cls, bool task_part);
// Whether [f] was allocated with the Task part (its class derives from Task).
bool has_task_part(FutureObj* f);

}  // namespace aio::stdlib::asyncio

// --- the loop core ----------------------------------------------------------------
namespace aio::stdlib::asyncio {

// One unit of work on the ready queue. No Handle object is needed for the common
// entries: a Task step, a Task wake-up, a done callback, a sleep's timer firing.
enum class Work : uint8_t {
    Call,        // a(b): a done callback with its future, or _run_handle(handle)
    TaskStep,    // step Task a, throwing b into its coroutine unless b is Null
    TaskWakeup,  // Task a resumes after Future b completed
    SetResult,   // sleep's timer fired: pending Future a gets the result parked in its `result`
    TimerWake,   // the timer (int key b) a sleeping Task a waits on fired (timer_wake)
};

// The work and its two values in 24 bytes (two Values alone take 32): the ready
// queue holds one entry per runnable task, 200,000 at once when a gather of that
// many tasks starts, and the timer heap one per sleeping task.
class Entry {
public:
    Entry(Work w, Value a, Value b) : work(w), tag_a_(a.tag), tag_b_(b.tag), a_(a.u), b_(b.u) {}
    Value a() const { return unpack(tag_a_, a_); }
    Value b() const { return unpack(tag_b_, b_); }
    Work work;

private:
    using Payload = decltype(Value::u);
    static Value unpack(rt::Tag t, Payload p) {
        Value v;
        v.tag = t;
        v.u = p;
        return v;
    }
    rt::Tag tag_a_, tag_b_;
    Payload a_, b_;
};
static_assert(sizeof(Entry) == 24);

// What a timer does, in the low bits of its key.
enum class TimerKind : uint8_t {
    Handle = 0,     // _run_handle(obj) of a TimerHandle
    SetResult = 1,  // set_result of sleep's pending Future obj, whose result waits in
                    // the Future's own `result` slot (unused while pending)
    WakeTask = 2,   // wakes Task obj sleeping on this timer's key (FutureObj::sleeping_on)
};

// A timer heap entry in 24 bytes (an Entry with its own deadline and sequence took
// 40, and the heap holds one per sleeping task): one work on one object, its kind in
// the two low bits of `key` (creation order above them).
struct Timer {
    double when;
    uint64_t key;        // seq << 2 | kind; orders timers of one deadline by creation
    rt::Object* obj;
    TimerKind kind() const { return TimerKind(key & 3); }
};
static_assert(sizeof(Timer) == 24);

// The native state of one BaseEventLoop (held by a Native object, `loop._core`).
// Invariant: an iteration runs the `ready` entries that were there when it began
// (`in_iteration` of them are still to run, at the front); new work goes behind them
// and waits for the next iteration (CPython's order). `ready` is one FIFO in blocks:
// a gather of 200,000 tasks queues 200,000 entries at once, and two doubling vectors
// (this iteration's and the next) held up to 2.6 times their bytes at the peak. Its
// blocks (64 KB) are mapped and unmapped: 50,000 tasks made at once queue their first
// steps, and the drained blocks, malloc'd, stayed resident, 24 bytes a task.
struct LoopCore {
    State* st;
    Value loop;                       // the BaseEventLoop instance
    loop::BlockFifo<Entry, 65536, true> ready;
    size_t in_iteration = 0;          // entries of the running iteration not run yet
    Entry current{Work::Call, Value::null(), Value::null()};  // the entry running (traced)
    std::vector<Timer> timers;        // min-heap on (when, seq); dead entries dropped lazily
    uint64_t timer_seq = 0;
    size_t timers_cancelled = 0;      // TimerHandles cancelled while in the heap
    std::vector<std::pair<int, Value>> readers, writers;  // fd -> Handle, in registration order
    Value current_task;
    std::vector<Value> exc_futures;   // failed futures/tasks, reported at close if never retrieved
    FutureObj* tasks_head = nullptr;  // pending tasks, creation order (and done ones until a collection)
    FutureObj* tasks_tail = nullptr;
    bool stopping = false;
    bool in_run_once = false;

    // (always inlined: a Task step's own push cost 23 instructions more as a call)
    [[gnu::always_inline]] void push(Work w, Value a, Value b) { ready.push_back(Entry(w, a, b)); }
    // Whether work is queued for a later iteration than the running one.
    bool has_ready() const { return ready.size() > in_iteration; }
};

// Per-interpreter asyncio state, held by a Native in `_asyncio_core._state`; every
// native of the module reaches it through its NativeFunction's `data` slot.
struct State {
    rt::Interp* I;
    rt::Type* future_type = nullptr;
    rt::Type* task_type = nullptr;
    rt::Type* core_type = nullptr;
    rt::Type* queue_core_type = nullptr;
    rt::Type* waiters_type = nullptr;
    Value sleep0;                    // the shared `sleep(0)` awaitable
    Value sleep_timer;               // what sleep(d) of a Task awaits (kAwaitTimer)
    Value cancelled_error, invalid_state_error;   // from asyncio.exceptions (_init)
    Value get_event_loop, run_handle, format_callbacks, iscoroutine;
    Value short_repr;                // futures._short_repr (reprlib.repr of a result)
    Value future_iter;               // futures.FutureIter (what fut.__await__() returns)
    Value base_create_task;          // BaseEventLoop.create_task (plain_create_task)
    rt::Str* s_cancelled = nullptr;  // "_cancelled" (TimerHandle's flag)
    rt::Str* s_create_task = nullptr;     // plain_create_task's names
    rt::Str* s_task_factory = nullptr;
    rt::Str* s_closed = nullptr;
    uint64_t task_counter = 0;
    Value last_loop;                 // core_of_loop's cache (traced: keeps that loop alive)
    LoopCore* last_core = nullptr;
};

// The State every native of the module reaches through its NativeFunction's data.
inline State& state_of(rt::Object* self_fn) {
    auto* nf = static_cast<rt::NativeFunction*>(self_fn);
    return *static_cast<State*>(static_cast<rt::Native*>(nf->data.as_obj())->ptr);
}

// One native to install: its name and function (the State rides in its data slot).
struct NativeDef {
    const char* name;
    rt::NativeFn fn;
};
// Puts the natives into [d] (a module's dict).
void add_natives(rt::Interp& I, rt::Dict* d, Value state_obj, std::initializer_list<NativeDef> defs);
// A native type [name] whose methods are [methods] (instances: rt::Native objects).
rt::Type* make_core_type(rt::Interp& I, const char* name, Value state_obj, std::initializer_list<NativeDef> methods);

// Future operations shared by the loop core and the natives.
void future_schedule_callbacks(FutureObj* f);
void future_set_result(rt::Interp& I, FutureObj* f, Value result);
void future_set_exception(rt::Interp& I, FutureObj* f, Value exc);
bool future_cancel(rt::Interp& I, FutureObj* f, Value msg);
// The cancel(msg) message (Null when none): in `result` once cancelled, in the side
// table while pending (Task.cancel(msg) or a store to _cancel_message).
Value cancel_message_of(rt::Interp& I, const FutureBase* f);
// The Task's own name (a str), Null until given, set or asked for (then Task-N, N in aux).
Value task_own_name(rt::Interp& I, const FutureObj* t);
void set_task_name(rt::Interp& I, FutureObj* t, Value name);
Value make_cancelled_error(rt::Interp& I, FutureObj* f);
FutureObj* new_future(rt::Interp& I, State& st, LoopCore* core);
LoopCore* core_of_loop(rt::Interp& I, State& st, Value loop);
void task_step(rt::Interp& I, FutureObj* t, Value exc);
void task_wakeup(rt::Interp& I, FutureObj* t, Value fut);
// The Future a Task sleeping on a timer (sleeping_on) waits on, made now: pending, with
// the task as its callback; the timer completes it. Nullptr when t is not sleeping.
FutureObj* task_sleep_future(rt::Interp& I, FutureObj* t);
// Whether the WakeTask timer [key] of Task [t] would still do something.
bool timer_wakes(FutureObj* t, uint64_t key);
// A WakeTask timer fired: the task's next step is queued (or its sleep Future completed).
void timer_wake(rt::Interp& I, FutureObj* t, uint64_t key);
// Task.__init__'s work on an allocated Task: bind to [loop], check [coro], schedule
// the first step, register it (name may be Null/None).
void task_init(rt::Interp& I, State& st, FutureObj* t, Value loop, Value coro, Value name);
// Whether [loop].create_task(coro) is BaseEventLoop's, unchanged: no task factory,
// not closed (then new_task does its work).
bool plain_create_task(rt::Interp& I, State& st, Value loop);
// A new Task for [coro] on [loop] (name may be Null/None).
Value new_task(rt::Interp& I, State& st, Value loop, Value coro, Value name);
// add_done_callback: a done future schedules [cb] at once.
void future_add_done_callback(FutureObj* f, Value cb);

// Type setup (futures.cpp, loop_core.cpp, gather.cpp, queue_core.cpp, waiters.cpp).
void install_future_types(rt::Interp& I, State& st, Value state_obj, rt::Dict* module_dict);
void install_loop_core(rt::Interp& I, State& st, Value state_obj, rt::Dict* module_dict);
void install_gather(rt::Interp& I, Value state_obj, rt::Dict* module_dict);
void install_queue_core(rt::Interp& I, State& st, Value state_obj, rt::Dict* module_dict);
void install_waiters(rt::Interp& I, State& st, Value state_obj, rt::Dict* module_dict);
void install_task_stack(rt::Interp& I, Value state_obj, rt::Dict* module_dict);
void install_future_iter(rt::Interp& I, State& st, Value state_obj, rt::Dict* module);

}  // namespace aio::stdlib::asyncio
