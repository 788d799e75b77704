// SPDX-License-Identifier: MIT
// The floor programs' runtime: process start, threads from raw clone, the
// clock, output and arguments, all on raw system calls.
#include "floor.h"

#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/time.h>

long floor_clone(unsigned long flags, void* stack_top, int* parent_tid,
                 int* child_tid, void (*function)(void*), void* argument);

int main(int argc, char** argv);

static int saved_argc;
static char** saved_argv;

// Called by _start with the stack the kernel set up: argc, then argv.
_Noreturn void floor_start(long* initial_stack) {
  saved_argc = (int)initial_stack[0];
  saved_argv = (char**)(initial_stack + 1);
  int status = main(saved_argc, saved_argv);
  floor_syscall(__NR_exit_group, status, 0, 0, 0, 0, 0);
  __builtin_unreachable();
}

// GCC may emit calls to these two even in freestanding code.
void* memset(void* destination, int value, size_t size) {
  unsigned char* bytes = destination;
  for (size_t i = 0; i < size; i++)
    bytes[i] = (unsigned char)value;
  return destination;
}

void* memcpy(void* destination, const void* source, size_t size) {
  unsigned char* to = destination;
  const unsigned char* from = source;
  for (size_t i = 0; i < size; i++)
    to[i] = from[i];
  return destination;
}

void* floor_map(size_t size) {
  long address = floor_syscall(__NR_mmap, 0, (long)size, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (address < 0 && address > -4096)
    floor_fail("mmap failed");
  return (void*)address;
}

// What a thread shares with its creator. The kernel stores the tid before
// clone returns and clears it, with a futex wake-up, at thread exit.
static const unsigned long floor_clone_flags =
    CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
    CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;

long floor_spawn_on(struct floor_thread* thread, void* stack,
                    size_t stack_size, void (*function)(void*),
                    void* argument) {
  thread->stack = stack;
  thread->stack_size = stack_size;
  long tid = floor_clone(floor_clone_flags, (char*)stack + stack_size,
                         &thread->tid, &thread->tid, function, argument);
  return tid < 0 ? tid : 0;
}

long floor_spawn(struct floor_thread* thread, size_t stack_size,
                 void (*function)(void*), void* argument) {
  void* stack = floor_map(stack_size);
  long status = floor_spawn_on(thread, stack, stack_size, function, argument);
  if (status != 0)
    floor_syscall(__NR_munmap, (long)stack, (long)stack_size, 0, 0, 0, 0);
  return status;
}

void floor_wait(struct floor_thread* thread) {
  for (;;) {
    int tid = __atomic_load_n(&thread->tid, __ATOMIC_ACQUIRE);
    if (tid == 0)
      break;
    // The kernel's wake-up at thread exit is a shared futex operation.
    floor_futex_wait(&thread->tid, (uint32_t)tid, 0);
  }
}

void floor_join(struct floor_thread* thread) {
  floor_wait(thread);
  floor_syscall(__NR_munmap, (long)thread->stack, (long)thread->stack_size, 0,
                0, 0, 0);
}

int64_t floor_now_ns(void) {
  struct __kernel_timespec time;
  floor_syscall(__NR_clock_gettime, CLOCK_MONOTONIC, (long)&time, 0, 0, 0, 0);
  return time.tv_sec * 1000000000 + time.tv_nsec;
}

static size_t text_length(const char* text) {
  size_t length = 0;
  while (text[length] != '\0')
    length++;
  return length;
}

static void write_text(int fd, const char* text) {
  size_t length = text_length(text);
  while (length > 0) {
    long written =
        floor_syscall(__NR_write, fd, (long)text, (long)length, 0, 0, 0);
    if (written <= 0)
      return;
    text += written;
    length -= (size_t)written;
  }
}

_Noreturn void floor_fail(const char* message) {
  write_text(2, saved_argv != 0 ? saved_argv[0] : "floor");
  write_text(2, ": ");
  write_text(2, message);
  write_text(2, "\n");
  floor_syscall(__NR_exit_group, 1, 0, 0, 0, 0, 0);
  __builtin_unreachable();
}

int64_t floor_argument(int index, int64_t fallback) {
  if (index >= saved_argc)
    return fallback;
  const char* text = saved_argv[index];
  if (*text == '\0')
    floor_fail("invalid argument: expected a decimal number");
  int64_t value = 0;
  for (; *text != '\0'; text++) {
    if (*text < '0' || *text > '9')
      floor_fail("invalid argument: expected a decimal number");
    value = value * 10 + (*text - '0');
  }
  return value;
}

// Appends the decimal digits of value at end and returns the new end.
static char* append_decimal(char* end, uint64_t value) {
  char digits[24];
  int count = 0;
  do {
    digits[count++] = (char)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (count > 0)
    *end++ = digits[--count];
  return end;
}

static char* append_text(char* end, const char* text) {
  while (*text != '\0')
    *end++ = *text++;
  return end;
}

static void report_line(const char* name, int64_t whole, int tenths,
                        const char* unit) {
  char line[256];
  char* end = append_text(line, name);
  *end++ = ' ';
  if (whole < 0) {
    *end++ = '-';
    whole = -whole;
  }
  end = append_decimal(end, (uint64_t)whole);
  if (tenths >= 0) {
    *end++ = '.';
    end = append_decimal(end, (uint64_t)tenths);
  }
  *end++ = ' ';
  end = append_text(end, unit);
  *end++ = '\n';
  *end = '\0';
  write_text(1, line);
}

void floor_report(const char* name, int64_t value, const char* unit) {
  report_line(name, value, -1, unit);
}

void floor_report_mean(const char* name, int64_t total, int64_t count,
                       const char* unit) {
  int64_t tenths = (total * 10 + count / 2) / count;
  report_line(name, tenths / 10, (int)(tenths % 10), unit);
}

// Returns the value of the status line that starts with key, or -1.
static int64_t status_field(const char* text, const char* key) {
  for (const char* line = text; *line != '\0';) {
    const char* k = key;
    const char* t = line;
    while (*k != '\0' && *t == *k) {
      k++;
      t++;
    }
    if (*k == '\0') {
      while (*t == ' ' || *t == '\t')
        t++;
      int64_t value = 0;
      while (*t >= '0' && *t <= '9')
        value = value * 10 + (*t++ - '0');
      return value;
    }
    while (*line != '\0' && *line != '\n')
      line++;
    if (*line == '\n')
      line++;
  }
  return -1;
}

struct floor_memory floor_read_memory(void) {
  static char text[8192];
  long fd = floor_syscall(__NR_openat, AT_FDCWD, (long)"/proc/self/status",
                          O_RDONLY, 0, 0, 0);
  if (fd < 0)
    floor_fail("cannot open /proc/self/status");
  size_t used = 0;
  while (used < sizeof text - 1) {
    long got = floor_syscall(__NR_read, fd, (long)(text + used),
                             (long)(sizeof text - 1 - used), 0, 0, 0);
    if (got < 0)
      floor_fail("cannot read /proc/self/status");
    if (got == 0)
      break;
    used += (size_t)got;
  }
  text[used] = '\0';
  floor_syscall(__NR_close, fd, 0, 0, 0, 0, 0);
  struct floor_memory memory = {
      .resident_kib = status_field(text, "VmRSS:"),
      .mapped_kib = status_field(text, "VmSize:"),
  };
  return memory;
}
