// SPDX-License-Identifier: MIT
// parse_auxv, find_auxv and auxv_after on synthetic vectors, and auxv_after
// on this test process's own auxiliary vector, checked against glibc.
#include <sys/auxv.h>
#include <unistd.h>

#include <cstddef>
#include <fstream>
#include <vector>

#include <doctest/doctest.h>

#include "auxv.hpp"

using weft::AuxValues;

namespace {

// A type the kernel does not define, so parse_auxv has no case for it.
constexpr unsigned long unknown_type = 999;

// Stand-ins for what AT_PHDR and AT_RANDOM point at.
const unsigned char program_headers[56] = {};
const unsigned char random_bytes[16] = {};

unsigned long address_of(const void* pointer) {
  return reinterpret_cast<unsigned long>(pointer);
}

} // namespace

TEST_CASE("parse_auxv all known entries") {
  const unsigned long auxv[] = {
      AT_PHDR,   address_of(program_headers),
      AT_PHNUM,  11,
      AT_PAGESZ, 4096,
      AT_RANDOM, address_of(random_bytes),
      AT_HWCAP,  0x178bfbff,
      AT_HWCAP2, 0x2,
      AT_NULL,   0,
  };
  AuxValues values = weft::parse_auxv(auxv);
  CHECK(values.page_size == 4096);
  CHECK(values.program_headers == program_headers);
  CHECK(values.program_header_count == 11);
  CHECK(values.random_bytes == random_bytes);
  CHECK(values.hwcap == 0x178bfbff);
  CHECK(values.hwcap2 == 0x2);
}

TEST_CASE("parse_auxv 64 KiB pages") {
  const unsigned long auxv[] = {AT_PAGESZ, 65536, AT_NULL, 0};
  AuxValues values = weft::parse_auxv(auxv);
  CHECK(values.page_size == 65536);
  CHECK(values.program_headers == nullptr);
  CHECK(values.program_header_count == 0);
  CHECK(values.random_bytes == nullptr);
  CHECK(values.hwcap == 0);
  CHECK(values.hwcap2 == 0);
}

TEST_CASE("parse_auxv ignores unknown types") {
  const unsigned long auxv[] = {
      unknown_type, 1,    AT_PAGESZ, 16384, AT_UID, 1000,
      unknown_type, 4096, AT_NULL,   0,
  };
  AuxValues values = weft::parse_auxv(auxv);
  CHECK(values.page_size == 16384);
  CHECK(values.program_header_count == 0);
  CHECK(values.hwcap == 0);
}

TEST_CASE("parse_auxv only AT_NULL") {
  const unsigned long auxv[] = {AT_NULL, 0};
  AuxValues values = weft::parse_auxv(auxv);
  CHECK(values.page_size == 0);
  CHECK(values.program_headers == nullptr);
  CHECK(values.program_header_count == 0);
  CHECK(values.random_bytes == nullptr);
  CHECK(values.hwcap == 0);
  CHECK(values.hwcap2 == 0);
}

TEST_CASE("parse_auxv stops at AT_NULL") {
  // AT_NULL ends the vector whatever its value, so what follows is not read.
  const unsigned long auxv[] = {AT_NULL, 7, AT_PAGESZ, 4096, AT_NULL, 0};
  AuxValues values = weft::parse_auxv(auxv);
  CHECK(values.page_size == 0);
}

TEST_CASE("find_auxv found and missing") {
  const unsigned long auxv[] = {
      AT_PAGESZ, 4096, AT_HWCAP, 0, AT_PAGESZ, 65536, AT_NULL, 0,
  };

  bool found = false;
  CHECK(weft::find_auxv(auxv, AT_PAGESZ, &found) == 4096);
  CHECK(found);

  // An entry whose value is 0 is still found.
  found = false;
  CHECK(weft::find_auxv(auxv, AT_HWCAP, &found) == 0);
  CHECK(found);

  found = true;
  CHECK(weft::find_auxv(auxv, AT_RANDOM, &found) == 0);
  CHECK_FALSE(found);
}

TEST_CASE("find_auxv empty vector") {
  const unsigned long auxv[] = {AT_NULL, 0};
  bool found = true;
  CHECK(weft::find_auxv(auxv, AT_PAGESZ, &found) == 0);
  CHECK_FALSE(found);
}

TEST_CASE("auxv_after skips envp") {
  // The kernel's layout after argv: envp, a null pointer, then the auxiliary
  // vector. auxv_after only reads the envp entries.
  char home[] = "HOME=/root";
  char path[] = "PATH=/bin";
  char* stack[] = {home, path, nullptr, nullptr, nullptr};
  const unsigned long* auxv = weft::auxv_after(stack);
  CHECK(auxv == reinterpret_cast<const unsigned long*>(&stack[3]));
}

TEST_CASE("auxv_after empty envp") {
  char* stack[] = {nullptr, nullptr, nullptr};
  const unsigned long* auxv = weft::auxv_after(stack);
  CHECK(auxv == reinterpret_cast<const unsigned long*>(&stack[1]));
}

TEST_CASE("auxv_after finds process auxv") {
  // glibc points environ at the envp array on the initial stack, and nothing
  // in this process changes the environment, so the vector that follows is
  // the one the kernel passed to this process. /proc/self/auxv contains a copy.
  std::ifstream file("/proc/self/auxv", std::ios::binary);
  REQUIRE(file.is_open());
  std::vector<unsigned long> expected;
  unsigned long word;
  while (file.read(reinterpret_cast<char*>(&word), sizeof word))
    expected.push_back(word);
  REQUIRE(expected.size() >= 2);
  REQUIRE(expected.size() % 2 == 0);

  const unsigned long* auxv = weft::auxv_after(environ);
  for (std::size_t i = 0; i < expected.size(); i += 2) {
    CAPTURE(i);
    CHECK(auxv[i] == expected[i]);
    CHECK(auxv[i + 1] == expected[i + 1]);
    if (expected[i] == AT_NULL)
      break;
  }

  AuxValues values = weft::parse_auxv(auxv);
  CHECK(values.page_size == getauxval(AT_PAGESZ));
  CHECK(values.page_size == static_cast<std::size_t>(sysconf(_SC_PAGESIZE)));
  CHECK(address_of(values.program_headers) == getauxval(AT_PHDR));
  CHECK(values.program_header_count == getauxval(AT_PHNUM));
  CHECK(address_of(values.random_bytes) == getauxval(AT_RANDOM));

  // glibc's getauxval returns its own copies of AT_HWCAP and AT_HWCAP2, and
  // on x86_64 glibc 2.36 rewrites AT_HWCAP (it returns 2, not the kernel's
  // value), so the expected values come from the file.
  bool found = false;
  unsigned long hwcap = weft::find_auxv(expected.data(), AT_HWCAP, &found);
  CHECK(values.hwcap == hwcap);
  unsigned long hwcap2 = weft::find_auxv(expected.data(), AT_HWCAP2, &found);
  CHECK(values.hwcap2 == hwcap2);
}
