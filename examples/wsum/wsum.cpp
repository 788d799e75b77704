// SPDX-License-Identifier: MIT
// wsum [-j N] [FILE]...: prints the SHA-256 of each FILE in the format of
// GNU coreutils 9.1 sha256sum. Worker threads of a ThreadPool take files
// from a shared counter, and the main thread prints the results in argument order as each
// one becomes ready.
#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

#include "sha256.hpp"
#include "weft.hpp"

namespace {

using weft::Errno;
using weft::Output;
using weft::Result;

// Files are hashed in chunks of this size, so memory use does not depend
// on file size.
constexpr std::size_t chunk_size = 64 * 1024;

// A worker keeps one chunk buffer on its stack, and the rest is headroom
// for the hashing and system-call frames.
constexpr std::size_t worker_stack_size = chunk_size + 64 * 1024;

constexpr const char* usage_text =
    "usage: wsum [-j N] [FILE]...\n"
    "Print the SHA-256 of each FILE, or of standard input for '-' or no "
    "FILE.\n"
    "  -j N  hash with N threads (a positive integer; default: the number "
    "of\n"
    "        CPUs this process may run on)\n";

// The outcome for one file: error is 0 and digest valid on success, else
// the errno that opening, reading or closing the file failed with.
struct Entry {
  weft::ResetEvent done;
  int error = 0;
  wsum::Digest digest{};
};

// State shared by the worker threads.
struct Job {
  const char* const* names;
  Entry* entries;
  std::size_t count;
  weft::Atomic<std::size_t> next{0};
};

bool is_stdin_name(const char* name) {
  return name[0] == '-' && name[1] == '\0';
}

// Hashes fd from its current position to end of file.
Result<wsum::Digest> hash_descriptor(int fd) {
  unsigned char buffer[chunk_size];
  wsum::Sha256 hasher;
  for (;;) {
    auto got = weft::sys::read(fd, buffer, sizeof(buffer));
    if (!got) {
      if (got.error() == Errno(EINTR))
        continue;
      return got.error();
    }
    if (*got == 0)
      return hasher.finish();
    hasher.update(buffer, *got);
  }
}

// Opens name read-only, retrying on EINTR (which opening a FIFO can
// return).
Result<int> open_for_reading(const char* name) {
  for (;;) {
    auto fd = weft::sys::openat(AT_FDCWD, name, O_RDONLY | O_CLOEXEC);
    if (fd || fd.error() != Errno(EINTR))
      return fd;
  }
}

// Whether standard input was closed at start, set by main before any file
// is opened. "-" then fails with EBADF without reading, because descriptor
// 0 may by then be a file that a worker opened.
bool stdin_closed = false;

// Opens and hashes one file ("-" is standard input) into entry.
void hash_into(const char* name, Entry& entry) {
  if (is_stdin_name(name)) {
    if (stdin_closed) {
      entry.error = EBADF;
      return;
    }
    auto digest = hash_descriptor(0);
    if (digest)
      entry.digest = *digest;
    else
      entry.error = digest.error().value();
    return;
  }

  auto fd = open_for_reading(name);
  if (!fd) {
    entry.error = fd.error().value();
    return;
  }
  auto digest = hash_descriptor(*fd);
  // close reports write-back errors on some file systems. Like sha256sum,
  // wsum counts them as a failure of this file. EINTR is no failure: Linux
  // has released the descriptor by then, so it must not be closed again.
  auto closed = weft::sys::close(*fd);
  if (!digest)
    entry.error = digest.error().value();
  else if (!closed && closed.error() != Errno(EINTR))
    entry.error = closed.error().value();
  else
    entry.digest = *digest;
}

void run_worker(Job* job) {
  for (;;) {
    std::size_t index = job->next.fetch_add(1, weft::MemoryOrder::relaxed);
    if (index >= job->count)
      return;
    // The main thread reads standard input itself, in argument order, so
    // a second "-" reads what the first left, as with sha256sum.
    if (is_stdin_name(job->names[index]))
      continue;
    hash_into(job->names[index], job->entries[index]);
    job->entries[index].done.set();
  }
}

// ---- Quoting file names in messages ----

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

bool contains(const char* set, unsigned char c) {
  for (; *set != '\0'; set++) {
    if (static_cast<unsigned char>(*set) == c)
      return true;
  }
  return false;
}

// The length of the well-formed UTF-8 sequence of two or more bytes at
// text, or 0 if there is none or it encodes a C1 control (U+0080..U+009F).
std::size_t utf8_sequence_length(const unsigned char* text) {
  unsigned char lead = text[0];
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
    if (lead == 0xc2)
      low = 0xa0;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0)
      low = 0xa0;
    else if (lead == 0xed)
      high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0)
      low = 0x90;
    else if (lead == 0xf4)
      high = 0x8f;
  } else {
    return 0;
  }
  if (text[1] < low || text[1] > high)
    return 0;
  for (std::size_t i = 2; i < length; i++) {
    if (text[i] < 0x80 || text[i] > 0xbf)
      return 0;
  }
  return length;
}

