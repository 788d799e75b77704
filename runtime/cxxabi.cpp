// SPDX-License-Identifier: MIT
// The C++ ABI hooks that compiled code calls without a C++ runtime library:
// registration of static destructors, guards for function-local statics,
// and traps for calls that can only come from a bug.
#include <cstddef>
#include <cstdint>

#include "process.hpp"
#include "sync.hpp"
#include "syscalls.hpp"

extern "C" {

// Identifies this module to __cxa_atexit; a static program has only one.
[[gnu::visibility("hidden")]] void* __dso_handle = &__dso_handle;

int __cxa_atexit(void (*function)(void*), void* argument, void* dso);
void weft_run_exit_handlers();
}

namespace {

struct ExitHandler {
  void (*function)(void*);
  void* argument;
};

// Handlers live in blocks: one static block, then blocks mapped when it
// fills, so the number of static objects is limited only by memory.
struct HandlerBlock {
  static constexpr std::size_t capacity = 64;
  HandlerBlock* previous;
  std::size_t count;
  ExitHandler handlers[capacity];
};

weft::Mutex handlers_lock;
HandlerBlock first_block;
// nullptr stands for &first_block, so that the program has no initialised
// data for it and the variable stays in .bss.
HandlerBlock* mapped_block = nullptr;

HandlerBlock* newest_block() {
  return mapped_block != nullptr ? mapped_block : &first_block;
}

// Takes the newest handler off the list, or returns false when none is left.
bool pop_handler(ExitHandler* handler) {
  weft::LockGuard guard(handlers_lock);
  HandlerBlock* block = newest_block();
  while (block->count == 0) {
    if (block == &first_block)
      return false;
    // Mapped blocks are not unmapped: the process is ending.
    block = block->previous;
    mapped_block = block == &first_block ? nullptr : block;
  }
  *handler = block->handlers[--block->count];
  return true;
}

// Guard states in the second byte of a guard object; the first byte is the
// "initialised" flag the compiler tests inline.
constexpr unsigned char guard_idle = 0;
constexpr unsigned char guard_pending = 1;

// One futex word wakes every thread waiting for any guard. Initialising a
// static is rare enough that a shared wake-up costs nothing that matters.
weft::Atomic<std::uint32_t> guard_generation{0};
weft::Mutex guard_lock;

} // namespace

extern "C" {

int __cxa_atexit(void (*function)(void*), void* argument, void*) {
  weft::LockGuard guard(handlers_lock);
  HandlerBlock* newest = newest_block();
  if (newest->count == HandlerBlock::capacity) {
    auto mapping =
        weft::sys::mmap(nullptr, sizeof(HandlerBlock), PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS);
    if (!mapping)
      return -1;
    auto* block = static_cast<HandlerBlock*>(*mapping);
    block->previous = newest;
    block->count = 0;
    mapped_block = block;
    newest = block;
  }
  newest->handlers[newest->count++] = {function, argument};
  return 0;
}

// Runs the registered handlers newest first, including any that a handler
// registers while they run.
void weft_run_exit_handlers() {
  ExitHandler handler;
  while (pop_handler(&handler))
    handler.function(handler.argument);
}

// Returns 1 when the caller must run the initialiser, 0 when another
// thread finished it meanwhile. Waits while another thread runs it.
int __cxa_guard_acquire(std::uint64_t* guard_object) {
  auto* bytes = reinterpret_cast<unsigned char*>(guard_object);
  for (;;) {
    std::uint32_t generation =
        guard_generation.load(weft::MemoryOrder::acquire);
    {
      weft::LockGuard guard(guard_lock);
      if (__atomic_load_n(&bytes[0], __ATOMIC_ACQUIRE) != 0)
        return 0;
      if (bytes[1] == guard_idle) {
        bytes[1] = guard_pending;
        return 1;
      }
    }
    weft::Futex::wait(guard_generation, generation);
  }
}

void __cxa_guard_release(std::uint64_t* guard_object) {
  auto* bytes = reinterpret_cast<unsigned char*>(guard_object);
  {
    weft::LockGuard guard(guard_lock);
    bytes[1] = guard_idle;
    // Release: the initialised object is visible to anyone who sees the
    // flag, including the compiler's inline acquire load of byte 0.
    __atomic_store_n(&bytes[0], 1, __ATOMIC_RELEASE);
  }
  guard_generation.fetch_add(1, weft::MemoryOrder::release);
  weft::Futex::wake_all(guard_generation);
}

// The initialiser ended without finishing; with -fno-exceptions this can
// only be reached from code built with exceptions.
void __cxa_guard_abort(std::uint64_t* guard_object) {
  auto* bytes = reinterpret_cast<unsigned char*>(guard_object);
  {
    weft::LockGuard guard(guard_lock);
    bytes[1] = guard_idle;
  }
  guard_generation.fetch_add(1, weft::MemoryOrder::release);
  weft::Futex::wake_all(guard_generation);
}

[[noreturn]] void __cxa_pure_virtual() {
  weft::fatal("pure virtual function called");
}

} // extern "C"

// weft has no heap. A class with a virtual destructor makes the compiler
// emit a deleting destructor that names operator delete, so it must link;
// reaching it means a delete of memory weft never allocated.
void operator delete(void*) noexcept {
  weft::fatal("operator delete called, but weft has no heap");
}

void operator delete(void*, std::size_t) noexcept {
  weft::fatal("operator delete called, but weft has no heap");
}
