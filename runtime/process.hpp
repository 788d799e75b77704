// SPDX-License-Identifier: MIT
// The process facts gathered at start-up, and process exit.
#pragma once

#include <cstddef>

namespace weft {

struct ProcessInfo {
  int argc;
  char** argv;
  char** envp;
  const unsigned long* auxv;
  std::size_t page_size; // from AT_PAGESZ
};

// Filled in by start-up before static constructors run.
const ProcessInfo& process();

// Runs the functions registered with atexit/__cxa_atexit and .fini_array,
// newest first, then ends every thread of the process with status.
[[noreturn]] void exit(int status);

// Writes "weft: " and message to standard error and ends the process with
// status 127. For programmer errors and start-up failures.
[[noreturn]] void fatal(const char* message);

} // namespace weft