// Control characters and bytes that are not part of well-formed UTF-8.
bool is_unprintable(const unsigned char* text) {
  unsigned char c = text[0];
  if (c < 0x20 || c == 0x7f)
    return true;
  return c >= 0x80 && utf8_sequence_length(text) == 0;
}

void write_escape(Output& out, unsigned char c) {
  const char* named = nullptr;
  switch (c) {
  case '\a':
    named = "\\a";
    break;
  case '\b':
    named = "\\b";
    break;
  case '\t':
    named = "\\t";
    break;
  case '\n':
    named = "\\n";
    break;
  case '\v':
    named = "\\v";
    break;
  case '\f':
    named = "\\f";
    break;
  case '\r':
    named = "\\r";
    break;
  default:
    break;
  }
  if (named != nullptr) {
    out << named;
    return;
  }
  out << '\\' << static_cast<char>('0' + (c >> 6))
      << static_cast<char>('0' + ((c >> 3) & 7))
      << static_cast<char>('0' + (c & 7));
}

// Writes name single-quoted: a ' becomes '\'' and a run of unprintable
// bytes becomes a $'...' segment with C escapes.
void write_single_quoted(Output& out, const unsigned char* name) {
  out << '\'';
  bool quote_open = true;
  bool dollar_open = false;
  for (const unsigned char* p = name; *p != '\0';) {
    if (is_unprintable(p)) {
      if (quote_open) {
        out << '\'';
        quote_open = false;
      }
      if (!dollar_open) {
        out << "$'";
        dollar_open = true;
      }
      write_escape(out, *p);
      p++;
      continue;
    }
    if (dollar_open) {
      out << '\'';
      dollar_open = false;
    }
    if (*p == '\'') {
      if (quote_open)
        out << '\'';
      out << "\\''";
      quote_open = true;
      p++;
      continue;
    }
    if (!quote_open) {
      out << '\'';
      quote_open = true;
    }
    std::size_t length = *p >= 0x80 ? utf8_sequence_length(p) : 1;
    out.write(reinterpret_cast<const char*>(p), length);
    p += length;
  }
  if (dollar_open || quote_open)
    out << '\'';
}

// Writes name as a shell word, as coreutils 9.1 quotes file names in its
// error messages (its "shell-escape" style, with ':' also quoted):
//   - as it is when it has only characters no shell treats specially
//     (letters, digits, %+,-./@]_, { or } unless alone, and # or ~ after
//     the first character).
//   - in double quotes when it contains ' and otherwise only letters,
//     digits, %+,-./@]_, spaces, ':', and # or ~ as the first character.
//   - else in single quotes, with ' as '\'' and control characters as
//     $'\n' or $'\ooo'.
// Bytes of well-formed UTF-8 other than C1 controls count as printable, as
// in a UTF-8 locale, since wsum has no locale. Invalid bytes are escaped.
// NOTE: this reproduces the cases checked against sha256sum 9.1, but names
// that mix ' with control characters may be quoted differently. The result
// is always a shell word for the same name, which 9.1's is not for some of
// those ('\001'\'''$'\001').
// With always_quote, a name that needs no quoting is single-quoted too.
void write_quoted(Output& out, const char* text, bool always_quote = false) {
  auto name = reinterpret_cast<const unsigned char*>(text);
  if (*name == '\0') {
    out << "''";
    return;
  }
  bool needs_quotes = always_quote;
  bool has_single_quote = false;
  bool has_unprintable = false;
  bool double_quotes_fit = true;
  for (const unsigned char* p = name; *p != '\0';) {
    if (is_unprintable(p)) {
      has_unprintable = true;
      p++;
      continue;
    }
    if (*p >= 0x80) {
      p += utf8_sequence_length(p);
      continue;
    }
    unsigned char c = *p;
    bool plain = is_ascii_alnum(c) || contains("%+,-./@]_", c);
    // A lone { or } is a reserved word, and # or ~ first starts a comment
    // or a home directory.
    bool safe_unquoted = plain || (contains("{}", c) && name[1] != '\0') ||
                         (p != name && contains("#~", c));
    if (c == '\'')
      has_single_quote = true;
    else if (!safe_unquoted)
      needs_quotes = true;
    if (!plain && !contains("' :", c) && !(p == name && contains("#~", c)))
      double_quotes_fit = false;
    p++;
  }
  if (!needs_quotes && !has_single_quote && !has_unprintable) {
    out << text;
    return;
  }
  if (has_single_quote && !has_unprintable && double_quotes_fit) {
    out << '"' << text << '"';
    return;
  }
  write_single_quoted(out, name);
}

