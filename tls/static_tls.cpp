// SPDX-License-Identifier: MIT
#include "static_tls.hpp"

#include <linux/elf.h>

#include "checked_math.hpp"
#include "syscalls.hpp"

namespace weft {

namespace {

#if __SIZEOF_POINTER__ == 8
using ProgramHeader = Elf64_Phdr;
#else
using ProgramHeader = Elf32_Phdr;
#endif

// Zero-initialised, so it sits in .bss; set_tls_image fills it in before
// anything reads it.
TlsImage tls_image{.align = 0};
TlsPlan planned;
std::uintptr_t guard_value;

} // namespace

TlsImage find_tls_image(const void* phdrs, std::size_t count) {
  auto headers = static_cast<const ProgramHeader*>(phdrs);
  // A position-independent program is loaded at an offset from its link
  // address; PT_PHDR gives it away. A fixed-address program has none.
  std::uintptr_t bias = 0;
  for (std::size_t i = 0; i < count; i++) {
    if (headers[i].p_type == PT_PHDR)
      bias = reinterpret_cast<std::uintptr_t>(phdrs) - headers[i].p_vaddr;
  }
  for (std::size_t i = 0; i < count; i++) {
    const ProgramHeader& header = headers[i];
    if (header.p_type != PT_TLS)
      continue;
    TlsImage image;
    image.address = bias + header.p_vaddr;
    image.image = reinterpret_cast<const void*>(image.address);
    image.file_size = header.p_filesz;
    image.memory_size = header.p_memsz;
    image.align = header.p_align;
    return image;
  }
  return {};
}

Result<void> set_tls_image(const TlsImage& image, std::uintptr_t stack_guard) {
  auto plan = plan_tls(arch::tls_abi, image);
  if (!plan)
    return plan.error();
  tls_image = image;
  planned = *plan;
  guard_value = stack_guard;
  return {};
}

const TlsPlan& tls_plan() { return planned; }

void* initialise_tls_area(void* area) {
  auto base = static_cast<unsigned char*>(area);
  auto image = static_cast<const unsigned char*>(tls_image.image);
  // The whole area starts zeroed: .tbss, the TCB words the ABI leaves to
  // the runtime, and the padding. A reused thread region still contains
  // what its last thread left there.
  for (std::size_t i = 0; i < planned.size; i++)
    base[i] = 0;
  unsigned char* block = base + planned.block_offset;
  for (std::size_t i = 0; i < tls_image.file_size; i++)
    block[i] = image[i];

  unsigned char* thread_pointer = base + planned.thread_pointer_offset;
  if (arch::tls_abi.variant == TlsVariant::two) {
    // The first word of a variant II TCB is the thread pointer itself, so
    // code can read the thread pointer's value with one load through it.
    *reinterpret_cast<void**>(thread_pointer) = thread_pointer;
  }
  // An offset of -1 means the guard is a global. Other offsets may be
  // negative, because some variant I ABIs keep the guard below the thread
  // pointer.
  if (arch::tls_abi.stack_guard_offset != -1) {
    *reinterpret_cast<std::uintptr_t*>(
        thread_pointer + arch::tls_abi.stack_guard_offset) = guard_value;
  }
  return thread_pointer;
}

// The main thread's TLS area when it is small, as it is for a program
// with a few thread_local variables or none: in .bss, so start-up needs no
// mmap for it.
constexpr std::size_t static_area_size = 512;
constexpr std::size_t static_area_align = 64;
alignas(static_area_align) unsigned char static_area[static_area_size];

Result<void> install_main_thread_tls() {
  void* area = static_area;
  bool mapped =
      planned.size > static_area_size || planned.align > static_area_align;
  if (mapped) {
    // mmap returns page-aligned memory; a TLS alignment above the page
    // size is not honoured here or in the thread regions.
    auto mapping = sys::mmap(nullptr, planned.size, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS);
    if (!mapping)
      return mapping.error();
    area = *mapping;
  }
  long status = arch::set_thread_pointer(initialise_tls_area(area));
  if (is_syscall_error(status)) {
    if (mapped)
      (void)sys::munmap(area, planned.size);
    return Errno(static_cast<int>(-status));
  }
  return {};
}

} // namespace weft
