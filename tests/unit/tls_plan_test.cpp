// SPDX-License-Identifier: MIT
// plan_tls with each real architecture's constants and with synthetic ABIs
// for the variant I shapes weft does not build for yet. Every plan is checked
// against the layout rules in tls_abi.hpp, and a few against numbers worked
// out by hand.
#include <cerrno>
#include <cstddef>
#include <cstdint>

#include <doctest/doctest.h>

#include "arch_abi_export.hpp"
#include "tls_plan.hpp"

using weft::TlsAbi;
using weft::TlsImage;
using weft::TlsPlan;
using weft::TlsVariant;
using weft::test::aarch64_abi;
using weft::test::x86_64_abi;

namespace {

constexpr std::size_t size_max = SIZE_MAX;

// Returns a variant I ABI with the fields plan_tls reads. The rest are 0.
constexpr TlsAbi variant_one_abi(std::size_t tcb_size, std::size_t tp_bias) {
  TlsAbi abi{};
  abi.variant = TlsVariant::one;
  abi.tcb_size = tcb_size;
  abi.tp_bias = tp_bias;
  return abi;
}

// Variant I with no gap and the thread pointer 0x7000 bytes past the area's
// start, as on ppc and mips.
constexpr TlsAbi biased_abi = variant_one_abi(0, 0x7000);

// Variant I without a gap or a bias, as on riscv.
constexpr TlsAbi gapless_abi = variant_one_abi(0, 0);

// The biased ABI with 32 bytes of TCB words below the gap.
constexpr TlsAbi reserved_abi = [] {
  TlsAbi abi = variant_one_abi(0, 0x7000);
  abi.reserved_below = 32;
  return abi;
}();

// A p_vaddr aligned to every alignment tested here (4096 and below).
constexpr std::uintptr_t image_address = 0x404000;

constexpr std::size_t alignments[] = {1, 2, 4, 8, 16, 64, 256, 4096};

TlsImage make_image(std::uintptr_t address, std::size_t file_size,
                    std::size_t memory_size, std::size_t align) {
  TlsImage image;
  image.address = address;
  image.file_size = file_size;
  image.memory_size = memory_size;
  image.align = align;
  return image;
}

TlsPlan plan_or_fail(const TlsAbi& abi, const TlsImage& image) {
  auto result = weft::plan_tls(abi, image);
  REQUIRE(result.has_value());
  return result.value();
}

int plan_error(const TlsAbi& abi, const TlsImage& image) {
  auto result = weft::plan_tls(abi, image);
  REQUIRE_FALSE(result.has_value());
  return result.error().value();
}

// Checks every rule a plan must follow, whatever the numbers.
void check_layout(const TlsAbi& abi, const TlsImage& image,
                  const TlsPlan& plan) {
  std::size_t align = image.align == 0 ? 1 : image.align;
  std::size_t memory_size = image.memory_size;

  CHECK((plan.align & (plan.align - 1)) == 0);
  CHECK(plan.align >= align);
  CHECK(plan.align >= alignof(void*));
  CHECK(plan.tcb_size == abi.tcb_size);
  CHECK(plan.size > 0);
  CHECK(plan.block_offset + memory_size <= plan.size);
  CHECK(plan.tcb_offset + plan.tcb_size <= plan.size);

  // Any area base aligned to plan.align, here an odd multiple of it, puts
  // the block at an address congruent to the image's.
  std::uintptr_t base = 7 * plan.align;
  CHECK((base + plan.block_offset) % align == image.address % align);

  if (abi.variant == TlsVariant::two) {
    std::size_t thread_pointer = plan.thread_pointer_offset;
    std::size_t distance = thread_pointer - plan.block_offset;
    CHECK(thread_pointer == plan.tcb_offset);
    CHECK(plan.block_offset <= thread_pointer);
    CHECK(plan.block_offset + memory_size <= thread_pointer);
    CHECK(distance >= memory_size);
    // The distance is congruent modulo align, so the smallest one that
    // covers the block lies within align - 1 bytes of memory_size.
    CHECK(distance - memory_size < align);
    CHECK(thread_pointer % align == 0);
    CHECK(thread_pointer % alignof(void*) == 0);
    // No whole alignment unit of padding sits below the block.
    CHECK(plan.block_offset < plan.align);
    CHECK(plan.size == thread_pointer + abi.tcb_size);
  } else {
    // The reserved words come first, then the aligned gap start.
    CHECK(plan.tcb_offset >= abi.reserved_below);
    CHECK(plan.tcb_offset - abi.reserved_below < plan.align);
    CHECK(plan.tcb_offset % plan.align == 0);
    CHECK(plan.block_offset >= plan.tcb_offset + abi.tcb_size);
    CHECK(plan.block_offset - plan.tcb_offset - abi.tcb_size < align);
    CHECK(plan.thread_pointer_offset == plan.tcb_offset + abi.tp_bias);
  }
}

// Plans a range of PT_TLS shapes under abi and checks each layout.
void check_layouts(const TlsAbi& abi) {
  for (std::size_t align : alignments) {
    const std::size_t residues[] = {0, 1, align / 2, align - 1};
    const std::size_t memory_sizes[] = {0,     1,         3,   20,  align - 1,
                                        align, align + 1, 100, 5000};
    for (std::size_t residue : residues) {
      for (std::size_t memory_size : memory_sizes) {
        // A .tdata-only image (no .tbss), a .tbss-only one, and a split.
        const std::size_t file_sizes[] = {memory_size, 0, memory_size / 2};
        for (std::size_t file_size : file_sizes) {
          std::uintptr_t address = image_address + residue % align;
          CAPTURE(align);
          CAPTURE(address);
          CAPTURE(memory_size);
          CAPTURE(file_size);
          TlsImage image = make_image(address, file_size, memory_size, align);
          check_layout(abi, image, plan_or_fail(abi, image));
        }
      }
    }
  }
}

} // namespace

