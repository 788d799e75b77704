// SPDX-License-Identifier: MIT
// Exit: main's return value becomes the exit status, and static destructors
// and .fini_array run after main, newest first. exit_status.sh checks the
// output and the status.
#include "weft.hpp"

namespace {

void say(const char* text) {
  std::size_t size = 0;
  while (text[size] != '\0')
    size++;
  (void)weft::write_all(1, text, size);
}

struct Announcer {
  explicit Announcer(const char* text) : text(text) {}
  ~Announcer() { say(text); }
  const char* text;
};

Announcer global("global destroyed\n");

[[gnu::destructor]] void fini_entry() { say("fini_array ran\n"); }

} // namespace

int main(int, char**, char**) {
  static Announcer local("local static destroyed\n");
  say("main returns 42\n");
  return 42;
}