// ---- Output ----

// Writes the line sha256sum 9.1 prints: "<hex>  <name>", where a name
// with a backslash, newline or carriage return gets a leading backslash
// and has them written as \\, \n and \r. Other bytes, tabs and other
// control characters included, are copied as they are.
void write_digest_line(Output& out, const wsum::Digest& digest,
                       const char* name) {
  bool escape = false;
  for (const char* p = name; *p != '\0'; p++) {
    if (*p == '\\' || *p == '\n' || *p == '\r')
      escape = true;
  }
  char hex[64];
  wsum::to_hex(digest, hex);
  if (escape)
    out << '\\';
  out.write(hex, sizeof(hex));
  out << "  ";
  if (!escape) {
    out << name;
  } else {
    for (const char* p = name; *p != '\0'; p++) {
      if (*p == '\\')
        out << "\\\\";
      else if (*p == '\n')
        out << "\\n";
      else if (*p == '\r')
        out << "\\r";
      else
        out << *p;
    }
  }
  out << '\n';
}

// Writes "wsum: NAME: message" to standard error. Standard output is
// flushed first so that, on a terminal, the lines appear in order.
void report_error(Output& out, Output& err, const char* name, Errno error) {
  (void)out.flush();
  err << "wsum: ";
  write_quoted(err, name);
  err << ": " << error.message() << '\n';
  (void)err.flush();
}

// Prints the result for one file; returns false if it failed.
bool print_entry(Output& out, Output& err, const Entry& entry,
                 const char* name) {
  if (entry.error != 0) {
    report_error(out, err, name, Errno(entry.error));
    return false;
  }
  write_digest_line(out, entry.digest, name);
  return true;
}

// ---- Options ----

struct Options {
  // 0 means the default, the CPU count.
  std::size_t threads = 0;
  // The file operands, moved to the front of argv in their order.
  std::size_t file_count = 0;
};

[[noreturn]] void usage_error(Output& err) {
  err << usage_text;
  (void)err.flush();
  weft::exit(1);
}

// Parses a positive decimal integer. Values past SIZE_MAX saturate,
// because the thread count is capped by the file count anyway.
bool parse_thread_count(const char* text, std::size_t& count) {
  if (*text == '\0')
    return false;
  std::size_t value = 0;
  for (const char* p = text; *p != '\0'; p++) {
    if (*p < '0' || *p > '9')
      return false;
    std::size_t digit = static_cast<std::size_t>(*p - '0');
    if (value > (SIZE_MAX - digit) / 10)
      value = SIZE_MAX;
    else
      value = value * 10 + digit;
  }
  if (value == 0)
    return false;
  count = value;
  return true;
}

void set_thread_count(Output& err, const char* text, Options& options) {
  if (!parse_thread_count(text, options.threads)) {
    err << "wsum: invalid thread count: ";
    write_quoted(err, text, true);
    err << " (expected a positive integer)\n";
    usage_error(err);
  }
}

// Parses options the way GNU getopt does for short options: they may come
// anywhere before "--", "-jN" and "-j N" are the same, and "-" is a file.
// File operands are compacted, in order, to the front of argv + 1.
Options parse_options(Output& err, int argc, char** argv) {
  Options options;
  char** files = argv + 1;
  bool options_ended = false;
  for (int i = 1; i < argc; i++) {
    char* arg = argv[i];
    if (options_ended || arg[0] != '-' || arg[1] == '\0') {
      files[options.file_count++] = arg;
      continue;
    }
    if (arg[1] == '-') {
      if (arg[2] == '\0') {
        options_ended = true;
        continue;
      }
      err << "wsum: unrecognized option '" << arg << "'\n";
      usage_error(err);
    }
    for (const char* p = arg + 1; *p != '\0'; p++) {
      if (*p != 'j') {
        err << "wsum: invalid option -- '" << *p << "'\n";
        usage_error(err);
      }
      if (p[1] != '\0') {
        set_thread_count(err, p + 1, options);
      } else if (i + 1 < argc) {
        set_thread_count(err, argv[++i], options);
      } else {
        err << "wsum: option requires an argument -- 'j'\n";
        usage_error(err);
      }
      break;
    }
  }
  return options;
}