TEST_CASE("x86_64 TLS ABI constants") {
  CHECK(x86_64_abi.tls_abi.variant == TlsVariant::two);
  CHECK(x86_64_abi.tls_abi.tcb_size == 48);
  CHECK(x86_64_abi.tls_abi.tp_bias == 0);
  CHECK(x86_64_abi.tls_abi.stack_guard_offset == 0x28);
  CHECK(x86_64_abi.tls_abi.runtime_word_offset == 0x10);
  CHECK(x86_64_abi.stack_alignment == 16);
  CHECK(x86_64_abi.signal_count == 64);
}

TEST_CASE("aarch64 TLS ABI constants") {
  CHECK(aarch64_abi.tls_abi.variant == TlsVariant::one);
  CHECK(aarch64_abi.tls_abi.tcb_size == 16);
  CHECK(aarch64_abi.tls_abi.tp_bias == 0);
  CHECK(aarch64_abi.tls_abi.stack_guard_offset == -1);
  CHECK(aarch64_abi.tls_abi.runtime_word_offset == 8);
  CHECK(aarch64_abi.stack_alignment == 16);
  CHECK(aarch64_abi.signal_count == 64);
}

TEST_CASE("x86_64 TCB words apart") {
  // Word 0 is the self pointer, and the runtime word and the stack guard are
  // two more 8-byte words inside the TCB.
  const TlsAbi& abi = x86_64_abi.tls_abi;
  constexpr std::size_t word = sizeof(std::uint64_t);
  auto guard = static_cast<std::size_t>(abi.stack_guard_offset);
  auto runtime_word = static_cast<std::size_t>(abi.runtime_word_offset);
  CHECK(guard % word == 0);
  CHECK(runtime_word % word == 0);
  CHECK(guard + word <= abi.tcb_size);
  CHECK(runtime_word + word <= abi.tcb_size);
  CHECK(runtime_word >= word);
  CHECK(guard >= word);
  CHECK(runtime_word != guard);
}

TEST_CASE("aarch64 runtime word in TCB") {
  const TlsAbi& abi = aarch64_abi.tls_abi;
  constexpr std::size_t word = sizeof(std::uint64_t);
  auto runtime_word = static_cast<std::size_t>(abi.runtime_word_offset);
  CHECK(runtime_word % word == 0);
  CHECK(runtime_word + word <= abi.tcb_size);
}

TEST_CASE("tls plan x86_64 layouts") { check_layouts(x86_64_abi.tls_abi); }

TEST_CASE("tls plan aarch64 layouts") { check_layouts(aarch64_abi.tls_abi); }

TEST_CASE("tls plan biased variant I layouts") { check_layouts(biased_abi); }

TEST_CASE("tls plan gapless variant I layouts") { check_layouts(gapless_abi); }

TEST_CASE("tls plan reserved variant I layouts") {
  check_layouts(reserved_abi);
}

