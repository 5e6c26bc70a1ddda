// SQLite 3 (Debian: libsqlite3-dev). Only Sources/SQLite imports this module.
#include <sqlite3.h>

// SQLITE_TRANSIENT is a function-pointer macro Swift cannot import; it tells SQLite to copy
// bound text and blobs before the call returns, which the wrapper relies on.
static inline sqlite3_destructor_type CSQLite_transient(void) { return SQLITE_TRANSIENT; }
