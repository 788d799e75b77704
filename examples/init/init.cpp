// SPDX-License-Identifier: MIT
// weft-init: a first process for an initramfs, built on weft alone.
//
// Usage: weft-init [-f COMMANDS] [-t SECONDS] [PROGRAM | DIRECTORY]...
//
// As process 1 it mounts proc, sysfs and devtmpfs, and opens /dev/console
// when the kernel gave it no standard streams. It prints a banner and runs
// the programs one after another, their output passed through. It reaps
// every child that ends, and at the end powers the machine off. It never
// exits: a process 1 that exits makes the kernel panic.
//
// A PROGRAM runs without arguments; a DIRECTORY runs every regular file
// and symbolic link in it in name order. COMMANDS is a file of one command
// per line, with tab-separated fields: leading NAME=VALUE fields are added
// to the environment, then come the program and its arguments (a field may
// hold spaces or be empty). Blank lines and lines that start with # are
// skipped, and a CR before the line's end is dropped. With neither -f nor
// a PROGRAM or DIRECTORY, it runs /etc/weft-init.commands when that file
// exists, else every program in /tests. -t kills a program (SIGKILL) that
// runs longer than SECONDS.
//
// Each program is announced by "weft-init: run PATH ARGUMENTS" and followed
// by "weft-init: PATH exited with status N" (or "killed by signal N"). The
// last line is "weft-init: N passed, N failed", counting programs that
// exited with status 0 as passed. A list of programs that cannot be read
// whole, or that is empty, runs nothing and counts as one failure. Run as
// any other process, it sets itself as the child subreaper, so orphans of
// its programs come to it and are reaped too, and it exits with status 0
// when every program passed.
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
constexpr int max_environment = 1024;
constexpr std::size_t text_capacity = 512 * 1024;

