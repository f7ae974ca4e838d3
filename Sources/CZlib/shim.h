// Shim header for the CZlib system-library target: exposes the system zlib (zlib1g-dev on Debian and Ubuntu)
// to Swift. Only TCPCorpus imports it.
#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

#include <zlib.h>

#endif
