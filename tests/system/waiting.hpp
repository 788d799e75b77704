// SPDX-License-Identifier: MIT
// Bounded waits for the system tests: a thread stuck in a broken primitive
// fails a check after a time limit instead of hanging the test.
#pragma once

#include <cstdint>

#include "tap.hpp"
#include "weft.hpp"

namespace tap {

constexpr weft::SpawnConfig small_stack{.stack_size = 64 * 1024};

constexpr std::int64_t nanoseconds_per_millisecond = 1000 * 1000;

// How long a check waits for another thread before it fails: far beyond
// any emulator's delay, so only a lost wake-up or a hang reaches it.
constexpr std::int64_t hang_limit_ns = 60 * 1000 * nanoseconds_per_millisecond;
constexpr weft::Duration hang_limit =
    weft::Duration::nanoseconds(hang_limit_ns);

// CLOCK_MONOTONIC in nanoseconds, read with the clock_gettime system call,
// so that measurements do not depend on weft's Deadline code.
inline std::int64_t monotonic_ns() {
  weft::sys::Timespec time{};
  if (!weft::sys::clock_gettime(CLOCK_MONOTONIC, &time))
    weft::fatal("clock_gettime(CLOCK_MONOTONIC) failed");
  return static_cast<std::int64_t>(time.tv_sec) * 1000000000 + time.tv_nsec;
}

// Polls value every millisecond until it reaches at least minimum. Returns
// false when limit_ns passes first. Sleeping between loads keeps the
// primitives under test out of the waiting.
inline bool poll_until_at_least(const weft::Atomic<std::uint32_t>& value,
                                std::uint32_t minimum,
                                std::int64_t limit_ns = hang_limit_ns) {
  std::int64_t end = monotonic_ns() + limit_ns;
  while (value.load(weft::MemoryOrder::acquire) < minimum) {
    if (monotonic_ns() > end)
      return false;
    sleep_ms(1);
  }
  return true;
}

// The timeout of waits that only a broken primitive reaches: hang_limit at
// first. Once one wait has run into it the primitive is known to be broken,
// and later waits get 5 s, which keeps the test under meson's 300 s.
class GenerousTimeout {
public:
  weft::Duration operator()() const {
    return broken_.load(weft::MemoryOrder::relaxed) != 0
               ? weft::Duration::seconds(5)
               : hang_limit;
  }

  // Records that a wait ran into the timeout.
  void mark_broken() { broken_.store(1, weft::MemoryOrder::relaxed); }

