// SPDX-License-Identifier: MIT
// Process start-up and exit. The arch's _start passes the initial stack
// pointer to weft_start_main, which runs before any TLS exists, so nothing
// here may touch a thread_local until install_main_thread_tls has run.
#include "process.hpp"

#include <cstdint>

#include <linux/auxvec.h>

#include "auxv.hpp"
#include "output.hpp"
#include "static_tls.hpp"
#include "syscalls.hpp"
#include "thread.hpp"

// The program's main, declared as the program defines it, outside extern
// "C": GCC gives main C linkage either way, but clang treats main as an
// ordinary C++ function under -ffreestanding and mangles its name.
int main(int argc, char** argv, char** envp);

extern "C" {

// Bounds of the function-pointer arrays, defined by the linker script.
extern void (*__preinit_array_start[])(int, char**, char**);
extern void (*__preinit_array_end[])(int, char**, char**);
extern void (*__init_array_start[])(int, char**, char**);
extern void (*__init_array_end[])(int, char**, char**);
extern void (*__fini_array_start[])();
extern void (*__fini_array_end[])();

// The stack protector's guard on ABIs that keep it in a global.
std::uintptr_t __stack_chk_guard;

[[noreturn]] void weft_start_main(std::uintptr_t* initial_stack);
void weft_run_exit_handlers();
}

namespace weft {

namespace {

ProcessInfo info;

std::uintptr_t read_random_word(const void* random_bytes) {
  std::uintptr_t value = 0;
  auto bytes = static_cast<const unsigned char*>(random_bytes);
  for (std::size_t i = 0; random_bytes && i < sizeof(value); i++)
    value = (value << 8) | bytes[i];
  // A zero low byte stops string overflows from reading past the guard.
  return value & ~static_cast<std::uintptr_t>(0xff);
}

} // namespace

const ProcessInfo& process() { return info; }

[[noreturn]] void fatal(const char* message) {
  Output error(2);
  error << "weft: " << message << '\n';
  (void)error.flush();
  sys::exit_group(127);
}

[[noreturn]] void exit(int status) {
  weft_run_exit_handlers();
  for (auto* entry = __fini_array_end; entry != __fini_array_start;)
    (*--entry)();
  sys::exit_group(status);
}

} // namespace weft

extern "C" [[noreturn]] void weft_start_main(std::uintptr_t* initial_stack) {
  using namespace weft;
  info.argc = static_cast<int>(initial_stack[0]);
  info.argv = reinterpret_cast<char**>(initial_stack + 1);
  info.envp = info.argv + info.argc + 1;
  info.auxv = auxv_after(info.envp);

  AuxValues aux = parse_auxv(info.auxv);
  info.page_size = aux.page_size;
  if (info.page_size == 0 || (info.page_size & (info.page_size - 1)) != 0)
    fatal("the kernel gave no valid AT_PAGESZ");

  std::uintptr_t guard = read_random_word(aux.random_bytes);
  __stack_chk_guard = guard;
  TlsImage image =
      find_tls_image(aux.program_headers, aux.program_header_count);
  if (!set_tls_image(image, guard) || tls_plan().align > info.page_size)
    fatal("the PT_TLS segment is invalid or aligned above the page size");
  if (!install_main_thread_tls())
    fatal("cannot set up the main thread's TLS");
  detail::initialise_main_thread();

  for (auto* entry = __preinit_array_start; entry != __preinit_array_end;
       entry++)
    (*entry)(info.argc, info.argv, info.envp);
  for (auto* entry = __init_array_start; entry != __init_array_end; entry++)
    (*entry)(info.argc, info.argv, info.envp);

  weft::exit(main(info.argc, info.argv, info.envp));
}

// libgcc's aarch64 outline atomics ask for AT_HWCAP through this function
// from a constructor, to choose LSE instructions when the CPU has them.
// Constructors run after start-up has found the auxiliary vector.
extern "C" unsigned long __getauxval(unsigned long type) {
  bool found = false;
  if (weft::info.auxv == nullptr)
    return 0;
  return weft::find_auxv(weft::info.auxv, type, &found);
}

extern "C" [[noreturn]] void __stack_chk_fail() {
  weft::fatal("stack smashing detected");
}