TEST_CASE("tls plan reserved words offsets") {
  // 32 reserved bytes round up to the 64-byte alignment; the block starts
  // at the gap, and the thread pointer sits 0x7000 past it.
  TlsPlan plan =
      plan_or_fail(reserved_abi, make_image(image_address, 8, 24, 64));
  CHECK(plan.align == 64);
  CHECK(plan.tcb_offset == 64);
  CHECK(plan.block_offset == 64);
  CHECK(plan.thread_pointer_offset == 64 + 0x7000);
  CHECK(plan.size == 64 + 24);
  // With 8-byte alignment the reserved words need no padding.
  TlsPlan small =
      plan_or_fail(reserved_abi, make_image(image_address, 8, 24, 8));
  CHECK(small.tcb_offset == 32);
  CHECK(small.block_offset == 32);
  CHECK(small.thread_pointer_offset == 32 + 0x7000);
  CHECK(small.size == 56);
}

TEST_CASE("tls plan x86_64 exact offsets") {
  const TlsAbi& abi = x86_64_abi.tls_abi;

  SUBCASE("memsz 20 align 8 aligned") {
    TlsPlan plan = plan_or_fail(abi, make_image(image_address, 20, 20, 8));
    CHECK(plan.thread_pointer_offset == 24);
    CHECK(plan.tcb_offset == 24);
    CHECK(plan.block_offset == 0);
    CHECK(plan.size == 72);
    CHECK(plan.align == 8);
  }

  SUBCASE("memsz 20 align 8 address 4 mod 8") {
    // The block must start at 4 mod 8, and then it fits right below an
    // aligned thread pointer.
    TlsPlan plan = plan_or_fail(abi, make_image(image_address + 4, 20, 20, 8));
    CHECK(plan.thread_pointer_offset == 24);
    CHECK(plan.block_offset == 4);
    CHECK(plan.size == 72);
  }

  SUBCASE("memsz 100 align 64") {
    TlsPlan plan = plan_or_fail(abi, make_image(image_address, 10, 100, 64));
    CHECK(plan.thread_pointer_offset == 128);
    CHECK(plan.block_offset == 0);
    CHECK(plan.size == 176);
    CHECK(plan.align == 64);
  }

  SUBCASE("memsz 1 align 1") {
    // The thread pointer is still pointer-aligned for the TCB.
    TlsPlan plan = plan_or_fail(abi, make_image(image_address, 1, 1, 1));
    CHECK(plan.thread_pointer_offset == 8);
    CHECK(plan.block_offset == 7);
    CHECK(plan.size == 56);
    CHECK(plan.align == 8);
  }

  SUBCASE("memsz 20 align 4096 address 16 mod 4096") {
    TlsPlan plan =
        plan_or_fail(abi, make_image(image_address + 16, 0, 20, 4096));
    CHECK(plan.thread_pointer_offset == 4096);
    CHECK(plan.block_offset == 16);
    CHECK(plan.size == 4144);
    CHECK(plan.align == 4096);
  }
}

TEST_CASE("tls plan aarch64 exact offsets") {
  const TlsAbi& abi = aarch64_abi.tls_abi;

  SUBCASE("memsz 20 align 8") {
    TlsPlan plan = plan_or_fail(abi, make_image(image_address, 20, 20, 8));
    CHECK(plan.thread_pointer_offset == 0);
    CHECK(plan.tcb_offset == 0);
    CHECK(plan.block_offset == 16);
    CHECK(plan.size == 36);
    CHECK(plan.align == 8);
  }

  SUBCASE("memsz 20 align 64") {
    TlsPlan plan = plan_or_fail(abi, make_image(image_address, 20, 20, 64));
    CHECK(plan.block_offset == 64);
    CHECK(plan.size == 84);
    CHECK(plan.align == 64);
  }

  SUBCASE("memsz 20 align 64 address 8 mod 64") {
    TlsPlan plan = plan_or_fail(abi, make_image(image_address + 8, 20, 20, 64));
    CHECK(plan.block_offset == 72);
    CHECK(plan.size == 92);
  }

  SUBCASE("memsz 20 align 8 address 4 mod 8") {
    TlsPlan plan = plan_or_fail(abi, make_image(image_address + 4, 20, 20, 8));
    CHECK(plan.block_offset == 20);
    CHECK(plan.size == 40);
  }

  SUBCASE("memsz 4 align 4") {
    TlsPlan plan = plan_or_fail(abi, make_image(image_address, 4, 4, 4));
    CHECK(plan.block_offset == 16);
    CHECK(plan.size == 20);
    CHECK(plan.align == 8);
  }
}

