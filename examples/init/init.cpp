// SPDX-License-Identifier: MIT
// weft-init: a first process for an initramfs, built on weft alone.
//
// Usage: weft-init [-f COMMANDS] [PROGRAM | DIRECTORY]...
//
// As process 1 it mounts proc, sysfs and devtmpfs, and opens /dev/console
// when the kernel gave it no standard streams. It prints a banner and runs
// the programs one after another, their output passed through. It reaps
// every child that ends, and at the end powers the machine off. It never exits: a process 1
// that exits makes the kernel panic.
//
// A PROGRAM runs without arguments; a DIRECTORY runs every regular file in
// it in name order. COMMANDS is a file of one command per line, with tab-
// separated fields: leading NAME=VALUE fields are added to the environment,
// then come the program and its arguments (a field may hold spaces or be
// empty). Lines that start with # are skipped. With no argument at all it
// runs /etc/weft-init.commands when that file exists, else every program
// in /tests.
//
// Each program is announced by "weft-init: run PATH" and followed by
// "weft-init: PATH exited with status N" (or "killed by signal N"). The
// last line is "weft-init: N passed, N failed", counting programs that
// exited with status 0 as passed. Run as any other process, it sets itself
// as the child subreaper, so orphans of its programs come to it and are
// reaped too, and it exits with status 0 when every program passed.
#include <linux/prctl.h>
#include <linux/reboot.h>
#include <linux/sched.h>
#include <linux/utsname.h>

#include "arch.hpp"
#include "weft.hpp"

