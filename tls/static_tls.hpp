// SPDX-License-Identifier: MIT
// The program's static TLS: found once from the program headers at start-up,
// then used to build the main thread's TLS area and every new thread's.
#pragma once

#include <cstddef>
#include <cstdint>

#include "result.hpp"
#include "tls_plan.hpp"

namespace weft {

// Returns the PT_TLS segment among the program headers at phdrs (from
// AT_PHDR, AT_PHNUM), relocated by the load bias that PT_PHDR reveals, or an
// empty image when the program has no TLS.
TlsImage find_tls_image(const void* phdrs, std::size_t count);

// Plans the areas of this program's threads; call once before any other
// function below. Returns EINVAL for a PT_TLS segment the planner rejects.
Result<void> set_tls_image(const TlsImage& image, std::uintptr_t stack_guard);

// The plan made by set_tls_image.
const TlsPlan& tls_plan();

// Fills an area of tls_plan().size bytes, aligned to tls_plan().align, whose
// old contents do not matter: zeroes it, copies .tdata, writes the TCB.
// Returns the thread pointer.
void* initialise_tls_area(void* area);

// Maps, initialises and installs the calling thread's TLS area. Used once,
// for the main thread.
Result<void> install_main_thread_tls();

} // namespace weft
