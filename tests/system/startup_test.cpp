// SPDX-License-Identifier: MIT
// Start-up: argc, argv and envp as the kernel passed them, the auxiliary
// vector, .preinit_array before .init_array before main, and thread-safe
// initialisation of function-local statics.
#include <cstdint>

#include <linux/auxvec.h>

#include "auxv.hpp"
#include "tap.hpp"
#include "weft.hpp"

extern "C" unsigned long __getauxval(unsigned long type);
extern "C" std::uintptr_t __stack_chk_guard;

namespace {

// Each constructor records the step at which it ran. The count is
// volatile so that the compiler cannot run Constructed's constructor at
// compile time and drop it from .init_array, which clang does when the
// constructor only writes plain globals of its own translation unit.
volatile int step = 0;
int preinit_step = -1;
int constructor_step = -1;

int next_step() {
  int next = step + 1;
  step = next;
  return next;
}

void record_preinit(int, char**, char**) { preinit_step = next_step(); }

[[gnu::used, gnu::section(".preinit_array")]] void (*preinit_entry)(
    int, char**, char**) = record_preinit;

struct Constructed {
  Constructed() { constructor_step = next_step(); }
};
Constructed constructed;

bool same_text(const char* a, const char* b) {
  for (; *a != '\0' && *a == *b; a++, b++) {
  }
  return *a == *b;
}

const char* find_environment(char** envp, const char* name) {
  for (; *envp != nullptr; envp++) {
    const char* entry = *envp;
    const char* key = name;
    for (; *key != '\0' && *entry == *key; entry++, key++) {
    }
    if (*key == '\0' && *entry == '=')
      return entry + 1;
  }
  return nullptr;
}

weft::Atomic<std::uint32_t> static_constructions{0};

struct Slow {
  Slow() {
    static_constructions.fetch_add(1);
    // Give the other threads time to reach the guard meanwhile.
    for (int i = 0; i < 100; i++)
      weft::sys::sched_yield();
    value = 77;
  }
  int value;
};

int read_local_static(weft::ResetEvent* start) {
  start->wait();
  static Slow slow;
  return slow.value;
}

void test_local_static(tap::Tap& tap) {
  constexpr int racers = 8;
  tap::HandleArray<int, racers> handles;
  weft::ResetEvent start;
  for (int i = 0; i < racers; i++) {
    auto handle = weft::Thread::spawn({.stack_size = 64 * 1024},
                                      read_local_static, &start);
    if (!handles.add(handle))
      break;
  }
  int spawned = handles.size();
  start.set();
  int correct = 0;
  for (int i = 0; i < spawned; i++) {
    correct += handles[i].join() == 77;
  }
  tap.equal(spawned, racers, "8 racing threads spawned");
  tap.equal(correct, racers, "every racer sees the initialised static");
  tap.equal(static_constructions.load(), 1U,
            "function-local static constructed once");
}

} // namespace

int main(int argc, char** argv, char** envp) {
  tap::Tap tap;
  tap.equal(argc, 4, "argc");
  tap.check(argc > 1 && same_text(argv[1], "alpha"), "argv[1]");
  tap.check(argc > 2 && same_text(argv[2], "beta gamma"), "argv[2]");
  tap.check(argc > 3 && same_text(argv[3], ""), "argv[3] empty");
  tap.check(argv[argc] == nullptr, "argv ends with null");
  tap.check(envp == argv + argc + 1, "envp follows argv");
  const char* value = find_environment(envp, "WEFT_STARTUP_CHECK");
  tap.check(value != nullptr && same_text(value, "present"),
            "environment variable passed");

  const weft::ProcessInfo& info = weft::process();
  bool found = false;
  unsigned long page = weft::find_auxv(info.auxv, AT_PAGESZ, &found);
  tap.check(found, "AT_PAGESZ present");
  tap.equal(info.page_size, page, "page size is AT_PAGESZ");
  tap.check(page >= 4096 && (page & (page - 1)) == 0,
            "page size is a power of two");
  tap.equal(__getauxval(AT_PAGESZ), page, "__getauxval(AT_PAGESZ)");
  tap.equal(info.argc, argc, "process().argc");

  tap.equal(preinit_step, 1, ".preinit_array ran first");
  tap.equal(constructor_step, 2, ".init_array ran second");
  tap.check(__stack_chk_guard != 0, "stack guard set from AT_RANDOM");

  // A 1-byte atomic is a libgcc helper call on some targets (aarch64
  // outline atomics), whose set-up reads the hardware capabilities.
  weft::Atomic<unsigned char> small{200};
  small.fetch_add(55);
  tap.equal(static_cast<int>(small.load()), 255, "1-byte atomic add");

  test_local_static(tap);
  return tap.finish();
}