TEST_CASE("tls plan synthetic variant I offsets") {
  SUBCASE("biased memsz 20 align 16") {
    TlsPlan plan =
        plan_or_fail(biased_abi, make_image(image_address, 20, 20, 16));
    CHECK(plan.thread_pointer_offset == 0x7000);
    CHECK(plan.block_offset == 0);
    CHECK(plan.size == 20);
    CHECK(plan.align == 16);
  }

  SUBCASE("biased memsz 20 align 16 address 4 mod 16") {
    TlsPlan plan =
        plan_or_fail(biased_abi, make_image(image_address + 4, 20, 20, 16));
    CHECK(plan.thread_pointer_offset == 0x7000);
    CHECK(plan.block_offset == 4);
    CHECK(plan.size == 24);
  }

  SUBCASE("gapless memsz 3 align 1") {
    // A 3-byte block still gets a pointer-aligned, pointer-sized area.
    TlsPlan plan =
        plan_or_fail(gapless_abi, make_image(image_address, 3, 3, 1));
    CHECK(plan.thread_pointer_offset == 0);
    CHECK(plan.block_offset == 0);
    CHECK(plan.size == 8);
    CHECK(plan.align == 8);
  }

  SUBCASE("gapless memsz 64 align 32 address 8 mod 32") {
    TlsPlan plan =
        plan_or_fail(gapless_abi, make_image(image_address + 8, 64, 64, 32));
    CHECK(plan.block_offset == 8);
    CHECK(plan.size == 72);
    CHECK(plan.align == 32);
  }
}

TEST_CASE("tls plan file size irrelevant") {
  // Only memory_size, .tdata and .tbss together, decides the layout. So a
  // plan for an image without .tbss (file_size == memory_size) matches one
  // for an all-.tbss image.
  const TlsAbi* abis[] = {&x86_64_abi.tls_abi, &aarch64_abi.tls_abi,
                          &biased_abi, &gapless_abi};
  for (const TlsAbi* abi : abis) {
    CAPTURE(abi->tcb_size);
    CAPTURE(abi->tp_bias);
    TlsPlan full = plan_or_fail(*abi, make_image(image_address, 40, 40, 16));
    TlsPlan empty = plan_or_fail(*abi, make_image(image_address, 0, 40, 16));
    CHECK(full.size == empty.size);
    CHECK(full.align == empty.align);
    CHECK(full.block_offset == empty.block_offset);
    CHECK(full.tcb_offset == empty.tcb_offset);
    CHECK(full.thread_pointer_offset == empty.thread_pointer_offset);
  }
}

TEST_CASE("tls plan without PT_TLS") {
  // A program without TLS passes memory_size 0 and align 0 (no PT_TLS) or 1.
  for (std::size_t align : {std::size_t{0}, std::size_t{1}}) {
    CAPTURE(align);
    TlsImage image = make_image(0, 0, 0, align);

    TlsPlan x86_64 = plan_or_fail(x86_64_abi.tls_abi, image);
    check_layout(x86_64_abi.tls_abi, image, x86_64);
    CHECK(x86_64.thread_pointer_offset == 0);
    CHECK(x86_64.block_offset == 0);
    CHECK(x86_64.size == 48);
    CHECK(x86_64.align == 8);

    TlsPlan aarch64 = plan_or_fail(aarch64_abi.tls_abi, image);
    check_layout(aarch64_abi.tls_abi, image, aarch64);
    CHECK(aarch64.thread_pointer_offset == 0);
    CHECK(aarch64.block_offset == 16);
    CHECK(aarch64.size == 16);
    CHECK(aarch64.align == 8);

    TlsPlan biased = plan_or_fail(biased_abi, image);
    check_layout(biased_abi, image, biased);
    CHECK(biased.thread_pointer_offset == 0x7000);
    CHECK(biased.block_offset == 0);
    CHECK(biased.size == 8);

    TlsPlan gapless = plan_or_fail(gapless_abi, image);
    check_layout(gapless_abi, image, gapless);
    CHECK(gapless.thread_pointer_offset == 0);
    CHECK(gapless.size == 8);
  }
}

