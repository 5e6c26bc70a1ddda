// libsoxr (Debian: libsoxr-dev). Only the Swift wrapper in Sources/Soxr imports this module.
#include <soxr.h>
