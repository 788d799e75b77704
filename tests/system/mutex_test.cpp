// SPDX-License-Identifier: MIT
// Mutex and LockGuard: try_lock on free and held mutexes, release at scope
// end, exclusion under contention from 8 threads, a blocked lock that waits
// for the holder, and uncontended operations that make no futex call.
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <linux/filter.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>

#include "tap.hpp"
#include "waiting.hpp"
#include "weft.hpp"

namespace {

using tap::Crew;
using tap::monotonic_ns;
using tap::nanoseconds_per_millisecond;
using tap::poll_until_at_least;
using tap::small_stack;
using tap::wait_until_asleep;
using weft::Atomic;
using weft::MemoryOrder;
using weft::Mutex;

// Each test returns false when a thread got stuck, and main then stops.

bool test_try_lock(tap::Tap& tap) {
  Mutex mutex;
  tap.check(mutex.try_lock(), "try_lock on a free mutex succeeds");
  tap.check(!mutex.try_lock(), "try_lock on a held mutex fails");

  bool other_thread_got_it = true;
  Crew<1> crew;
  crew.spawn([&] {
    other_thread_got_it = mutex.try_lock();
    if (other_thread_got_it)
      mutex.unlock();
  });
  if (!tap.check(crew.join(), "try_lock thread returns"))
    return false;
  tap.check(!other_thread_got_it, "try_lock from another thread fails");

  mutex.unlock();
  tap.check(mutex.try_lock(), "try_lock after unlock succeeds");
  mutex.unlock();

  mutex.lock();
  tap.check(!mutex.try_lock(), "try_lock after lock fails");
  mutex.unlock();

  bool got_after_unlock = false;
  Crew<1> second;
  second.spawn([&] {
    got_after_unlock = mutex.try_lock();
    if (got_after_unlock)
      mutex.unlock();
  });
  if (!tap.check(second.join(), "second try_lock thread returns"))
    return false;
  tap.check(got_after_unlock, "another thread locks after unlock");
  return true;
}

void test_lock_guard(tap::Tap& tap) {
  Mutex mutex;
  {
    weft::LockGuard guard(mutex);
    static_assert(std::is_same_v<decltype(guard), weft::LockGuard<weft::Mutex>>,
                  "LockGuard deduces its lock type");
    tap.check(!mutex.try_lock(), "LockGuard holds the mutex");
  }
  bool released = mutex.try_lock();
  tap.check(released, "LockGuard releases at scope end");
  if (released)
    mutex.unlock();
}

// Before the first spawn Mutex uses plain loads and stores. A mutex taken
// then and released after the first spawn must still exclude the new
// thread, and then let it in.
void test_lock_across_first_spawn(tap::Tap& tap) {
  Mutex mutex;
  mutex.lock();
  tap.check(!mutex.try_lock(), "single-threaded lock holds the mutex");
  mutex.unlock();
  tap.check(mutex.try_lock(), "single-threaded unlock releases it");
  mutex.unlock();

  mutex.lock();
  Atomic<std::uint32_t> tried{0};
  auto other = weft::Thread::spawn(
      tap::small_stack,
      [](Mutex* shared, Atomic<std::uint32_t>* attempt) {
        bool excluded = !shared->try_lock();
        attempt->store(1, MemoryOrder::release);
        shared->lock();
        shared->unlock();
        return excluded;
      },
      &mutex, &tried);
  if (!tap.check(other.has_value(), "spawn the first thread"))
    return;
  // Unlock only after the thread has tried, then sleep a little so that it
  // is likely asleep in lock and needs the wake-up.
  (void)tap::poll_until_at_least(tried, 1);
  tap::sleep_ms(20);
  mutex.unlock();
  tap.check(other->join(), "a lock from before the first spawn excludes");
  tap.check(mutex.try_lock(), "the new thread released the mutex");
  mutex.unlock();
}

// Many threads increment a plain counter under the mutex. Without
// exclusion, increments are lost and the total falls short.
struct CounterState {
  Mutex mutex;
  long counter = 0;
  // Threads inside the critical section, and how often one found another
  // already there.
  Atomic<std::uint32_t> inside{0};
  Atomic<std::uint32_t> overlaps{0};
  Atomic<std::uint32_t> ready{0};
  Atomic<std::uint32_t> go{0};
};

bool test_counter_stress(tap::Tap& tap) {
  constexpr int threads = 8;
  constexpr long increments = 20000;
  CounterState state;
  Crew<threads> crew;
  for (int i = 0; i < threads; i++) {
    crew.spawn([&state] {
      state.ready.fetch_add(1);
      // Start together, so that the threads contend from the first lock.
      while (state.go.load(MemoryOrder::acquire) == 0)
        weft::Thread::yield();
      for (long n = 0; n < increments; n++) {
        state.mutex.lock();
        if (state.inside.fetch_add(1, MemoryOrder::relaxed) != 0)
          state.overlaps.fetch_add(1, MemoryOrder::relaxed);
        state.counter = state.counter + 1;
        state.inside.fetch_sub(1, MemoryOrder::relaxed);
        state.mutex.unlock();
      }
    });
  }
  (void)poll_until_at_least(state.ready, threads);
  state.go.store(1, MemoryOrder::release);
  if (!tap.check(crew.join(), "8 contending threads finish"))
    return false;
  tap.equal(state.counter, threads * increments,
            "8 threads x 20000 increments");
  tap.equal(state.overlaps.load(), 0u, "no two threads inside at once");
  return true;
}

// The main thread holds the mutex for 20 ms while another thread is
// blocked in lock: that thread must get in only after the unlock.
bool test_blocked_lock_waits(tap::Tap& tap) {
  constexpr std::int64_t hold_ns = 20 * nanoseconds_per_millisecond;
  Mutex mutex;
  Atomic<std::uint32_t> arrived{0};
  Atomic<std::uint32_t> acquired{0};
  // Tickets record the order of the unlock and the waiter's entry.
  Atomic<std::uint32_t> next_ticket{1};
  std::uint32_t unlock_ticket = 0;
  std::uint32_t entry_ticket = 0;
  std::int64_t lock_called = 0;
  std::int64_t lock_returned = 0;

  mutex.lock();
  Crew<1> crew;
  crew.spawn([&] {
    lock_called = monotonic_ns();
    arrived.store(1);
    mutex.lock();
    lock_returned = monotonic_ns();
    entry_ticket = next_ticket.fetch_add(1);
    acquired.store(1);
    mutex.unlock();
  });
  bool asleep =
      poll_until_at_least(arrived, 1) && wait_until_asleep(crew.tid(0));
  tap.check(asleep, "blocked lock sleeps");
  tap::sleep_ms(hold_ns / nanoseconds_per_millisecond);
  tap.equal(acquired.load(), 0u, "lock blocks while the mutex is held");
  unlock_ticket = next_ticket.fetch_add(1);
  mutex.unlock();

  if (!tap.check(crew.join(), "blocked lock returns after unlock"))
    return false;
  if (entry_ticket <= unlock_ticket) {
    tap.output() << "# unlock ticket " << unlock_ticket << ", entry ticket "
                 << entry_ticket << '\n';
  }
  tap.check(entry_ticket > unlock_ticket, "waiter enters after the unlock");
  std::int64_t blocked_ns = lock_returned - lock_called;
  if (blocked_ns < hold_ns)
    tap.output() << "# blocked for " << blocked_ns << " ns\n";
  tap.check(blocked_ns >= hold_ns, "waiter blocked for the 20 ms hold");
  return true;
}

// Four threads asleep in lock: each unlock must pass the mutex on, so all
// four get in although the main thread unlocks only once.
bool test_blocked_lockers_chain(tap::Tap& tap) {
  constexpr int lockers = 4;
  Mutex mutex;
  Atomic<std::uint32_t> arrived{0};
  int entries = 0;

  mutex.lock();
  Crew<lockers> crew;
  for (int i = 0; i < lockers; i++) {
    crew.spawn([&] {
      arrived.fetch_add(1);
      mutex.lock();
      entries++;
      mutex.unlock();
    });
  }
  bool asleep = poll_until_at_least(arrived, lockers);
  for (int i = 0; i < lockers; i++)
    asleep = asleep && wait_until_asleep(crew.tid(i));
  tap.check(asleep, "four blocked lockers sleep");
  mutex.unlock();
  if (!tap.check(crew.join(), "four blocked lockers all get in"))
    return false;
  tap.equal(entries, lockers, "each blocked locker entered once");
  return true;
}

// Installs, on the calling thread only, a seccomp filter that kills the
// thread at its first futex system call. Returns false where no filter can
// be installed. qemu-user is one such place: its do_prctl
// (linux-user/syscall.c) rejects PR_SET_SECCOMP with EINVAL, so that the
// guest cannot filter the emulator's own system calls.
bool forbid_futex_calls() {
  std::uint32_t futex_number =
      static_cast<std::uint32_t>(weft::sys::futex_number());
  // 32-bit targets also have the futex call with 32-bit times.
#ifdef __NR_futex
  std::uint32_t old_futex_number = __NR_futex;
#else
  std::uint32_t old_futex_number = futex_number;
#endif
  sock_filter instructions[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, futex_number, 1, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, old_futex_number, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog program{
      .len = sizeof(instructions) / sizeof(instructions[0]),
      .filter = instructions,
  };
  // Without CAP_SYS_ADMIN the kernel accepts a filter only from a thread
  // that can gain no privileges.
  if (!weft::sys::prctl(PR_SET_NO_NEW_PRIVS, 1))
    return false;
  return weft::sys::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER,
                          reinterpret_cast<unsigned long>(&program))
      .has_value();
}

// What a thread under the futex filter got to do.
struct FilteredRun {
  bool filtered = false;
  bool completed = false;
};

// Runs body on a new thread under the futex filter. The thread is joined
// directly, since the kernel clears its tid word also when the filter kills
// it. Returns false when the thread could not be spawned.
template <class Body> bool run_filtered(FilteredRun& run, Body body) {
  auto handle = weft::Thread::spawn(
      small_stack,
      [](FilteredRun* outcome, Body work) {
        outcome->filtered = forbid_futex_calls();
        if (!outcome->filtered)
          return;
        work();
        outcome->completed = true;
      },
      &run, body);
  if (!handle)
    return false;
  handle->join();
  return true;
}

void test_uncontended_makes_no_futex_call(tap::Tap& tap) {
  // First show that the filter catches a futex call, so that a thread
  // that completes below really made none.
  Atomic<std::uint32_t> word{0};
  FilteredRun probe;
  bool spawned =
      run_filtered(probe, [&word] { (void)weft::Futex::wake(word, 1); });
  if (!tap.check(spawned, "spawn filtered thread"))
    return;
  if (!probe.filtered) {
    tap.skip("filter ends a thread at a futex call",
             "seccomp filter rejected, as under qemu-user");
    tap.skip("uncontended mutex makes no futex call",
             "seccomp filter rejected, as under qemu-user");
    return;
  }
  tap.check(!probe.completed, "filter ends a thread at a futex call");

  FilteredRun uncontended;
  spawned = run_filtered(uncontended, [] {
    Mutex mutex;
    for (int i = 0; i < 1000; i++) {
      mutex.lock();
      mutex.unlock();
      if (mutex.try_lock())
        mutex.unlock();
      weft::LockGuard guard(mutex);
    }
  });
  tap.check(spawned && uncontended.completed,
            "uncontended mutex makes no futex call");
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  test_lock_guard(tap);
  test_lock_across_first_spawn(tap);
  test_uncontended_makes_no_futex_call(tap);
  bool running = test_try_lock(tap) && test_counter_stress(tap) &&
                 test_blocked_lock_waits(tap) &&
                 test_blocked_lockers_chain(tap);
  if (!running)
    tap.note("a thread is stuck in a mutex; later checks did not run");
  return tap.finish();
}