namespace {

namespace sys = weft::sys;
using weft::Errno;
using weft::Output;

constexpr const char* default_commands = "/etc/weft-init.commands";
constexpr const char* default_directory = "/tests";

// Commands, their fields and the text they point into live in static
// arrays: init reads them once and never frees them.
constexpr int max_commands = 256;
constexpr int max_fields = 64;
constexpr std::size_t text_capacity = 256 * 1024;

struct Command {
  // program, then its arguments, then nullptr
  char* argv[max_fields + 1];
  // the command's NAME=VALUE fields, then init's own environment, then
  // nullptr
  char* envp[2 * max_fields + 1];
};

Command commands[max_commands];
int command_count = 0;
char text[text_capacity];
std::size_t text_used = 0;

Output out(1);

// Copies size bytes of data into the text area with a terminating NUL.
char* keep_text(const char* data, std::size_t size) {
  if (size + 1 > text_capacity - text_used)
    return nullptr;
  char* copy = text + text_used;
  for (std::size_t i = 0; i < size; i++)
    copy[i] = data[i];
  copy[size] = '\0';
  text_used += size + 1;
  return copy;
}

std::size_t length(const char* text) {
  std::size_t size = 0;
  while (text[size] != '\0')
    size++;
  return size;
}

bool has_equals_before_slash(const char* field) {
  for (; *field != '\0' && *field != '/'; field++) {
    if (*field == '=')
      return true;
  }
  return false;
}

// Adds a command from fields[0, count): leading NAME=VALUE fields become
// environment entries. Returns false when a limit is reached.
bool add_command(char** fields, int count) {
  if (command_count == max_commands) {
    out << "weft-init: more than " << max_commands << " commands\n";
    return false;
  }
  Command& command = commands[command_count];
  int envc = 0;
  int first = 0;
  while (first < count && has_equals_before_slash(fields[first]))
    command.envp[envc++] = fields[first++];
  if (first == count)
    return true; // only environment fields: nothing to run
  int argc = 0;
  for (int i = first; i < count; i++)
    command.argv[argc++] = fields[i];
  command.argv[argc] = nullptr;
  for (char** inherited = weft::process().envp;
       *inherited != nullptr && envc < 2 * max_fields; inherited++)
    command.envp[envc++] = *inherited;
  command.envp[envc] = nullptr;
  command_count++;
  return true;
}

bool add_program(const char* path, std::size_t size) {
  char* copy = keep_text(path, size);
  if (copy == nullptr) {
    out << "weft-init: too many program names\n";
    return false;
  }
  return add_command(&copy, 1);
}

// Reads the whole file at path into the text area, NUL-terminated.
weft::Result<char*> read_file(const char* path) {
  auto fd = sys::openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
  if (!fd)
    return fd.error();
  char* start = text + text_used;
  std::size_t size = 0;
  for (;;) {
    std::size_t room = text_capacity - text_used - size;
    if (room <= 1) {
      (void)sys::close(*fd);
      return Errno(EFBIG);
    }
    auto got = sys::read(*fd, start + size, room - 1);
    if (!got) {
      if (got.error() == Errno(EINTR))
        continue;
      (void)sys::close(*fd);
      return got.error();
    }
    if (*got == 0)
      break;
    size += *got;
  }
  (void)sys::close(*fd);
  start[size] = '\0';
  text_used += size + 1;
  return start;
}

bool add_commands_file(const char* path) {
  auto contents = read_file(path);
  if (!contents) {
    out << "weft-init: cannot read " << path << ": "
        << contents.error().message() << '\n';
    return false;
  }
  char* line = *contents;
  while (*line != '\0') {
    char* end = line;
    while (*end != '\0' && *end != '\n')
      end++;
    bool last = *end == '\0';
    *end = '\0';
    if (*line != '#' && *line != '\0') {
      char* fields[max_fields];
      int count = 0;
      char* field = line;
      for (;;) {
        if (count == max_fields) {
          out << "weft-init: a command in " << path << " has more than "
              << max_fields << " fields\n";
          return false;
        }
        fields[count++] = field;
        char* tab = field;
        while (*tab != '\0' && *tab != '\t')
          tab++;
        if (*tab == '\0')
          break;
        *tab = '\0';
        field = tab + 1;
      }
      if (!add_command(fields, count))
        return false;
    }
    if (last)
      break;
    line = end + 1;
  }
  return true;
}

// The Linux directory entry that getdents64 fills in.
struct DirectoryEntry {
  std::uint64_t inode;
  std::int64_t offset;
  unsigned short record_length;
  unsigned char type;
  char name[1];
};

constexpr unsigned char type_unknown = 0;
constexpr unsigned char type_regular = 8;

// Adds every regular file in directory as a command, in name order.
// Returns ENOTDIR when path is not a directory.
weft::Result<void> add_directory(const char* path) {
  auto fd = sys::openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (!fd)
    return fd.error();
  int first = command_count;
  std::size_t path_size = length(path);
  alignas(8) char buffer[4096];
  weft::Result<void> status{};
  for (;;) {
    auto got = sys::getdents64(*fd, buffer, sizeof(buffer));
    if (!got) {
      status = got.error();
      break;
    }
    if (*got == 0)
      break;
    for (std::size_t at = 0; at < *got;) {
      auto* entry = reinterpret_cast<DirectoryEntry*>(buffer + at);
      at += entry->record_length;
      if (entry->type != type_regular && entry->type != type_unknown)
        continue;
      if (entry->name[0] == '.')
        continue;
      // path + '/' + name
      char full[512];
      std::size_t name_size = length(entry->name);
      if (path_size + 1 + name_size >= sizeof(full))
        continue;
      for (std::size_t i = 0; i < path_size; i++)
        full[i] = path[i];
      full[path_size] = '/';
      for (std::size_t i = 0; i < name_size; i++)
        full[path_size + 1 + i] = entry->name[i];
      if (!add_program(full, path_size + 1 + name_size)) {
        status = Errno(ENOMEM);
        break;
      }
    }
    if (!status)
      break;
  }
  (void)sys::close(*fd);
  // Insertion sort by path: directories hold tens of programs.
  for (int i = first + 1; i < command_count; i++) {
    Command moved = commands[i];
    int j = i;
    auto before = [](const char* a, const char* b) {
      while (*a != '\0' && *a == *b) {
        a++;
        b++;
      }
      return static_cast<unsigned char>(*a) < static_cast<unsigned char>(*b);
    };
    for (; j > first && before(moved.argv[0], commands[j - 1].argv[0]); j--)
      commands[j] = commands[j - 1];
    commands[j] = moved;
  }
  return status;
}

// The state of the child between clone and execve. A failed execve writes
// its errno to report_fd, a pipe that a successful one closes (O_CLOEXEC).
struct Launch {
  const Command* command;
  int report_fd;
};

[[noreturn]] void exec_child(void* argument) {
  auto* launch = static_cast<Launch*>(argument);
  auto executed = sys::execve(launch->command->argv[0], launch->command->argv,
                              launch->command->envp);
  int error = executed.error().value();
  (void)sys::write(launch->report_fd, &error, sizeof(error));
  sys::exit_group(127);
}

// The stack of the child until execve. init is suspended meanwhile
// (CLONE_VFORK), so one stack serves every launch.
alignas(64) unsigned char child_stack[32 * 1024];

// Starts command; returns its pid, or the error of clone or execve.
weft::Result<int> start(const Command& command) {
  int report[2];
  auto piped = sys::pipe2(report, O_CLOEXEC);
  if (!piped)
    return piped.error();
  Launch launch{&command, report[1]};
  long pid = weft_clone(CLONE_VM | CLONE_VFORK | SIGCHLD,
                        child_stack + sizeof(child_stack), nullptr, nullptr,
                        nullptr, exec_child, &launch);
  (void)sys::close(report[1]);
  int error = 0;
  std::size_t got = 0;
  if (pid > 0) {
    for (;;) {
      auto read = sys::read(report[0], &error, sizeof(error));
      if (read || read.error() != Errno(EINTR)) {
        got = read ? *read : 0;
        break;
      }
    }
  }
  (void)sys::close(report[0]);
  if (pid < 0)
    return Errno(static_cast<int>(-pid));
  if (got == sizeof(error)) {
    // The child has exited with status 127; collect it here.
    int status = 0;
    (void)sys::wait4(static_cast<int>(pid), &status, 0);
    return Errno(error);
  }
  return static_cast<int>(pid);
}

int orphans_reaped = 0;

// Waits until pid ends, reaping any other child that ends meanwhile;
// returns its wait status.
int wait_for(int pid) {
  for (;;) {
    int status = 0;
    auto ended = sys::wait4(-1, &status, 0);
    if (!ended) {
      if (ended.error() == Errno(EINTR))
        continue;
      out << "weft-init: wait4 failed: " << ended.error().message() << '\n';
      return -1;
    }
    if (*ended == pid)
      return status;
    orphans_reaped++;
  }
}

void reap_finished() {
  for (;;) {
    int status = 0;
    auto ended = sys::wait4(-1, &status, WNOHANG);
    if (!ended || *ended == 0)
      return;
    orphans_reaped++;
  }
}

// Runs every command; returns how many failed.
int run_all(int& passed) {
  int failed = 0;
  for (int i = 0; i < command_count; i++) {
    const Command& command = commands[i];
    const char* path = command.argv[0];
    out << "weft-init: run " << path;
    for (int a = 1; command.argv[a] != nullptr; a++)
      out << ' ' << command.argv[a];
    out << '\n';
    (void)out.flush();
    auto pid = start(command);
    if (!pid) {
      out << "weft-init: " << path
          << " did not start: " << pid.error().message() << '\n';
      failed++;
      continue;
    }
    int status = wait_for(*pid);
    int signal = status & 0x7f;
    int code = (status >> 8) & 0xff;
    if (status < 0) {
      failed++;
    } else if (signal != 0) {
      out << "weft-init: " << path << " killed by signal " << signal << '\n';
      failed++;
    } else {
      out << "weft-init: " << path << " exited with status " << code << '\n';
      if (code == 0)
        passed++;
      else
        failed++;
    }
  }
  return failed;
}

void make_directory(const char* path) {
  auto made = sys::mkdirat(AT_FDCWD, path, 0755);
  if (!made && made.error() != Errno(EEXIST))
    out << "weft-init: mkdir " << path << ": " << made.error().message()
        << '\n';
}

void mount_filesystem(const char* type, const char* target) {
  make_directory(target);
  auto mounted = sys::mount(type, target, type, MS_NOSUID | MS_NOEXEC, nullptr);
  if (!mounted && mounted.error() != Errno(EBUSY))
    out << "weft-init: mount " << type << " on " << target << ": "
        << mounted.error().message() << '\n';
}

// Gives init /dev/console as its standard streams when the kernel could not
// (an initramfs without /dev/console).
void open_console() {
  if (sys::write(1, "", 0))
    return;
  auto console = sys::openat(AT_FDCWD, "/dev/console", O_RDWR | O_NOCTTY);
  if (!console)
    return;
  for (int fd = 0; fd <= 2; fd++) {
    if (*console != fd)
      (void)sys::dup3(*console, fd, 0);
  }
  if (*console > 2)
    (void)sys::close(*console);
}

void print_banner() {
  new_utsname names{};
  (void)sys::uname(&names);
  out << "weft-init: Linux " << names.release << " on " << names.machine;
  auto cpus = weft::Thread::cpu_count();
  if (cpus)
    out << ", " << *cpus << " CPUs";
  out << ", page size " << weft::process().page_size << " bytes\n";
}

// As process 1: power off, and if that fails, reap children for ever.
[[noreturn]] void power_off() {
  (void)out.flush();
  sys::sync();
  auto rebooted = sys::reboot(LINUX_REBOOT_CMD_POWER_OFF);
  out << "weft-init: power off failed: " << rebooted.error().message()
      << '\n';
  (void)out.flush();
  for (;;) {
    int status = 0;
    if (!sys::wait4(-1, &status, 0))
      weft::Thread::sleep_for(weft::Duration::seconds(60));
  }
}

} // namespace

