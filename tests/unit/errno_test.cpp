// SPDX-License-Identifier: MIT
#include <cerrno>
#include <iterator>
#include <map>
#include <string>

#include <doctest/doctest.h>

#include "result.hpp"

using weft::Errno;

namespace {

std::string name_of(int value) { return Errno(value).name(); }
std::string message_of(int value) { return Errno(value).message(); }

struct ErrnoCase {
  int value;
  const char* name;
};

#define ERRNO_CASE(symbol)                                                     \
  ErrnoCase { symbol, #symbol }

// Every name Python 3.11's errno module has for values 1 to 133 on x86_64
// Linux, with the aliases EDEADLOCK, ENOTSUP and EWOULDBLOCK replaced by the
// names they alias. The values come from the host's <cerrno>.
constexpr ErrnoCase known_errnos[] = {
    ERRNO_CASE(EPERM),
    ERRNO_CASE(ENOENT),
    ERRNO_CASE(ESRCH),
    ERRNO_CASE(EINTR),
    ERRNO_CASE(EIO),
    ERRNO_CASE(ENXIO),
    ERRNO_CASE(E2BIG),
    ERRNO_CASE(ENOEXEC),
    ERRNO_CASE(EBADF),
    ERRNO_CASE(ECHILD),
    ERRNO_CASE(EAGAIN),
    ERRNO_CASE(ENOMEM),
    ERRNO_CASE(EACCES),
    ERRNO_CASE(EFAULT),
    ERRNO_CASE(ENOTBLK),
    ERRNO_CASE(EBUSY),
    ERRNO_CASE(EEXIST),
    ERRNO_CASE(EXDEV),
    ERRNO_CASE(ENODEV),
    ERRNO_CASE(ENOTDIR),
    ERRNO_CASE(EISDIR),
    ERRNO_CASE(EINVAL),
    ERRNO_CASE(ENFILE),
    ERRNO_CASE(EMFILE),
    ERRNO_CASE(ENOTTY),
    ERRNO_CASE(ETXTBSY),
    ERRNO_CASE(EFBIG),
    ERRNO_CASE(ENOSPC),
    ERRNO_CASE(ESPIPE),
    ERRNO_CASE(EROFS),
    ERRNO_CASE(EMLINK),
    ERRNO_CASE(EPIPE),
    ERRNO_CASE(EDOM),
    ERRNO_CASE(ERANGE),
    ERRNO_CASE(EDEADLK),
    ERRNO_CASE(ENAMETOOLONG),
    ERRNO_CASE(ENOLCK),
    ERRNO_CASE(ENOSYS),
    ERRNO_CASE(ENOTEMPTY),
    ERRNO_CASE(ELOOP),
    ERRNO_CASE(ENOMSG),
    ERRNO_CASE(EIDRM),
    ERRNO_CASE(ECHRNG),
    ERRNO_CASE(EL2NSYNC),
    ERRNO_CASE(EL3HLT),
    ERRNO_CASE(EL3RST),
    ERRNO_CASE(ELNRNG),
    ERRNO_CASE(EUNATCH),
    ERRNO_CASE(ENOCSI),
    ERRNO_CASE(EL2HLT),
    ERRNO_CASE(EBADE),
    ERRNO_CASE(EBADR),
    ERRNO_CASE(EXFULL),
    ERRNO_CASE(ENOANO),
    ERRNO_CASE(EBADRQC),
    ERRNO_CASE(EBADSLT),
    ERRNO_CASE(EBFONT),
    ERRNO_CASE(ENOSTR),
    ERRNO_CASE(ENODATA),
    ERRNO_CASE(ETIME),
    ERRNO_CASE(ENOSR),
    ERRNO_CASE(ENONET),
    ERRNO_CASE(ENOPKG),
    ERRNO_CASE(EREMOTE),
    ERRNO_CASE(ENOLINK),
    ERRNO_CASE(EADV),
    ERRNO_CASE(ESRMNT),
    ERRNO_CASE(ECOMM),
    ERRNO_CASE(EPROTO),
    ERRNO_CASE(EMULTIHOP),
    ERRNO_CASE(EDOTDOT),
    ERRNO_CASE(EBADMSG),
    ERRNO_CASE(EOVERFLOW),
    ERRNO_CASE(ENOTUNIQ),
    ERRNO_CASE(EBADFD),
    ERRNO_CASE(EREMCHG),
    ERRNO_CASE(ELIBACC),
    ERRNO_CASE(ELIBBAD),
    ERRNO_CASE(ELIBSCN),
    ERRNO_CASE(ELIBMAX),
    ERRNO_CASE(ELIBEXEC),
    ERRNO_CASE(EILSEQ),
    ERRNO_CASE(ERESTART),
    ERRNO_CASE(ESTRPIPE),
    ERRNO_CASE(EUSERS),
    ERRNO_CASE(ENOTSOCK),
    ERRNO_CASE(EDESTADDRREQ),
    ERRNO_CASE(EMSGSIZE),
    ERRNO_CASE(EPROTOTYPE),
    ERRNO_CASE(ENOPROTOOPT),
    ERRNO_CASE(EPROTONOSUPPORT),
    ERRNO_CASE(ESOCKTNOSUPPORT),
    ERRNO_CASE(EOPNOTSUPP),
    ERRNO_CASE(EPFNOSUPPORT),
    ERRNO_CASE(EAFNOSUPPORT),
    ERRNO_CASE(EADDRINUSE),
    ERRNO_CASE(EADDRNOTAVAIL),
    ERRNO_CASE(ENETDOWN),
    ERRNO_CASE(ENETUNREACH),
    ERRNO_CASE(ENETRESET),
    ERRNO_CASE(ECONNABORTED),
    ERRNO_CASE(ECONNRESET),
    ERRNO_CASE(ENOBUFS),
    ERRNO_CASE(EISCONN),
    ERRNO_CASE(ENOTCONN),
    ERRNO_CASE(ESHUTDOWN),
    ERRNO_CASE(ETOOMANYREFS),
    ERRNO_CASE(ETIMEDOUT),
    ERRNO_CASE(ECONNREFUSED),
    ERRNO_CASE(EHOSTDOWN),
    ERRNO_CASE(EHOSTUNREACH),
    ERRNO_CASE(EALREADY),
    ERRNO_CASE(EINPROGRESS),
    ERRNO_CASE(ESTALE),
    ERRNO_CASE(EUCLEAN),
    ERRNO_CASE(ENOTNAM),
    ERRNO_CASE(ENAVAIL),
    ERRNO_CASE(EISNAM),
    ERRNO_CASE(EREMOTEIO),
    ERRNO_CASE(EDQUOT),
    ERRNO_CASE(ENOMEDIUM),
    ERRNO_CASE(EMEDIUMTYPE),
    ERRNO_CASE(ECANCELED),
    ERRNO_CASE(ENOKEY),
    ERRNO_CASE(EKEYEXPIRED),
    ERRNO_CASE(EKEYREVOKED),
    ERRNO_CASE(EKEYREJECTED),
    ERRNO_CASE(EOWNERDEAD),
    ERRNO_CASE(ENOTRECOVERABLE),
    ERRNO_CASE(ERFKILL),
};

#undef ERRNO_CASE

} // namespace

TEST_CASE("errno ENOENT") {
  CHECK(name_of(ENOENT) == "ENOENT");
  CHECK(message_of(ENOENT) == "No such file or directory");
}

TEST_CASE("errno EISDIR") {
  CHECK(name_of(EISDIR) == "EISDIR");
  CHECK(message_of(EISDIR) == "Is a directory");
}

TEST_CASE("errno EAGAIN") {
  CHECK(name_of(EAGAIN) == "EAGAIN");
  CHECK(message_of(EAGAIN) == "Resource temporarily unavailable");
}

TEST_CASE("errno EINTR") {
  CHECK(name_of(EINTR) == "EINTR");
  CHECK(message_of(EINTR) == "Interrupted system call");
}

TEST_CASE("errno ETIMEDOUT") {
  CHECK(name_of(ETIMEDOUT) == "ETIMEDOUT");
  CHECK(message_of(ETIMEDOUT) == "Connection timed out");
}

// Python 3.11 has no name for EHWPOISON, so the loop below skips it.
TEST_CASE("errno EHWPOISON") {
  CHECK(name_of(EHWPOISON) == "EHWPOISON");
  CHECK(message_of(EHWPOISON) == "Memory page has hardware error");
}

TEST_CASE("errno aliases give canonical name") {
  CHECK(name_of(EWOULDBLOCK) == "EAGAIN");
  CHECK(name_of(ENOTSUP) == "EOPNOTSUPP");
  CHECK(message_of(ENOTSUP) == "Operation not supported");
  // Some architectures, mips among them, give EDEADLOCK a value of its own.
#if EDEADLOCK == EDEADLK
  CHECK(name_of(EDEADLOCK) == "EDEADLK");
  CHECK(message_of(EDEADLOCK) == "Resource deadlock avoided");
#else
  CHECK(name_of(EDEADLOCK) == "EDEADLOCK");
  CHECK(message_of(EDEADLOCK) == "File locking deadlock error");
#endif
}

TEST_CASE("errno unknown values") {
  CHECK(name_of(100000) == "E?");
  CHECK(message_of(100000) == "Unknown error");
  CHECK(name_of(0) == "E?");
  CHECK(message_of(0) == "Unknown error");
  CHECK(name_of(-1) == "E?");
  CHECK(name_of(-ENOENT) == "E?");
  CHECK(name_of(4096) == "E?");
}

TEST_CASE("errno every Python name known") {
  for (const ErrnoCase& known : known_errnos) {
    CAPTURE(known.value);
    CHECK(name_of(known.value) == std::string(known.name));
    CHECK(message_of(known.value) != "Unknown error");
  }
}

TEST_CASE("errno names are unique") {
  // A value listed twice would make one of its rows unreachable, and two
  // values under one name would make name() ambiguous.
  std::map<std::string, int> value_by_name;
  for (int value = 1; value < 4096; ++value) {
    std::string name = name_of(value);
    if (name == "E?")
      continue;
    auto [entry, inserted] = value_by_name.emplace(name, value);
    CAPTURE(name);
    CAPTURE(entry->second);
    CAPTURE(value);
    CHECK(inserted);
  }
  CHECK(value_by_name.size() >= std::size(known_errnos));
}
