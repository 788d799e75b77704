// SPDX-License-Identifier: MIT
// Names and messages for kernel error numbers. The numbers come from the
// target's <linux/errno.h> macros, never from literals, because they differ
// between architectures. Each row sits under #ifdef so a name that some
// architecture's headers lack drops out instead of breaking the build.
#include "result.hpp"

#include <linux/errno.h>

namespace weft {
namespace {

struct ErrnoEntry {
  int value;
  const char* name;
  const char* message;
};

#define WEFT_ERRNO_ROW(symbol, text)                                           \
  { symbol, #symbol, text }

// Messages are glibc 2.36's strerror texts in the C locale, as Python's
// os.strerror printed them. Aliases (EWOULDBLOCK, ENOTSUP, and EDEADLOCK
// where it equals EDEADLK) get no row, so each value maps to one name.
constexpr ErrnoEntry errno_table[] = {
#ifdef EPERM
    WEFT_ERRNO_ROW(EPERM, "Operation not permitted"),
#endif
#ifdef ENOENT
    WEFT_ERRNO_ROW(ENOENT, "No such file or directory"),
#endif
#ifdef ESRCH
    WEFT_ERRNO_ROW(ESRCH, "No such process"),
#endif
#ifdef EINTR
    WEFT_ERRNO_ROW(EINTR, "Interrupted system call"),
#endif
#ifdef EIO
    WEFT_ERRNO_ROW(EIO, "Input/output error"),
#endif
#ifdef ENXIO
    WEFT_ERRNO_ROW(ENXIO, "No such device or address"),
#endif
#ifdef E2BIG
    WEFT_ERRNO_ROW(E2BIG, "Argument list too long"),
#endif
#ifdef ENOEXEC
    WEFT_ERRNO_ROW(ENOEXEC, "Exec format error"),
#endif
#ifdef EBADF
    WEFT_ERRNO_ROW(EBADF, "Bad file descriptor"),
#endif
#ifdef ECHILD
    WEFT_ERRNO_ROW(ECHILD, "No child processes"),
#endif
#ifdef EAGAIN
    WEFT_ERRNO_ROW(EAGAIN, "Resource temporarily unavailable"),
#endif
#ifdef ENOMEM
    WEFT_ERRNO_ROW(ENOMEM, "Cannot allocate memory"),
#endif
#ifdef EACCES
    WEFT_ERRNO_ROW(EACCES, "Permission denied"),
#endif
#ifdef EFAULT
    WEFT_ERRNO_ROW(EFAULT, "Bad address"),
#endif
#ifdef ENOTBLK
    WEFT_ERRNO_ROW(ENOTBLK, "Block device required"),
#endif
#ifdef EBUSY
    WEFT_ERRNO_ROW(EBUSY, "Device or resource busy"),
#endif
#ifdef EEXIST
    WEFT_ERRNO_ROW(EEXIST, "File exists"),
#endif
#ifdef EXDEV
    WEFT_ERRNO_ROW(EXDEV, "Invalid cross-device link"),
#endif
#ifdef ENODEV
    WEFT_ERRNO_ROW(ENODEV, "No such device"),
#endif
#ifdef ENOTDIR
    WEFT_ERRNO_ROW(ENOTDIR, "Not a directory"),
#endif
#ifdef EISDIR
    WEFT_ERRNO_ROW(EISDIR, "Is a directory"),
#endif
#ifdef EINVAL
    WEFT_ERRNO_ROW(EINVAL, "Invalid argument"),
#endif
#ifdef ENFILE
    WEFT_ERRNO_ROW(ENFILE, "Too many open files in system"),
#endif
#ifdef EMFILE
    WEFT_ERRNO_ROW(EMFILE, "Too many open files"),
#endif
#ifdef ENOTTY
    WEFT_ERRNO_ROW(ENOTTY, "Inappropriate ioctl for device"),
#endif
#ifdef ETXTBSY
    WEFT_ERRNO_ROW(ETXTBSY, "Text file busy"),
#endif
#ifdef EFBIG
    WEFT_ERRNO_ROW(EFBIG, "File too large"),
#endif
#ifdef ENOSPC
    WEFT_ERRNO_ROW(ENOSPC, "No space left on device"),
#endif
#ifdef ESPIPE
    WEFT_ERRNO_ROW(ESPIPE, "Illegal seek"),
#endif
#ifdef EROFS
    WEFT_ERRNO_ROW(EROFS, "Read-only file system"),
#endif
#ifdef EMLINK
    WEFT_ERRNO_ROW(EMLINK, "Too many links"),
#endif
#ifdef EPIPE
    WEFT_ERRNO_ROW(EPIPE, "Broken pipe"),
#endif
#ifdef EDOM
    WEFT_ERRNO_ROW(EDOM, "Numerical argument out of domain"),
#endif
#ifdef ERANGE
    WEFT_ERRNO_ROW(ERANGE, "Numerical result out of range"),
#endif
#ifdef EDEADLK
    WEFT_ERRNO_ROW(EDEADLK, "Resource deadlock avoided"),
#endif
#ifdef ENAMETOOLONG
    WEFT_ERRNO_ROW(ENAMETOOLONG, "File name too long"),
#endif
#ifdef ENOLCK
    WEFT_ERRNO_ROW(ENOLCK, "No locks available"),
#endif
#ifdef ENOSYS
    WEFT_ERRNO_ROW(ENOSYS, "Function not implemented"),
#endif
#ifdef ENOTEMPTY
    WEFT_ERRNO_ROW(ENOTEMPTY, "Directory not empty"),
#endif
#ifdef ELOOP
    WEFT_ERRNO_ROW(ELOOP, "Too many levels of symbolic links"),
#endif
#ifdef ENOMSG
    WEFT_ERRNO_ROW(ENOMSG, "No message of desired type"),
#endif
#ifdef EIDRM
    WEFT_ERRNO_ROW(EIDRM, "Identifier removed"),
#endif
#ifdef ECHRNG
    WEFT_ERRNO_ROW(ECHRNG, "Channel number out of range"),
#endif
#ifdef EL2NSYNC
    WEFT_ERRNO_ROW(EL2NSYNC, "Level 2 not synchronized"),
#endif
#ifdef EL3HLT
    WEFT_ERRNO_ROW(EL3HLT, "Level 3 halted"),
#endif
#ifdef EL3RST
    WEFT_ERRNO_ROW(EL3RST, "Level 3 reset"),
#endif
#ifdef ELNRNG
    WEFT_ERRNO_ROW(ELNRNG, "Link number out of range"),
#endif
#ifdef EUNATCH
    WEFT_ERRNO_ROW(EUNATCH, "Protocol driver not attached"),
#endif
#ifdef ENOCSI
    WEFT_ERRNO_ROW(ENOCSI, "No CSI structure available"),
#endif
#ifdef EL2HLT
    WEFT_ERRNO_ROW(EL2HLT, "Level 2 halted"),
#endif
#ifdef EBADE
    WEFT_ERRNO_ROW(EBADE, "Invalid exchange"),
#endif
#ifdef EBADR
    WEFT_ERRNO_ROW(EBADR, "Invalid request descriptor"),
#endif
#ifdef EXFULL
    WEFT_ERRNO_ROW(EXFULL, "Exchange full"),
#endif
#ifdef ENOANO
    WEFT_ERRNO_ROW(ENOANO, "No anode"),
#endif
#ifdef EBADRQC
    WEFT_ERRNO_ROW(EBADRQC, "Invalid request code"),
#endif
#ifdef EBADSLT
    WEFT_ERRNO_ROW(EBADSLT, "Invalid slot"),
#endif
#ifdef EBFONT
    WEFT_ERRNO_ROW(EBFONT, "Bad font file format"),
#endif
#ifdef ENOSTR
    WEFT_ERRNO_ROW(ENOSTR, "Device not a stream"),
#endif
#ifdef ENODATA
    WEFT_ERRNO_ROW(ENODATA, "No data available"),
#endif
#ifdef ETIME
    WEFT_ERRNO_ROW(ETIME, "Timer expired"),
#endif
#ifdef ENOSR
    WEFT_ERRNO_ROW(ENOSR, "Out of streams resources"),
#endif
#ifdef ENONET
    WEFT_ERRNO_ROW(ENONET, "Machine is not on the network"),
#endif
#ifdef ENOPKG
    WEFT_ERRNO_ROW(ENOPKG, "Package not installed"),
#endif
#ifdef EREMOTE
    WEFT_ERRNO_ROW(EREMOTE, "Object is remote"),
#endif
#ifdef ENOLINK
    WEFT_ERRNO_ROW(ENOLINK, "Link has been severed"),
#endif
#ifdef EADV
    WEFT_ERRNO_ROW(EADV, "Advertise error"),
#endif
#ifdef ESRMNT
    WEFT_ERRNO_ROW(ESRMNT, "Srmount error"),
#endif
#ifdef ECOMM
    WEFT_ERRNO_ROW(ECOMM, "Communication error on send"),
#endif
#ifdef EPROTO
    WEFT_ERRNO_ROW(EPROTO, "Protocol error"),
#endif
#ifdef EMULTIHOP
    WEFT_ERRNO_ROW(EMULTIHOP, "Multihop attempted"),
#endif
#ifdef EDOTDOT
    WEFT_ERRNO_ROW(EDOTDOT, "RFS specific error"),
#endif
#ifdef EBADMSG
    WEFT_ERRNO_ROW(EBADMSG, "Bad message"),
#endif
#ifdef EOVERFLOW
    WEFT_ERRNO_ROW(EOVERFLOW, "Value too large for defined data type"),
#endif
#ifdef ENOTUNIQ
    WEFT_ERRNO_ROW(ENOTUNIQ, "Name not unique on network"),
#endif
#ifdef EBADFD
    WEFT_ERRNO_ROW(EBADFD, "File descriptor in bad state"),
#endif
#ifdef EREMCHG
    WEFT_ERRNO_ROW(EREMCHG, "Remote address changed"),
#endif
#ifdef ELIBACC
    WEFT_ERRNO_ROW(ELIBACC, "Can not access a needed shared library"),
#endif
#ifdef ELIBBAD
    WEFT_ERRNO_ROW(ELIBBAD, "Accessing a corrupted shared library"),
#endif
#ifdef ELIBSCN
    WEFT_ERRNO_ROW(ELIBSCN, ".lib section in a.out corrupted"),
#endif
#ifdef ELIBMAX
    WEFT_ERRNO_ROW(ELIBMAX, "Attempting to link in too many shared libraries"),
#endif
#ifdef ELIBEXEC
    WEFT_ERRNO_ROW(ELIBEXEC, "Cannot exec a shared library directly"),
#endif
#ifdef EILSEQ
    WEFT_ERRNO_ROW(EILSEQ, "Invalid or incomplete multibyte or wide character"),
#endif
#ifdef ERESTART
    WEFT_ERRNO_ROW(ERESTART, "Interrupted system call should be restarted"),
#endif
#ifdef ESTRPIPE
    WEFT_ERRNO_ROW(ESTRPIPE, "Streams pipe error"),
#endif
#ifdef EUSERS
    WEFT_ERRNO_ROW(EUSERS, "Too many users"),
#endif
#ifdef ENOTSOCK
    WEFT_ERRNO_ROW(ENOTSOCK, "Socket operation on non-socket"),
#endif
#ifdef EDESTADDRREQ
    WEFT_ERRNO_ROW(EDESTADDRREQ, "Destination address required"),
#endif
#ifdef EMSGSIZE
    WEFT_ERRNO_ROW(EMSGSIZE, "Message too long"),
#endif
#ifdef EPROTOTYPE
    WEFT_ERRNO_ROW(EPROTOTYPE, "Protocol wrong type for socket"),
#endif
#ifdef ENOPROTOOPT
    WEFT_ERRNO_ROW(ENOPROTOOPT, "Protocol not available"),
#endif
#ifdef EPROTONOSUPPORT
    WEFT_ERRNO_ROW(EPROTONOSUPPORT, "Protocol not supported"),
#endif
#ifdef ESOCKTNOSUPPORT
    WEFT_ERRNO_ROW(ESOCKTNOSUPPORT, "Socket type not supported"),
#endif
#ifdef EOPNOTSUPP
    WEFT_ERRNO_ROW(EOPNOTSUPP, "Operation not supported"),
#endif
#ifdef EPFNOSUPPORT
    WEFT_ERRNO_ROW(EPFNOSUPPORT, "Protocol family not supported"),
#endif
#ifdef EAFNOSUPPORT
    WEFT_ERRNO_ROW(EAFNOSUPPORT, "Address family not supported by protocol"),
#endif
#ifdef EADDRINUSE
    WEFT_ERRNO_ROW(EADDRINUSE, "Address already in use"),
#endif
#ifdef EADDRNOTAVAIL
    WEFT_ERRNO_ROW(EADDRNOTAVAIL, "Cannot assign requested address"),
#endif
#ifdef ENETDOWN
    WEFT_ERRNO_ROW(ENETDOWN, "Network is down"),
#endif
#ifdef ENETUNREACH
    WEFT_ERRNO_ROW(ENETUNREACH, "Network is unreachable"),
#endif
#ifdef ENETRESET
    WEFT_ERRNO_ROW(ENETRESET, "Network dropped connection on reset"),
#endif
#ifdef ECONNABORTED
    WEFT_ERRNO_ROW(ECONNABORTED, "Software caused connection abort"),
#endif
#ifdef ECONNRESET
    WEFT_ERRNO_ROW(ECONNRESET, "Connection reset by peer"),
#endif
#ifdef ENOBUFS
    WEFT_ERRNO_ROW(ENOBUFS, "No buffer space available"),
#endif
#ifdef EISCONN
    WEFT_ERRNO_ROW(EISCONN, "Transport endpoint is already connected"),
#endif
#ifdef ENOTCONN
    WEFT_ERRNO_ROW(ENOTCONN, "Transport endpoint is not connected"),
#endif
#ifdef ESHUTDOWN
    WEFT_ERRNO_ROW(ESHUTDOWN, "Cannot send after transport endpoint shutdown"),
#endif
#ifdef ETOOMANYREFS
    WEFT_ERRNO_ROW(ETOOMANYREFS, "Too many references: cannot splice"),
#endif
#ifdef ETIMEDOUT
    WEFT_ERRNO_ROW(ETIMEDOUT, "Connection timed out"),
#endif
#ifdef ECONNREFUSED
    WEFT_ERRNO_ROW(ECONNREFUSED, "Connection refused"),
#endif
#ifdef EHOSTDOWN
    WEFT_ERRNO_ROW(EHOSTDOWN, "Host is down"),
#endif
#ifdef EHOSTUNREACH
    WEFT_ERRNO_ROW(EHOSTUNREACH, "No route to host"),
#endif
#ifdef EALREADY
    WEFT_ERRNO_ROW(EALREADY, "Operation already in progress"),
#endif
#ifdef EINPROGRESS
    WEFT_ERRNO_ROW(EINPROGRESS, "Operation now in progress"),
#endif
#ifdef ESTALE
    WEFT_ERRNO_ROW(ESTALE, "Stale file handle"),
#endif
#ifdef EUCLEAN
    WEFT_ERRNO_ROW(EUCLEAN, "Structure needs cleaning"),
#endif
#ifdef ENOTNAM
    WEFT_ERRNO_ROW(ENOTNAM, "Not a XENIX named type file"),
#endif
#ifdef ENAVAIL
    WEFT_ERRNO_ROW(ENAVAIL, "No XENIX semaphores available"),
#endif
#ifdef EISNAM
    WEFT_ERRNO_ROW(EISNAM, "Is a named type file"),
#endif
#ifdef EREMOTEIO
    WEFT_ERRNO_ROW(EREMOTEIO, "Remote I/O error"),
#endif
#ifdef EDQUOT
    WEFT_ERRNO_ROW(EDQUOT, "Disk quota exceeded"),
#endif
#ifdef ENOMEDIUM
    WEFT_ERRNO_ROW(ENOMEDIUM, "No medium found"),
#endif
#ifdef EMEDIUMTYPE
    WEFT_ERRNO_ROW(EMEDIUMTYPE, "Wrong medium type"),
#endif
#ifdef ECANCELED
    WEFT_ERRNO_ROW(ECANCELED, "Operation canceled"),
#endif
#ifdef ENOKEY
    WEFT_ERRNO_ROW(ENOKEY, "Required key not available"),
#endif
#ifdef EKEYEXPIRED
    WEFT_ERRNO_ROW(EKEYEXPIRED, "Key has expired"),
#endif
#ifdef EKEYREVOKED
    WEFT_ERRNO_ROW(EKEYREVOKED, "Key has been revoked"),
#endif
#ifdef EKEYREJECTED
    WEFT_ERRNO_ROW(EKEYREJECTED, "Key was rejected by service"),
#endif
#ifdef EOWNERDEAD
    WEFT_ERRNO_ROW(EOWNERDEAD, "Owner died"),
#endif
#ifdef ENOTRECOVERABLE
    WEFT_ERRNO_ROW(ENOTRECOVERABLE, "State not recoverable"),
#endif
#ifdef ERFKILL
    WEFT_ERRNO_ROW(ERFKILL, "Operation not possible due to RF-kill"),
#endif
#ifdef EHWPOISON
    WEFT_ERRNO_ROW(EHWPOISON, "Memory page has hardware error"),
#endif
// Some architectures, mips among them, give EDEADLOCK a number of its own.
// NOTE: the text is the mips kernel header's comment for EDEADLOCK and has
// not been checked against glibc on such a target.
#if defined(EDEADLOCK) && defined(EDEADLK) && EDEADLOCK != EDEADLK
    WEFT_ERRNO_ROW(EDEADLOCK, "File locking deadlock error"),
#endif
// Names in the mips kernel headers only. NOTE: glibc is assumed to have no
// text for them, so its strerror would print "Unknown error N".
#ifdef EINIT
    WEFT_ERRNO_ROW(EINIT, "Unknown error"),
#endif
#ifdef EREMDEV
    WEFT_ERRNO_ROW(EREMDEV, "Unknown error"),
#endif
};

#undef WEFT_ERRNO_ROW

const ErrnoEntry* find_errno(int value) {
  for (const ErrnoEntry& entry : errno_table) {
    if (entry.value == value)
      return &entry;
  }
  return nullptr;
}

} // namespace

const char* Errno::name() const {
  const ErrnoEntry* entry = find_errno(value_);
  return entry ? entry->name : "E?";
}

const char* Errno::message() const {
  const ErrnoEntry* entry = find_errno(value_);
  return entry ? entry->message : "Unknown error";
}

} // namespace weft
