// SPDX-License-Identifier: MIT
// Thread names (own thread through prctl, other threads through /proc),
// yield, and sleeping on CLOCK_MONOTONIC.
//
// Under qemu-user, /proc/self/task/<tid>/comm is the host file of the
// emulator's thread, whose tid equals the guest's.
#include <cstdint>

#include "tap.hpp"
#include "waiting.hpp"
#include "weft.hpp"

namespace {

constexpr const char* name_15 = "fifteen-bytes-x";
constexpr const char* name_16 = "sixteen-bytes-xy";

// A tid above the kernel's largest pid_max (2^22), so never a thread.
constexpr int absent_tid = 0x3fffffff;

bool same_text(const char* left, const char* right) {
  std::size_t i = 0;
  for (; left[i] != '\0'; i++) {
    if (left[i] != right[i])
      return false;
  }
  return right[i] == '\0';
}

// Checks that actual equals expected, printing both when they differ.
bool equal_text(tap::Tap& tap, const char* actual, const char* expected,
                const char* name) {
  bool passed = same_text(actual, expected);
  if (!passed) {
    tap.output() << "# " << name << ": expected \"" << expected << "\", got \""
                 << actual << "\"\n";
  }
  return tap.check(passed, name);
}

// Checks a name result: success, and the text expected.
bool equal_name(tap::Tap& tap, const weft::Result<weft::ThreadName>& actual,
                const char* expected, const char* name) {
  if (!actual) {
    tap.output() << "# " << name << ": failed with " << actual.error() << '\n';
    return tap.check(false, name);
  }
  return equal_text(tap, actual->c_str(), expected, name);
}

// Reads /proc/self/task/<tid>/comm into text without its trailing newline.
// Leaves text empty and returns false when the file cannot be read.
struct CommText {
  char text[64] = {};
};

bool read_comm(int tid, CommText& comm) {
  comm.text[0] = '\0';
  auto fd = tap::open_task_file(tid, "comm");
  if (!fd)
    return false;
  auto got = weft::sys::read(*fd, comm.text, sizeof comm.text - 1);
  (void)weft::sys::close(*fd);
  if (!got)
    return false;
  std::size_t length = *got;
  if (length > 0 && comm.text[length - 1] == '\n')
    length--;
  comm.text[length] = '\0';
  return true;
}

// Whether /proc is mounted; the program also runs in an empty root.
bool proc_mounted() {
  auto proc =
      weft::sys::openat(AT_FDCWD, "/proc/self", O_PATH | O_DIRECTORY);
  if (!proc)
    return false;
  (void)weft::sys::close(*proc);
  return true;
}

// Checks that /proc/self/task/<tid>/comm contains expected, or skips the
// check without /proc.
bool comm_is(tap::Tap& tap, int tid, const char* expected, const char* name) {
  if (!proc_mounted()) {
    tap.skip(name, "no /proc");
    return true;
  }
  CommText comm;
  if (!read_comm(tid, comm)) {
    tap.output() << "# " << name << ": cannot read /proc/self/task/" << tid
                 << "/comm\n";
    return tap.check(false, name);
  }
  return equal_text(tap, comm.text, expected, name);
}

void test_own_name(tap::Tap& tap) {
  int tid = weft::Thread::current_id();
  auto initial = weft::Thread::name();
  if (tap.check(initial.has_value(), "read initial name"))
    comm_is(tap, tid, initial->c_str(), "initial name matches comm");

  tap.check(weft::Thread::set_name("weft-main").has_value(), "set own name");
  equal_name(tap, weft::Thread::name(), "weft-main", "own name round-trips");
  comm_is(tap, tid, "weft-main", "own name in comm");

  tap.check(weft::Thread::set_name(name_15).has_value(),
            "set 15-byte own name");
  equal_name(tap, weft::Thread::name(), name_15, "15-byte own name kept whole");
  comm_is(tap, tid, name_15, "15-byte own name in comm");

  tap.fails_with(weft::Thread::set_name(name_16), ERANGE,
                 "16-byte own name fails with ERANGE");
  equal_name(tap, weft::Thread::name(), name_15,
             "own name unchanged after ERANGE");
  tap.fails_with(weft::Thread::set_name(nullptr), EINVAL,
                 "null own name fails with EINVAL");
  equal_name(tap, weft::Thread::name(), name_15,
             "own name unchanged after EINVAL");

  tap.check(weft::Thread::set_name("").has_value(), "set empty own name");
  equal_name(tap, weft::Thread::name(), "", "empty own name round-trips");
  comm_is(tap, tid, "", "empty own name in comm");

  // The thread's own tid goes through prctl too.
  tap.check(weft::Thread::set_name(tid, "by-own-tid").has_value(),
            "set own name by tid");
  equal_name(tap, weft::Thread::name(tid), "by-own-tid",
             "own name by tid round-trips");
  equal_name(tap, weft::Thread::name(), "by-own-tid",
             "own name by tid seen by name()");
  tap.fails_with(weft::Thread::set_name(tid, name_16), ERANGE,
                 "16-byte own name by tid fails with ERANGE");

  tap.check(weft::Thread::set_name("weft-main").has_value(),
            "restore own name");
}

// Static, so that a thread whose gate never opens can be detached and
// still find its state when the process ends.
struct NamedState {
  weft::ResetEvent gate;
  weft::ThreadName at_start;
  weft::Atomic<std::uint32_t> started{0};
};

NamedState named;

void test_other_thread_name(tap::Tap& tap) {
  auto handle = weft::Thread::spawn(tap::small_stack, [] {
    auto start = weft::Thread::name();
    if (start)
      named.at_start = *start;
    named.started.store(1, weft::MemoryOrder::release);
    weft::ThreadName seen;
    if (!named.gate.wait_for(tap::hang_limit))
      return seen;
    auto own = weft::Thread::name();
    if (own)
      seen = *own;
    return seen;
  });
  if (!tap.check(handle.has_value(), "spawn named thread"))
    return;
  int tid = handle->id();
  (void)tap::poll_until_at_least(named.started, 1);
  equal_text(tap, named.at_start.c_str(), "weft-main",
             "new thread starts with its creator's name");

  tap.check(handle->set_name("worker-7").has_value(), "set other thread name");
  equal_name(tap, handle->name(), "worker-7", "other name via handle");
  equal_name(tap, weft::Thread::name(tid), "worker-7", "other name via tid");
  comm_is(tap, tid, "worker-7", "other name in comm");
  equal_name(tap, weft::Thread::name(), "weft-main",
             "own name unchanged by other's");

  tap.check(handle->set_name(name_15).has_value(),
            "set 15-byte other thread name");
  equal_name(tap, handle->name(), name_15, "15-byte other name kept whole");
  tap.fails_with(handle->set_name(name_16), ERANGE,
                 "16-byte other name fails with ERANGE");
  tap.fails_with(handle->set_name(nullptr), EINVAL,
                 "null other name fails with EINVAL");
  equal_name(tap, handle->name(), name_15, "other name unchanged by errors");

  tap.check(handle->set_name("").has_value(), "set empty other thread name");
  equal_name(tap, handle->name(), "", "empty other name round-trips");

  tap.check(handle->set_name("worker-7").has_value(),
            "set other thread name again");
  named.gate.set();
  // The thread returns at once once the gate is open; a gate that never
  // opens makes it return after the hang limit, so join ends.
  weft::ThreadName seen = handle->join();
  equal_text(tap, seen.c_str(), "worker-7", "other thread sees its new name");

  tap.fails_with(handle->name(), ESRCH, "name after join fails with ESRCH");
  tap.fails_with(handle->set_name("late"), ESRCH,
                 "set_name after join fails with ESRCH");
}

// Without /proc, naming another thread fails with EOPNOTSUPP, and the
// thread's own name still works through prctl.
void test_names_without_proc(tap::Tap& tap) {
  auto handle = weft::Thread::spawn(tap::small_stack, [] {
    if (!named.gate.wait_for(tap::hang_limit))
      return false;
    return weft::Thread::set_name("own-no-proc").has_value() &&
           weft::Thread::name().has_value() &&
           weft::Thread::name()->c_str()[0] == 'o';
  });
  if (!tap.check(handle.has_value(), "spawn thread to name without /proc"))
    return;
  tap.fails_with(handle->name(), EOPNOTSUPP,
                 "other name without /proc fails with EOPNOTSUPP");
  tap.fails_with(handle->set_name("x"), EOPNOTSUPP,
                 "set other name without /proc fails with EOPNOTSUPP");
  tap.fails_with(weft::Thread::name(handle->id()), EOPNOTSUPP,
                 "name by tid without /proc fails with EOPNOTSUPP");
  named.gate.set();
  tap.check(handle->join(), "thread names itself without /proc");
}

constexpr int exit_rounds = 100;

// Calls name() (set_name on odd rounds) without pausing on a thread that
// returns at once, until the call fails. Many calls land while the thread
// exits, when the kernel fails them with ESRCH rather than ENOENT.
void test_exited_thread_name(tap::Tap& tap) {
  int spawned = 0;
  int still_named = 0;
  int wrong_errors = 0;
  weft::Errno first_wrong(0);
  for (int round = 0; round < exit_rounds; round++) {
    auto handle = weft::Thread::spawn(tap::small_stack, [] { return 0; });
    if (!handle)
      break;
    spawned++;
    weft::Deadline limit = weft::Deadline::after(tap::hang_limit);
    weft::Result<void> outcome;
    if (round % 2 == 0) {
      auto name = handle->name();
      while (name && weft::Deadline::now() < limit)
        name = handle->name();
      outcome = name ? weft::Result<void>() : name.error();
    } else {
      outcome = handle->set_name("gone");
      while (outcome && weft::Deadline::now() < limit)
        outcome = handle->set_name("gone");
    }
    if (outcome) {
      still_named++;
    } else if (outcome.error() != weft::Errno(ENOENT)) {
      if (wrong_errors == 0)
        first_wrong = outcome.error();
      wrong_errors++;
    }
    (void)handle->join();
  }
  tap.equal(spawned, exit_rounds, "100 short threads spawned");
  tap.equal(still_named, 0, "exited threads' names become unreachable");
  if (!tap.equal(wrong_errors, 0,
                 "name and set_name of exited thread fail with ENOENT"))
    tap.output() << "# first other error: " << first_wrong << '\n';
}

void test_absent_tid(tap::Tap& tap) {
  tap.fails_with(weft::Thread::name(absent_tid), ENOENT,
                 "name of absent tid fails with ENOENT");
  tap.fails_with(weft::Thread::set_name(absent_tid, "absent"), ENOENT,
                 "set_name of absent tid fails with ENOENT");
  tap.fails_with(weft::Thread::name(0), ENOENT,
                 "name of tid 0 fails with ENOENT");
  tap.fails_with(weft::Thread::name(-1), ENOENT,
                 "name of tid -1 fails with ENOENT");
  tap.fails_with(weft::Thread::set_name(absent_tid, nullptr), EINVAL,
                 "null name for absent tid fails with EINVAL");
}

// Set by the peer thread once it has spun for a while; main yields until
// then.
struct YieldState {
  weft::Atomic<std::uint32_t> finished{0};
};

YieldState yielding;

void test_yield(tap::Tap& tap) {
  auto peer = weft::Thread::spawn(tap::small_stack, [] {
    for (int i = 0; i < 1000; i++)
      weft::Thread::yield();
    yielding.finished.store(1, weft::MemoryOrder::release);
  });
  if (!tap.check(peer.has_value(), "spawn yielding peer"))
    return;
  // At least 10000 yields, and more until the peer has finished.
  weft::Deadline limit = weft::Deadline::after(tap::hang_limit);
  int calls = 0;
  while ((calls < 10000 ||
          yielding.finished.load(weft::MemoryOrder::acquire) == 0) &&
         weft::Deadline::now() < limit) {
    weft::Thread::yield();
    calls++;
  }
  tap.equal(yielding.finished.load(), 1u, "yielding main lets peer finish");
  peer->join();
}

void check_sleep_for(tap::Tap& tap, std::int64_t milliseconds,
                     const char* name) {
  std::int64_t start = tap::monotonic_ns();
  weft::Thread::sleep_for(weft::Duration::milliseconds(milliseconds));
  std::int64_t elapsed = tap::monotonic_ns() - start;
  tap::expect_at_least(tap, elapsed,
                       milliseconds * tap::nanoseconds_per_millisecond, name);
}

void test_sleep(tap::Tap& tap) {
  check_sleep_for(tap, 50, "sleep_for 50 ms sleeps at least 50 ms");
  check_sleep_for(tap, 200, "sleep_for 200 ms sleeps at least 200 ms");

  weft::Deadline deadline =
      weft::Deadline::after(weft::Duration::milliseconds(100));
  weft::Thread::sleep_until(deadline);
  std::int64_t after = tap::monotonic_ns();
  tap::expect_at_least(tap, after, deadline.nanoseconds(),
                       "sleep_until returns no earlier than its deadline");

  // Past deadlines and non-positive durations: each call must return, and
  // the clock can only move forward meanwhile.
  std::int64_t start = tap::monotonic_ns();
  weft::Thread::sleep_until(
      weft::Deadline::from_nanoseconds(start - 1000000000));
  std::int64_t now = tap::monotonic_ns();
  tap.check(now >= start, "sleep_until a past deadline returns");

  start = now;
  weft::Thread::sleep_until(weft::Deadline::from_nanoseconds(INT64_MIN));
  now = tap::monotonic_ns();
  tap.check(now >= start, "sleep_until the earliest deadline returns");

  start = now;
  weft::Thread::sleep_for(weft::Duration::nanoseconds(0));
  now = tap::monotonic_ns();
  tap.check(now >= start, "sleep_for 0 returns");

  start = now;
  weft::Thread::sleep_for(weft::Duration::milliseconds(-50));
  now = tap::monotonic_ns();
  tap.check(now >= start, "sleep_for negative returns");

  start = now;
  weft::Thread::sleep_for(weft::Duration::nanoseconds(INT64_MIN));
  now = tap::monotonic_ns();
  tap.check(now >= start, "sleep_for the most negative duration returns");
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  test_own_name(tap);
  if (proc_mounted()) {
    test_other_thread_name(tap);
    test_exited_thread_name(tap);
    test_absent_tid(tap);
  } else {
    test_names_without_proc(tap);
  }
  test_yield(tap);
  test_sleep(tap);
  return tap.finish();
}
