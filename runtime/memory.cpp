// SPDX-License-Identifier: MIT
// The memory functions that compilers call even in freestanding code (for
// struct copies, zero-initialisation and comparisons). This file is built
// with -fno-tree-loop-distribute-patterns, so that GCC does not turn these
// loops back into calls to themselves.
#include <cstddef>
#include <cstdint>

namespace {

using Word = std::uintptr_t;

bool word_aligned(const void* a, const void* b) {
  return ((reinterpret_cast<Word>(a) | reinterpret_cast<Word>(b)) &
          (sizeof(Word) - 1)) == 0;
}

// Copies forward, a word at a time when both pointers allow it. may_alias
// lets the word accesses read and write objects of any type.
void copy_forward(unsigned char* to, const unsigned char* from,
                  std::size_t size) {
  using AliasWord [[gnu::may_alias]] = Word;
  if (word_aligned(to, from)) {
    for (; size >= sizeof(Word); size -= sizeof(Word)) {
      *reinterpret_cast<AliasWord*>(to) =
          *reinterpret_cast<const AliasWord*>(from);
      to += sizeof(Word);
      from += sizeof(Word);
    }
  }
  for (; size > 0; size--)
    *to++ = *from++;
}

} // namespace

extern "C" {

void* memcpy(void* destination, const void* source, std::size_t size) {
  copy_forward(static_cast<unsigned char*>(destination),
               static_cast<const unsigned char*>(source), size);
  return destination;
}

void* memmove(void* destination, const void* source, std::size_t size) {
  auto to = static_cast<unsigned char*>(destination);
  auto from = static_cast<const unsigned char*>(source);
  if (to <= from || to >= from + size) {
    copy_forward(to, from, size);
    return destination;
  }
  // Overlap with the destination above the source: copy from the end.
  while (size > 0) {
    size--;
    to[size] = from[size];
  }
  return destination;
}

void* memset(void* destination, int value, std::size_t size) {
  auto to = static_cast<unsigned char*>(destination);
  for (std::size_t i = 0; i < size; i++)
    to[i] = static_cast<unsigned char>(value);
  return destination;
}

int memcmp(const void* left, const void* right, std::size_t size) {
  auto a = static_cast<const unsigned char*>(left);
  auto b = static_cast<const unsigned char*>(right);
  for (std::size_t i = 0; i < size; i++) {
    if (a[i] != b[i])
      return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

int bcmp(const void* left, const void* right, std::size_t size) {
  return memcmp(left, right, size);
}

} // extern "C"
