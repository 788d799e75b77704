// SPDX-License-Identifier: MIT
// Thread names: the kernel's 16-byte "comm" of each thread.
#include <linux/prctl.h>

#include "thread.hpp"

namespace weft {
namespace {

Result<std::size_t> checked_length(const char* name) {
  if (name == nullptr)
    return Errno(EINVAL);
  std::size_t length = 0;
  while (name[length] != '\0') {
    if (++length > ThreadName::max_length)
      return Errno(ERANGE);
  }
  return length;
}

// "/proc/self/task/<tid>/comm" into buffer.
void comm_path(int tid, char (&buffer)[48]) {
  const char prefix[] = "/proc/self/task/";
  const char suffix[] = "/comm";
  char digits[12];
  int count = 0;
  auto value = static_cast<unsigned>(tid);
  do {
    digits[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);

  std::size_t at = 0;
  for (std::size_t i = 0; prefix[i] != '\0'; i++)
    buffer[at++] = prefix[i];
  while (count > 0)
    buffer[at++] = digits[--count];
  for (std::size_t i = 0; i < sizeof suffix; i++)
    buffer[at++] = suffix[i];
}

// While a thread exits, the open, read or write of its comm file can fail
// with ESRCH (seen on Linux 6.18). The thread is gone either way, so this
// reports ENOENT, as an open after the exit does.
Errno comm_error(Errno error) {
  return error == Errno(ESRCH) ? Errno(ENOENT) : error;
}

Result<int> open_comm(int tid, int flags) {
  if (tid <= 0)
    return Errno(ENOENT);
  char path[48];
  comm_path(tid, path);
  auto fd = sys::openat(AT_FDCWD, path, flags | O_CLOEXEC);
  if (fd)
    return fd;
  // Without /proc (an empty container root, an initramfs that did not mount
  // it) the path is missing for every tid. EOPNOTSUPP distinguishes that
  // from a thread that is not there.
  if (fd.error() == Errno(ENOENT)) {
    auto proc = sys::openat(AT_FDCWD, "/proc/self", O_PATH | O_DIRECTORY);
    if (!proc)
      return Errno(EOPNOTSUPP);
    (void)sys::close(*proc);
  }
  return comm_error(fd.error());
}

} // namespace

Result<void> Thread::set_name(const char* name) {
  auto length = checked_length(name);
  if (!length)
    return length.error();
  auto done = sys::prctl(PR_SET_NAME, reinterpret_cast<unsigned long>(name));
  if (!done)
    return done.error();
  return {};
}

Result<ThreadName> Thread::name() {
  ThreadName name;
  auto done =
      sys::prctl(PR_GET_NAME, reinterpret_cast<unsigned long>(name.text));
  if (!done)
    return done.error();
  // The kernel writes 16 bytes ending in a zero; keep the ending anyway.
  name.text[ThreadName::max_length] = '\0';
  return name;
}

Result<void> Thread::set_name(int tid, const char* name) {
  if (tid == current_id())
    return set_name(name);
  auto length = checked_length(name);
  if (!length)
    return length.error();
  auto fd = open_comm(tid, O_WRONLY);
  if (!fd)
    return fd.error();
  // The kernel takes the whole name from one write of at most 15 bytes.
  auto written = sys::write(*fd, name, *length);
  (void)sys::close(*fd);
  if (!written)
    return comm_error(written.error());
  return {};
}

Result<ThreadName> Thread::name(int tid) {
  if (tid == current_id())
    return name();
  auto fd = open_comm(tid, O_RDONLY);
  if (!fd)
    return fd.error();
  // The file contains the name and a newline.
  ThreadName name;
  auto got = sys::read(*fd, name.text, ThreadName::max_length + 1);
  (void)sys::close(*fd);
  if (!got)
    return comm_error(got.error());
  std::size_t length = *got;
  if (length > 0 && name.text[length - 1] == '\n')
    length--;
  if (length > ThreadName::max_length)
    length = ThreadName::max_length;
  name.text[length] = '\0';
  return name;
}

} // namespace weft