int main(int argc, char** argv, char**) {
  bool first_process = sys::getpid() == 1;
  if (first_process) {
    mount_filesystem("devtmpfs", "/dev");
    open_console();
    mount_filesystem("proc", "/proc");
    mount_filesystem("sysfs", "/sys");
  }
  print_banner();
  if (!first_process) {
    // Orphans of the programs come to init, as they would to process 1.
    auto subreaper = sys::prctl(PR_SET_CHILD_SUBREAPER, 1);
    if (!subreaper)
      out << "weft-init: cannot become the child subreaper: "
          << subreaper.error().message() << '\n';
  }

  bool listed = true;
  int first_argument = 1;
  if (argc > 2 && argv[1][0] == '-' && argv[1][1] == 'f' &&
      argv[1][2] == '\0') {
    listed = add_commands_file(argv[2]);
    first_argument = 3;
  } else if (argc == 1) {
    auto probe = sys::openat(AT_FDCWD, default_commands, O_RDONLY | O_CLOEXEC);
    if (probe) {
      (void)sys::close(*probe);
      listed = add_commands_file(default_commands);
    } else {
      auto added = add_directory(default_directory);
      if (!added) {
        out << "weft-init: cannot list " << default_directory << ": "
            << added.error().message() << '\n';
        listed = false;
      }
    }
  }
  for (int i = first_argument; i < argc && listed; i++) {
    auto added = add_directory(argv[i]);
    if (!added && added.error() == Errno(ENOTDIR))
      listed = add_program(argv[i], length(argv[i]));
    else if (!added) {
      out << "weft-init: cannot run " << argv[i] << ": "
          << added.error().message() << '\n';
      listed = false;
    }
  }

  int passed = 0;
  int failed = listed ? 0 : 1;
  failed += run_all(passed);
  reap_finished();
  if (orphans_reaped > 0)
    out << "weft-init: reaped " << orphans_reaped << " orphaned process"
        << (orphans_reaped == 1 ? "" : "es") << '\n';
  out << "weft-init: " << passed << " passed, " << failed << " failed\n";
  if (first_process)
    power_off();
  return failed == 0 ? 0 : 1;
}