// ---- Threads and memory ----

// Maps count zeroed elements of size bytes each. Returns nullptr if the
// total size overflows or mmap fails.
void* map_array(std::size_t count, std::size_t size) {
  if (count == 0 || count > SIZE_MAX / size)
    return nullptr;
  auto mapping = weft::sys::mmap(nullptr, count * size, PROT_READ | PROT_WRITE,
                                 MAP_PRIVATE | MAP_ANONYMOUS);
  return mapping ? *mapping : nullptr;
}

std::size_t default_thread_count() {
  auto cpus = weft::Thread::cpu_count();
  if (!cpus || *cpus == 0)
    return 1;
  return *cpus;
}

// Starts a pool of workers and gives each one the loop over job. If the
// pool cannot start, warns and returns an empty result: the main thread
// then hashes every file itself.
Result<weft::ThreadPool> start_workers(Output& err, Job& job,
                                       std::size_t workers) {
  auto pool = weft::ThreadPool::create(
      {.threads = static_cast<unsigned>(workers),
       .queue_capacity = workers,
       .stack_size = worker_stack_size});
  if (!pool) {
    err << "wsum: warning: cannot start " << workers << " threads: "
        << pool.error().message() << "; hashing on the main thread only\n";
    (void)err.flush();
    return pool;
  }
  // One loop per worker, so every task starts at once.
  for (std::size_t i = 0; i < workers; i++)
    (void)pool->submit([&job] { run_worker(&job); });
  return pool;
}

// The number of worker threads to start: the request, or the CPU count by
// default, but no more than the files that workers hash ("-" is read by
// the main thread).
std::size_t worker_count(const char* const* names, std::size_t count,
                         std::size_t requested) {
  std::size_t files = 0;
  for (std::size_t i = 0; i < count; i++) {
    if (!is_stdin_name(names[i]))
      files++;
  }
  if (requested == 0)
    requested = default_thread_count();
  return requested < files ? requested : files;
}

// Prints the results in argument order, waiting for each file's worker, and
// returns true if every file was hashed. Without the per-file array
// (entries is nullptr because mmap failed) or without workers, the main
// thread hashes each file itself just before printing it.
bool print_results(Output& out, Output& err, const char* const* names,
                   Entry* entries, std::size_t count, std::size_t workers) {
  bool all_hashed = true;
  for (std::size_t i = 0; i < count; i++) {
    Entry local;
    Entry* entry = entries != nullptr ? &entries[i] : &local;
    if (workers == 0 || is_stdin_name(names[i]))
      hash_into(names[i], *entry);
    else
      entry->done.wait();
    if (!print_entry(out, err, *entry, names[i]))
      all_hashed = false;
  }
  return all_hashed;
}

} // namespace

int main(int argc, char** argv, char**) {
  Output out(1);
  Output err(2);

  Options options = parse_options(err, argc, argv);
  static const char* const stdin_only[] = {"-"};
  const char* const* names = argv + 1;
  std::size_t count = options.file_count;
  if (count == 0) {
    names = stdin_only;
    count = 1;
  }

  // A read of 0 bytes checks that descriptor 0 is open and reads nothing.
  auto probe = weft::sys::read(0, nullptr, 0);
  stdin_closed = !probe && probe.error() == Errno(EBADF);

  auto* entries = static_cast<Entry*>(map_array(count, sizeof(Entry)));
  if (entries != nullptr) {
    for (std::size_t i = 0; i < count; i++)
      new (&entries[i]) Entry;
  }
  Job job{names, entries, count};
  std::size_t workers = worker_count(names, count, options.threads);
  Result<weft::ThreadPool> pool = Errno(ECANCELED);
  if (entries != nullptr && workers > 0)
    pool = start_workers(err, job, workers);
  if (!pool)
    workers = 0;

  bool all_hashed = print_results(out, err, names, entries, count, workers);
  if (pool)
    pool->shutdown();
  if (entries != nullptr) {
    for (std::size_t i = 0; i < count; i++)
      entries[i].~Entry();
    (void)weft::sys::munmap(entries, count * sizeof(Entry));
  }

  auto flushed = out.flush();
  if (!flushed) {
    err << "wsum: write error: " << flushed.error().message() << '\n';
    (void)err.flush();
    return 1;
  }
  return all_hashed ? 0 : 1;
}
