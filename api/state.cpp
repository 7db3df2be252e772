// api/state.cpp - the handle table and the boundary helpers of api/state.hpp:
// rooting aio::Values, mapping rt::Unwind to aio::Error and back.
#include "api/state.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include "interpreter/vm.hpp"
#include "runtime/containers.hpp"
#include "runtime/rt_util.hpp"
#include "runtime/traceback.hpp"

namespace aio::detail {

State::State() { inbox_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

State::~State() {
    shutdown();
    if (inbox_fd >= 0) ::close(inbox_fd);
}

rt::Interp& State::interp() {
    if (!I) throw Error("RuntimeError", "the aio::Interpreter of this value was destroyed");
    return *I;
}

void State::shutdown() {
    if (!I) return;
    // Objects die with the heap; the slots would dangle, so forget their values.
    std::unique_ptr<rt::Interp> dying = std::move(I);
    dying->flush_out();
    dying.reset();
    for (auto& v : slots) v = rt::Value::null();
    classes.clear();
    main = nullptr;
    host_loop = pump_fn = done_fn = pump_loop = rt::Value::null();
    promises.clear();
}

uint32_t State::root(rt::Value v) {
    uint32_t slot;
    if (!free_slots.empty()) {
        slot = free_slots.back();
        free_slots.pop_back();
        slots[slot] = v;
        refs[slot] = 1;
    } else {
        slot = uint32_t(slots.size());
        slots.push_back(v);
        refs.push_back(1);
    }
    return slot;
}

void State::unroot(uint32_t slot) {
    slots[slot] = rt::Value::null();
    free_slots.push_back(slot);
}

void State::trace(rt::Interp& in) {
    for (const rt::Value& v : slots) in.heap.mark(v);
    for (auto& [_, rec] : classes) in.heap.mark(rec.type);
    if (main) in.heap.mark(main);
    in.heap.mark(host_loop);
    in.heap.mark(pump_fn);
    in.heap.mark(pump_loop);
    in.heap.mark(done_fn);
    for (auto& [fut, _] : promises) in.heap.mark(fut);
}

void State::signal_inbox() {
    uint64_t one = 1;
    if (inbox_fd >= 0) (void)!::write(inbox_fd, &one, sizeof one);
}

Value wrap(State& s, rt::Value v) { return Value(s.shared_from_this(), s.root(v)); }

State& state_of(const Value& v) {
    if (!v.state()) throw Error("RuntimeError", "use of an empty aio::Value");
    return *v.state();
}

rt::Value unwrap(const Value& v) {
    State& s = state_of(v);
    s.interp();
    return s.slots[v.slot()];
}

void reset_limits(State& s) {
    vm::VMState& vs = vm::state(*s.I);
    vs.set_budget(s.options.instruction_budget ? int64_t(s.options.instruction_budget) : -1);
}

Error take_error(State& s) {
    rt::Interp& I = *s.I;
    rt::Value exc = I.pending;
    I.pending = rt::Value::null();
    Value handle = wrap(s, exc);
    std::string type = "BaseException", message, tb;
    try {
        type = rt::type_name(I, exc);
        message = rt::str_string(I, exc);
        tb = rt::format_exception(I, exc);
    } catch (rt::Unwind&) {
        I.pending = rt::Value::null();  // a failing __str__: keep what we have
    }
    // Back at the host after running out of memory: free the garbage now, so the
    // next call does not start at the limit. Only at the outermost entry, where no
    // native frame holds unrooted objects (the collector's safepoint rule).
    if (exc.same(rt::Value::object(I.memory_error)) && s.run_depth == 1) I.heap.collect();
    return Error(std::move(type), std::move(message), std::move(tb), std::move(handle));
}

void raise_in_script(State& s, const Error& e) {
    rt::Interp& I = *s.I;
    if (!e.exception().empty() && e.exception().state().get() == &s) rt::raise_value(I, unwrap(e.exception()));
    rt::Value t = rt::dict_get_cstr(I, I.builtins, e.type());
    if (rt::is_kind(t, rt::ObjKind::Type) && (rt::as<rt::Type>(t)->tflags & rt::kTypeException))
        rt::raise(I, rt::as<rt::Type>(t), e.message());
    rt::raise(I, I.exc.RuntimeError, e.type() + ": " + e.message());
}

}  // namespace aio::detail

namespace aio {

Value::~Value() {
    if (state_ && --state_->refs[slot_] == 0) state_->unroot(slot_);
}

Value::Value(const Value& other) : state_(other.state_), slot_(other.slot_) {
    if (state_) state_->refs[slot_]++;
}

Value& Value::operator=(const Value& other) {
    if (this != &other) {
        Value copy(other);
        *this = std::move(copy);
    }
    return *this;
}

Value::Value(Value&& other) noexcept : state_(std::move(other.state_)), slot_(other.slot_) {}

Value& Value::operator=(Value&& other) noexcept {
    if (this != &other) {
        if (state_ && --state_->refs[slot_] == 0) state_->unroot(slot_);
        state_ = std::move(other.state_);
        slot_ = other.slot_;
    }
    return *this;
}

Error::Error(std::string type, std::string message, std::string traceback, Value exception)
    : type_(std::move(type)), message_(std::move(message)), traceback_(std::move(traceback)),
      exception_(std::move(exception)) {
    what_ = message_.empty() ? type_ : type_ + ": " + message_;
}

}  // namespace aio