struct Command {
  // The program, then its arguments, then nullptr.
  char* argv[max_fields + 1];
  // The command's own NAME=VALUE fields, then nullptr.
  char* environment[max_fields + 1];
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

// Whether a field is NAME=VALUE: an = with no / before it, as a path to a
// program has.
bool is_assignment(const char* field) {
  for (; *field != '\0' && *field != '/'; field++) {
    if (*field == '=')
      return true;
  }
  return false;
}

// Returns the next free command, or nullptr with a message when all
// max_commands are taken.
Command* free_command() {
  if (command_count == max_commands) {
    out << "weft-init: more than " << max_commands << " commands\n";
    return nullptr;
  }
  return &commands[command_count];
}

// Adds a command from fields[0, count): leading NAME=VALUE fields extend
// its environment. Returns false, with a message, when a limit is reached
// or no program follows them.
bool add_command(char** fields, int count, const char* where) {
  Command* slot = free_command();
  if (slot == nullptr)
    return false;
  Command& command = *slot;
  int first = 0;
  while (first < count && is_assignment(fields[first])) {
    command.environment[first] = fields[first];
    first++;
  }
  command.environment[first] = nullptr;
  if (first == count || fields[first][0] == '\0') {
    out << "weft-init: " << where << " names no program\n";
    return false;
  }
  int argc = 0;
  for (int i = first; i < count; i++)
    command.argv[argc++] = fields[i];
  command.argv[argc] = nullptr;
  command_count++;
  return true;
}

// Adds the program at path, without arguments. The path is never taken
// for NAME=VALUE, even when it contains an = before its first /.
bool add_program(const char* path, std::size_t size) {
  Command* slot = free_command();
  if (slot == nullptr)
    return false;
  char* copy = keep_text(path, size);
  if (copy == nullptr) {
    out << "weft-init: too many program names\n";
    return false;
  }
  Command& command = *slot;
  command_count++;
  command.argv[0] = copy;
  command.argv[1] = nullptr;
  command.environment[0] = nullptr;
  return true;
}

// Reads the whole file at path into the text area; returns its size.
weft::Result<std::size_t> read_file(const char* path, char*& contents) {
  auto fd = sys::openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
  if (!fd)
    return fd.error();
  contents = text + text_used;
  std::size_t size = 0;
  weft::Result<std::size_t> status = Errno(EFBIG);
  while (size + 1 < text_capacity - text_used) {
    auto got = sys::read(*fd, contents + size,
                         text_capacity - text_used - size - 1);
    if (!got && got.error() == Errno(EINTR))
      continue;
    if (!got) {
      status = got.error();
      break;
    }
    if (*got == 0) {
      status = size;
      break;
    }
    size += *got;
  }
  (void)sys::close(*fd);
  if (status) {
    contents[size] = '\0';
    text_used += size + 1;
  }
  return status;
}

// Splits line (NUL-terminated) at tabs and adds it as a command.
bool add_line(char* line, const char* where) {
  char* fields[max_fields];
  int count = 0;
  char* field = line;
  for (;;) {
    if (count == max_fields) {
      out << "weft-init: " << where << " has more than " << max_fields
          << " fields\n";
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
  return add_command(fields, count, where);
}

// Writes "PATH line NUMBER" into where, the path cut to fit.
void describe_line(char (&where)[256], const char* path, int number) {
  std::size_t at = 0;
  for (; path[at] != '\0' && at < sizeof(where) - 20; at++)
    where[at] = path[at];
  for (const char* label = " line "; *label != '\0'; label++)
    where[at++] = *label;
  char digits[12];
  int count = 0;
  for (; number > 0; number /= 10)
    digits[count++] = static_cast<char>('0' + number % 10);
  while (count > 0)
    where[at++] = digits[--count];
  where[at] = '\0';
}

bool is_blank_or_comment(const char* line) {
  while (*line == ' ' || *line == '\t')
    line++;
  return *line == '\0' || *line == '#';
}

bool add_commands_file(const char* path) {
  char* contents = nullptr;
  auto size = read_file(path, contents);
  if (!size) {
    out << "weft-init: cannot read " << path << ": " << size.error().message()
        << '\n';
    return false;
  }
  for (std::size_t i = 0; i < *size; i++) {
    if (contents[i] == '\0') {
      out << "weft-init: " << path << " contains a NUL byte\n";
      return false;
    }
  }
  char* line = contents;
  char* file_end = contents + *size;
  for (int number = 1; line < file_end; number++) {
    char* end = line;
    while (end < file_end && *end != '\n')
      end++;
    *end = '\0';
    // A line that ends in CR LF keeps no CR in its last field.
    if (end > line && end[-1] == '\r')
      end[-1] = '\0';
    if (!is_blank_or_comment(line)) {
      char where[256];
      describe_line(where, path, number);
      if (!add_line(line, where))
        return false;
    }
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
constexpr unsigned char type_link = 10;
constexpr int max_directory_entries = 4096;

bool name_before(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    a++;
    b++;
  }
  return static_cast<unsigned char>(*a) < static_cast<unsigned char>(*b);
}

enum class Listed { added, not_directory, failed };

// Adds every regular file and symbolic link in the directory at path as a
// command, in name order; subdirectories and names starting with . are
// left out. Prints a message when it fails.
Listed add_directory(const char* path) {
  auto fd = sys::openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (!fd && fd.error() == Errno(ENOTDIR))
    return Listed::not_directory;
  if (!fd) {
    out << "weft-init: cannot list " << path << ": " << fd.error().message()
        << '\n';
    return Listed::failed;
  }
  // Every name first, so that the limits cut the sorted list.
  static char* names[max_directory_entries];
  int count = 0;
  alignas(8) char buffer[4096];
  bool listed = true;
  while (listed) {
    auto got = sys::getdents64(*fd, buffer, sizeof(buffer));
    if (!got) {
      out << "weft-init: cannot list " << path << ": "
          << got.error().message() << '\n';
      listed = false;
    }
    if (!got || *got == 0)
      break;
    for (std::size_t at = 0; at < *got && listed;) {
      auto* entry = reinterpret_cast<DirectoryEntry*>(buffer + at);
      at += entry->record_length;
      if (entry->type != type_regular && entry->type != type_link &&
          entry->type != type_unknown)
        continue;
      if (entry->name[0] == '.')
        continue;
      if (count == max_directory_entries) {
        out << "weft-init: " << path << " holds more than "
            << max_directory_entries << " programs\n";
        listed = false;
        break;
      }
      names[count] = keep_text(entry->name, length(entry->name));
      if (names[count] == nullptr) {
        out << "weft-init: too many program names\n";
        listed = false;
        break;
      }
      count++;
    }
  }
  (void)sys::close(*fd);
  if (!listed)
    return Listed::failed;

  // Insertion sort, because directories contain tens of programs.
  for (int i = 1; i < count; i++) {
    char* moved = names[i];
    int j = i;
    for (; j > 0 && name_before(moved, names[j - 1]); j--)
      names[j] = names[j - 1];
    names[j] = moved;
  }
  std::size_t path_size = length(path);
  while (path_size > 1 && path[path_size - 1] == '/')
    path_size--;
  for (int i = 0; i < count; i++) {
    // path + '/' + name
    char full[1024];
    std::size_t name_size = length(names[i]);
    if (path_size + 1 + name_size >= sizeof(full)) {
      out << "weft-init: a path in " << path << " is too long\n";
      return Listed::failed;
    }
    for (std::size_t c = 0; c < path_size; c++)
      full[c] = path[c];
    full[path_size] = '/';
    for (std::size_t c = 0; c < name_size; c++)
      full[path_size + 1 + c] = names[i][c];
    if (!add_program(full, path_size + 1 + name_size))
      return Listed::failed;
  }
  return Listed::added;
}

// The state of the child between clone and execve. A failed execve writes
// its errno to report_fd, a pipe that a successful one closes (O_CLOEXEC).
struct Launch {
  const Command* command;
  char* const* environment;
  int report_fd;
};

[[noreturn]] void exec_child(void* argument) {
  auto* launch = static_cast<Launch*>(argument);
  auto executed = sys::execve(launch->command->argv[0], launch->command->argv,
                              launch->environment);
  int error = executed.error().value();
  (void)sys::write(launch->report_fd, &error, sizeof(error));
  sys::exit_group(127);
}

// The stack of the child until execve. init is suspended meanwhile
// (CLONE_VFORK), so one stack serves every launch.
alignas(64) unsigned char child_stack[32 * 1024];

// The environment of the command being started: its own NAME=VALUE
// fields, then init's environment.
char* environment[max_fields + max_environment + 1];
bool environment_cut = false;

void build_environment(const Command& command) {
  int count = 0;
  for (int i = 0; command.environment[i] != nullptr; i++)
    environment[count++] = command.environment[i];
  char** inherited = weft::process().envp;
  for (int i = 0; inherited[i] != nullptr; i++) {
    if (i == max_environment) {
      if (!environment_cut)
        out << "weft-init: passing on only the first " << max_environment
            << " variables of the environment\n";
      environment_cut = true;
      break;
    }
    environment[count++] = inherited[i];
  }
  environment[count] = nullptr;
}

// Starts command; returns its pid, or the error of clone or execve.
weft::Result<int> start(const Command& command) {
  int report[2];
  auto piped = sys::pipe2(report, O_CLOEXEC);
  if (!piped)
    return piped.error();

  build_environment(command);
  Launch launch{&command, environment, report[1]};
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
// Seconds a program may run before it is killed; 0 for no limit.
std::int64_t time_limit = 0;

// Handles one ended child: returns true, with its status, when it is pid.
bool collected(int ended, int pid) {
  if (ended == pid)
    return true;
  orphans_reaped++;
  return false;
}

// Waits until pid ends, reaping any other child that ends meanwhile, and
// kills it once it has run for time_limit seconds. Returns its wait status,
// or -1 when waiting failed.
int wait_for(int pid, const char* path) {
  weft::Deadline deadline =
      weft::Deadline::after(weft::Duration::seconds(time_limit));
  bool killed = false;
  for (;;) {
    int status = 0;
    // Without a limit, or after the kill, block; else poll 100 times a second.
    bool block = time_limit == 0 || killed;
    auto ended = sys::wait4(-1, &status, block ? 0 : WNOHANG);
    if (!ended && ended.error() == Errno(EINTR))
      continue;
    if (!ended) {
      out << "weft-init: wait4 failed: " << ended.error().message();
      if (ended.error() == Errno(ECHILD))
        out << " (is SIGCHLD ignored by the process that started weft-init?)";
      out << '\n';
      return -1;
    }
    if (*ended != 0 && collected(*ended, pid))
      return status;
    if (*ended == 0) {
      if (weft::Deadline::now().nanoseconds() >= deadline.nanoseconds()) {
        out << "weft-init: " << path << " ran for " << time_limit
            << " s; killing it\n";
        (void)sys::kill(pid, SIGKILL);
        killed = true;
      } else {
        weft::Thread::sleep_for(weft::Duration::milliseconds(10));
      }
    }
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

// Prints an argument of a command so that it reads back as one: quoted
// when it is empty or contains a space or tab, control bytes as '?'.
void print_argument(const char* argument) {
  bool quote = *argument == '\0';
  for (const char* c = argument; *c != '\0'; c++)
    quote = quote || *c == ' ' || *c == '\t';
  if (quote)
    out << '\'';
  for (const char* c = argument; *c != '\0'; c++) {
    auto byte = static_cast<unsigned char>(*c);
    out << (byte < 0x20 || byte == 0x7f ? '?' : *c);
  }
  if (quote)
    out << '\'';
}

// Runs every command; returns how many failed.
int run_all(int& passed) {
  int failed = 0;
  for (int i = 0; i < command_count; i++) {
    const Command& command = commands[i];
    const char* path = command.argv[0];
    out << "weft-init: run ";
    for (int a = 0; command.argv[a] != nullptr; a++) {
      if (a > 0)
        out << ' ';
      print_argument(command.argv[a]);
    }
    out << '\n';
    (void)out.flush();
    auto pid = start(command);
    if (!pid) {
      out << "weft-init: " << path
          << " did not start: " << pid.error().message() << '\n';
      failed++;
      continue;
    }
    int status = wait_for(*pid, path);
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
  const char* commands_file = nullptr;
  int first_argument = 1;
  for (; first_argument < argc && argv[first_argument][0] == '-';
       first_argument++) {
    const char* option = argv[first_argument];
    bool has_value = first_argument + 1 < argc;
    if (option[1] == 'f' && option[2] == '\0' && has_value) {
      commands_file = argv[++first_argument];
    } else if (option[1] == 't' && option[2] == '\0' && has_value) {
      const char* value = argv[++first_argument];
      time_limit = 0;
      for (const char* c = value; *c != '\0' && listed; c++) {
        listed = *c >= '0' && *c <= '9' && time_limit < 100000000;
        time_limit = time_limit * 10 + (*c - '0');
      }
      if (!listed || *value == '\0') {
        out << "weft-init: invalid time limit " << value << '\n';
        listed = false;
      }
    } else {
      out << "weft-init: unknown option " << option
          << "; usage: weft-init [-f COMMANDS] [-t SECONDS] "
             "[PROGRAM | DIRECTORY]...\n";
      listed = false;
      break;
    }
  }

  if (listed && commands_file != nullptr)
    listed = add_commands_file(commands_file);
  for (int i = first_argument; i < argc && listed; i++) {
    Listed added = add_directory(argv[i]);
    if (added == Listed::not_directory)
      listed = add_program(argv[i], length(argv[i]));
    else
      listed = added == Listed::added;
  }
  if (listed && commands_file == nullptr && first_argument == argc) {
    auto probe = sys::openat(AT_FDCWD, default_commands, O_RDONLY | O_CLOEXEC);
    if (probe) {
      (void)sys::close(*probe);
      listed = add_commands_file(default_commands);
    } else {
      listed = add_directory(default_directory) == Listed::added;
    }
  }
  if (listed && command_count == 0) {
    out << "weft-init: no program to run\n";
    listed = false;
  }

  // A list that could not be read whole runs nothing and counts as one
  // failure.
  int passed = 0;
  int failed = listed ? run_all(passed) : 1;
  reap_finished();
  if (orphans_reaped > 0)
    out << "weft-init: reaped " << orphans_reaped << " orphaned process"
        << (orphans_reaped == 1 ? "" : "es") << '\n';
  out << "weft-init: " << passed << " passed, " << failed << " failed\n";
  if (first_process)
    power_off();
  return failed == 0 ? 0 : 1;
}