  // Polls counter until it reaches target or the timeout passes, and
  // returns the last value read. Marks the primitive broken when the
  // timeout passed first.
  std::uint32_t wait_for_count(const weft::Atomic<std::uint32_t>& counter,
                               std::uint32_t target) {
    (void)poll_until_at_least(counter, target, (*this)().count());
    std::uint32_t value = counter.load(weft::MemoryOrder::acquire);
    if (value < target)
      mark_broken();
    return value;
  }

private:
  weft::Atomic<std::uint32_t> broken_{0};
};

// Opens /proc/self/task/<tid>/<file> for reading. Fails with ENOENT when
// tid is not positive, and fails when /proc is not mounted or thread tid
// has exited.
inline weft::Result<int> open_task_file(int tid, const char* file) {
  if (tid <= 0)
    return weft::Errno(ENOENT);
  char path[64] = "/proc/self/task/";
  std::size_t length = 16;
  char digits[12];
  int digit_count = 0;
  for (; tid > 0; tid /= 10)
    digits[digit_count++] = static_cast<char>('0' + tid % 10);
  while (digit_count > 0)
    path[length++] = digits[--digit_count];
  path[length++] = '/';
  for (; *file != '\0' && length + 1 < sizeof(path); file++)
    path[length++] = *file;
  path[length] = '\0';
  return weft::sys::openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
}

// The state letter of thread tid in /proc/self/task/<tid>/stat: 'S' while
// it sleeps in a system call such as a futex wait, 'R' while it runs, and
// 0 when the file cannot be read.
inline char thread_state(int tid) {
  auto fd = open_task_file(tid, "stat");
  if (!fd)
    return 0;
  char buffer[512];
  auto got = weft::sys::read(*fd, buffer, sizeof(buffer));
  (void)weft::sys::close(*fd);
  if (!got)
    return 0;
  // The thread's name is in parentheses and may contain ')' itself, so
  // the state is the letter after the last one.
  std::size_t name_end = 0;
  for (std::size_t i = 0; i < *got; i++) {
    if (buffer[i] == ')')
      name_end = i;
  }
  if (name_end == 0 || name_end + 2 >= *got)
    return 0;
  return buffer[name_end + 2];
}

// Waits until thread tid sleeps in the kernel: its state is 'S' in five
// polls in a row, 1 ms apart. One 'S' is not enough, because under
// qemu-user a thread can stop briefly on one of the emulator's own locks on
// its way into the wait. qemu-user runs each guest thread as a host thread
// with the same tid, so /proc shows it under emulation too. Returns false
// after the hang limit.
inline bool wait_until_asleep(int tid) {
  std::int64_t end = monotonic_ns() + hang_limit_ns;
  int in_a_row = 0;
  while (in_a_row < 5) {
    char state = thread_state(tid);
    if (state == 0) {
      // NOTE: without /proc the sleep cannot be seen, and 100 ms is only
      // likely to be enough for the thread to reach its wait.
      sleep_ms(100);
      return true;
    }
    in_a_row = state == 'S' ? in_a_row + 1 : 0;
    if (monotonic_ns() > end)
      return false;
    sleep_ms(1);
  }
  return true;
}

// Ends the program when a thread is stuck in a wait, because such a thread
// cannot be joined. meson reports the bail-out as a failure.
[[noreturn]] inline void bail_out(Tap& tap, const char* reason) {
  tap.output() << "Bail out! " << reason << '\n';
  (void)tap.output().flush();
  weft::exit(1);
}

// The threads of one check. join polls until every thread has returned,
// so a thread stuck in a broken primitive fails the check after the hang
// limit instead of hanging the test. Stuck threads are then detached, and
// the caller must stop testing, because they still use its stack frame.
template <int capacity> class Crew {
public:
  Crew() = default;
  Crew(const Crew&) = delete;
  Crew& operator=(const Crew&) = delete;

  // Starts body() on a new thread. Returns false when spawn failed.
  template <class Body> bool spawn(Body body) {
    auto handle = weft::Thread::spawn(
        small_stack,
        [](Crew* crew, Body work) {
          work();
          crew->finished_.fetch_add(1, weft::MemoryOrder::release);
        },
        this, body);
    if (handles_.add(handle))
      return true;
    spawn_failed_ = true;
    return false;
  }

  // The kernel id of thread index, or -1 when it was not started.
  int tid(int index) {
    return index < handles_.size() ? handles_[index].id() : -1;
  }

  // Returns true when every thread was started and has returned within
  // twice the hang limit, which leaves time for threads whose own timed
  // waits give up at the hang limit. Must be called before destruction.
  bool join() {
    bool finished = poll_until_at_least(
        finished_, static_cast<std::uint32_t>(handles_.size()),
        2 * hang_limit_ns);
    for (int i = 0; i < handles_.size(); i++) {
      if (finished)
        handles_[i].join();
      else
        handles_[i].detach();
    }
    return finished && !spawn_failed_;
  }

private:
  HandleArray<void, capacity> handles_;
  weft::Atomic<std::uint32_t> finished_{0};
  bool spawn_failed_ = false;
};

// Runs function on a new thread and returns its result, or fails check
// name and bails out if it has not returned within the hang limit, so that
// a wait that never returns fails the test instead of hanging it.
template <class Function>
auto run_bounded(Tap& tap, const char* name, Function function) {
  weft::Atomic<std::uint32_t> finished{0};
  auto handle = weft::Thread::spawn(
      small_stack,
      [](Function body, weft::Atomic<std::uint32_t>* done) {
        auto result = body();
        done->store(1, weft::MemoryOrder::release);
        return result;
      },
      function, &finished);
  if (!handle)
    bail_out(tap, "spawn failed");
  if (!poll_until_at_least(finished, 1)) {
    tap.check(false, name);
    bail_out(tap, "a wait did not return within 60 s");
  }
  return handle->join();
}

inline const char* result_name(weft::WaitResult result) {
  return result == weft::WaitResult::woken ? "woken" : "timed_out";
}

// Checks that a timed wait returned expected, and prints both results when
// they differ.
inline bool expect_result(Tap& tap, weft::WaitResult actual,
                          weft::WaitResult expected, const char* name) {
  if (actual != expected) {
    tap.output() << "# " << name << ": expected " << result_name(expected)
                 << ", got " << result_name(actual) << '\n';
  }
  return tap.check(actual == expected, name);
}

// Checks that actual_ns is at least minimum_ns, such as a timed-out wait
// that lasted at least the requested time. There is no upper bound, because
// emulated targets can be arbitrarily slow.
inline bool expect_at_least(Tap& tap, std::int64_t actual_ns,
                            std::int64_t minimum_ns, const char* name) {
  if (actual_ns < minimum_ns) {
    tap.output() << "# " << name << ": " << actual_ns
                 << " ns, expected at least " << minimum_ns << " ns\n";
  }
  return tap.check(actual_ns >= minimum_ns, name);
}

} // namespace tap