TEST_CASE("tls plan rejects invalid images") {
  const TlsAbi* abis[] = {&x86_64_abi.tls_abi, &aarch64_abi.tls_abi,
                          &biased_abi, &gapless_abi};
  for (const TlsAbi* abi : abis) {
    CAPTURE(abi->tcb_size);
    CAPTURE(abi->tp_bias);
    CHECK(plan_error(*abi, make_image(image_address, 4, 4, 3)) == EINVAL);
    CHECK(plan_error(*abi, make_image(image_address, 4, 48, 48)) == EINVAL);
    CHECK(plan_error(*abi, make_image(image_address, 21, 20, 8)) == EINVAL);
    CHECK(plan_error(*abi, make_image(image_address, 1, 0, 1)) == EINVAL);
  }
}

TEST_CASE("tls plan rejects overflowing sizes") {
  const TlsAbi& x86_64 = x86_64_abi.tls_abi;
  const TlsAbi& aarch64 = aarch64_abi.tls_abi;

  CHECK(plan_error(x86_64, make_image(image_address, 0, size_max, 8)) ==
        EINVAL);
  // Rounding up to align 8 overflows.
  CHECK(plan_error(x86_64, make_image(image_address, 0, size_max - 3, 8)) ==
        EINVAL);
  // Rounding fits, but adding the 48-byte TCB overflows.
  CHECK(plan_error(x86_64, make_image(image_address, 0, size_max - 40, 8)) ==
        EINVAL);
  CHECK(plan_error(aarch64, make_image(image_address, 0, size_max, 8)) ==
        EINVAL);
  // The 16-byte gap plus the block is one past SIZE_MAX.
  CHECK(plan_error(aarch64, make_image(image_address, 0, size_max - 15, 8)) ==
        EINVAL);
  // One byte of padding before the block to match the address overflows.
  CHECK(plan_error(gapless_abi,
                   make_image(image_address + 1, 0, size_max, 2)) == EINVAL);
}

TEST_CASE("tls plan largest sizes that fit") {
  // The planner accepts any size that does not overflow, because whether it
  // can be mapped is for plan_region to decide.
  TlsPlan x86_64 = plan_or_fail(x86_64_abi.tls_abi,
                                make_image(image_address, 0, size_max - 55, 8));
  CHECK(x86_64.size == size_max - 7);
  CHECK(x86_64.thread_pointer_offset == size_max - 55);

  TlsPlan aarch64 = plan_or_fail(
      aarch64_abi.tls_abi, make_image(image_address, 0, size_max - 16, 8));
  CHECK(aarch64.size == size_max);
  CHECK(aarch64.block_offset == 16);
}

TEST_CASE("every ABI plans valid layouts") {
  int count = 0;
  for (auto* abi = weft::test::registered_abis(); abi; abi = abi->next) {
    CAPTURE(abi->name);
    check_layouts(abi->constants->tls_abi);
    count++;
  }
  // x86_64 and aarch64 at least, so the loop cannot pass on an empty list.
  CHECK(count >= 2);
}

TEST_CASE("every ABI keeps its TCB words in the area") {
  // The runtime word (an int) and a stack guard in the TCB must lie inside
  // the planned area, whatever the TLS image, or writing them would corrupt
  // memory next to it.
  const TlsImage images[] = {
      make_image(image_address, 0, 0, 1),
      make_image(image_address, 4, 20, 8),
      make_image(image_address, 64, 300, 64),
      make_image(image_address, 16, 4096, 4096),
  };
  for (auto* abi = weft::test::registered_abis(); abi; abi = abi->next) {
    const TlsAbi& constants = abi->constants->tls_abi;
    CAPTURE(abi->name);
    for (const TlsImage& image : images) {
      CAPTURE(image.memory_size);
      CAPTURE(image.align);
      TlsPlan plan = plan_or_fail(constants, image);
      long thread_pointer = static_cast<long>(plan.thread_pointer_offset);
      long runtime_word = thread_pointer + constants.runtime_word_offset;
      CHECK(runtime_word >= 0);
      CHECK(runtime_word + 4 <= static_cast<long>(plan.size));
      // The word must not overlap the TLS block itself.
      bool below_block =
          runtime_word + 4 <= static_cast<long>(plan.block_offset);
      bool above_block = runtime_word >= static_cast<long>(plan.block_offset +
                                                           image.memory_size);
      CHECK((below_block || above_block));
      if (constants.stack_guard_offset != -1) {
        long guard = thread_pointer + constants.stack_guard_offset;
        CHECK(guard >= 0);
        CHECK(guard + 4 <= static_cast<long>(plan.size));
        CHECK(guard != runtime_word);
      }
    }
  }
}
